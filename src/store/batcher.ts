/**
 * Makes a function whose calls made together (in the same run of promise jobs, e.g. every lesson
 * of a course starting once its outline is stored, or every job a worker fetched) are handed to
 * `write` as one list, so they cost one statement. One write at a time, in call order: on a pool
 * of connections a later batch could otherwise commit first. `write` answers one result per input,
 * in order; a failed write rejects every call of its batch.
 */
export function createBatcher<Input, Output>(
  write: (inputs: readonly Input[]) => Promise<readonly Output[]>,
): (input: Input) => Promise<Output> {
  let batch: { input: Input; resolve: (output: Output) => void; reject: (error: unknown) => void }[] | undefined;
  let previous: Promise<void> = Promise.resolve();
  const flush = async () => {
    const taken = batch ?? [];
    batch = undefined;
    try {
      const outputs = await write(taken.map((entry) => entry.input));
      if (outputs.length !== taken.length)
        throw new Error(`A batched write answered ${outputs.length} results for ${taken.length} inputs.`);
      taken.forEach((entry, index) => entry.resolve(outputs[index]!));
    } catch (error) {
      for (const entry of taken) entry.reject(error);
    }
  };
  return (input) =>
    new Promise<Output>((resolve, reject) => {
      if (batch === undefined) {
        batch = [];
        // Queued behind the promise jobs already waiting, so calls made together share the write
        // without waiting for a later turn of the event loop.
        previous = previous.then(flush);
      }
      batch.push({ input, resolve, reject });
    });
}
