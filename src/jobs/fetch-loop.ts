/** One message taken from the queue. */
export interface FetchedMessage {
  readonly id: string;
  readonly jobId: string;
}

/** What a {@link startFetchLoop} needs from the queue. */
export interface FetchLoopOptions {
  /** Takes up to `limit` waiting messages (highest priority first); an empty list when none wait. */
  readonly fetch: (limit: number) => Promise<readonly FetchedMessage[]>;
  /** The handler resolved: the message is done. */
  readonly complete: (message: FetchedMessage) => Promise<void>;
  /** The handler threw: the message is delivered again later. */
  readonly fail: (message: FetchedMessage, error: Error) => Promise<void>;
  readonly handler: (jobId: string) => Promise<void>;
  /** Messages handled at once. */
  readonly concurrency: number;
  /** How long an idle loop waits before it looks again (unless woken). */
  readonly pollingMs: number;
  /** Fetch, completion and failure errors: the loop goes on. */
  readonly onError: (error: Error) => void;
  /** Stops taking messages; handlers running go on. */
  readonly signal: AbortSignal;
  readonly sleep?: (ms: number, wake: AbortSignal) => Promise<void>;
}

/** A running fetch loop. */
export interface FetchLoop {
  /** Looks for messages now instead of at the next poll (a message was just sent from this process). */
  wake(): void;
  /** Resolves once no handler runs (after the signal fired, once every handler has settled). */
  settled(): Promise<void>;
}

/**
 * One loop per process that takes as many messages as it has free slots in one query and hands
 * each to the handler. Where one poller per slot (128 of them) would each query every poll, this
 * queries once per poll, at once when a slot frees or when {@link FetchLoop.wake} says a message
 * was just sent, so a job submitted to an idle worker starts without waiting for the poll.
 */
export function startFetchLoop(options: FetchLoopOptions): FetchLoop {
  const { signal } = options;
  const running = new Set<Promise<void>>();
  let wakeUp = new AbortController();
  let looking = false;
  let lookAgain = false;
  const sleep = options.sleep ?? sleepUnlessWoken;

  const run = (message: FetchedMessage): void => {
    const done = options
      .handler(message.jobId)
      .then(
        () => options.complete(message),
        (error: unknown) => options.fail(message, asError(error)),
      )
      .catch((error: unknown) => options.onError(asError(error)))
      .finally(() => {
        running.delete(done);
        wake();
      });
    running.add(done);
  };

  const loop = async (): Promise<void> => {
    while (!signal.aborted) {
      lookAgain = false;
      const free = options.concurrency - running.size;
      let full = false;
      if (free > 0) {
        looking = true;
        try {
          const messages = await options.fetch(free);
          full = messages.length === free;
          // Fetched while stopping: handled all the same (taken means it must be completed or failed).
          for (const message of messages) run(message);
        } catch (error) {
          options.onError(asError(error));
        } finally {
          looking = false;
        }
      }
      if (signal.aborted) return;
      if ((full && running.size < options.concurrency) || lookAgain) continue;
      await sleep(options.pollingMs, wakeUp.signal);
      if (wakeUp.signal.aborted) wakeUp = new AbortController();
    }
  };

  const wake = (): void => {
    if (looking) lookAgain = true;
    else wakeUp.abort();
  };
  signal.addEventListener("abort", () => wakeUp.abort(), { once: true });
  void loop();

  return {
    wake,
    async settled() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}

function sleepUnlessWoken(ms: number, wake: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (wake.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      wake.removeEventListener("abort", done);
      resolve();
    }
    wake.addEventListener("abort", done, { once: true });
  });
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
