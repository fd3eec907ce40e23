import { AbortedError } from "../../../errors/index.ts";

/** Runs tasks one at a time, in arrival order; a task whose signal fires while it waits never runs. */
export interface Mutex {
  run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T>;
}

/** Creates a {@link Mutex}. */
export function createMutex(): Mutex {
  let tail: Promise<void> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
      const previous = tail;
      let release!: () => void;
      tail = new Promise<void>((resolve) => (release = resolve));
      return new Promise<T>((resolve, reject) => {
        const onAbort = (): void => reject(new AbortedError(undefined, { cause: signal.reason }));
        signal.addEventListener("abort", onAbort, { once: true });
        void previous.then(async () => {
          signal.removeEventListener("abort", onAbort);
          if (signal.aborted) {
            release();
            onAbort();
            return;
          }
          try {
            resolve(await task());
          } catch (error) {
            reject(error);
          } finally {
            release();
          }
        });
      });
    },
  };
}
