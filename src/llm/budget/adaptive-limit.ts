import { AbortedError } from "../../errors/index.ts";

/** Bounds and pace of an {@link AdaptiveLimit}. */
export interface AdaptiveLimitOptions {
  readonly initial: number;
  readonly min: number;
  readonly max: number;
  /** Successes in a row (at the current limit) before the limit grows by one. */
  readonly increaseAfter: number;
}

/**
 * A concurrency limit that adapts by AIMD: +1 after `increaseAfter` successes, halved on a 429 or
 * a timeout (at most once per batch of calls started at the old limit, so one burst of failures
 * halves it once).
 */
export class AdaptiveLimit {
  readonly #options: AdaptiveLimitOptions;
  #limit: number;
  #inFlight = 0;
  #successes = 0;
  // Bumped at each decrease: a failure of a call started before it does not halve the limit again.
  #epoch = 0;
  readonly #waiting: { resolve: () => void }[] = [];

  constructor(options: AdaptiveLimitOptions) {
    this.#options = options;
    this.#limit = Math.min(options.max, Math.max(options.min, options.initial));
  }

  get limit(): number {
    return this.#limit;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Waits for a slot; resolve with a release function. */
  async acquire(signal: AbortSignal): Promise<(outcome: "success" | "overload" | "other") => void> {
    while (this.#inFlight >= this.#limit) await this.#wait(signal);
    this.#inFlight++;
    return this.#releaser(this.#epoch);
  }

  /** Takes a slot when one is free, without waiting (the caller queues by itself); `undefined` when none is. */
  tryAcquire(): ((outcome: "success" | "overload" | "other") => void) | undefined {
    if (this.#inFlight >= this.#limit) return undefined;
    this.#inFlight++;
    return this.#releaser(this.#epoch);
  }

  #releaser(epoch: number): (outcome: "success" | "overload" | "other") => void {
    let released = false;
    return (outcome) => {
      if (released) return;
      released = true;
      this.#inFlight--;
      this.#record(outcome, epoch);
      this.#wakeUp();
    };
  }

  #record(outcome: "success" | "overload" | "other", epoch: number): void {
    if (outcome === "success") {
      this.#successes++;
      if (this.#successes >= this.#options.increaseAfter && this.#limit < this.#options.max) {
        this.#limit++;
        this.#successes = 0;
      }
    } else if (outcome === "overload" && epoch === this.#epoch) {
      this.#limit = Math.max(this.#options.min, Math.floor(this.#limit / 2));
      this.#successes = 0;
      this.#epoch++;
    }
  }

  #wakeUp(): void {
    for (let free = this.#limit - this.#inFlight; free > 0 && this.#waiting.length > 0; free--)
      this.#waiting.shift()!.resolve();
  }

  #wait(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(new AbortedError(undefined, { cause: signal.reason }));
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(new AbortedError(undefined, { cause: signal.reason }));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#waiting.push(waiter);
    });
  }
}
