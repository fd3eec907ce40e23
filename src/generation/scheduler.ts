import { AbortedError } from "../errors/index.ts";

interface Waiter {
  readonly priority: number;
  readonly sequence: number;
  readonly start: () => void;
}

/**
 * Runs at most `concurrency` tasks at once; waiting tasks start highest `priority` first, then in
 * arrival order. The pipeline gives steps with the longest remaining chain the highest priority
 * (critical path first), which keeps the makespan near its bound when concurrency is scarce.
 */
export class PriorityLimiter {
  readonly #concurrency: number;
  #running = 0;
  #sequence = 0;
  #waiting: Waiter[] = [];

  constructor(concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError(`concurrency must be a whole number >= 1, got ${concurrency}`);
    this.#concurrency = concurrency;
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs `task` when a slot is free; a task still waiting when `signal` fires is dropped with {@link AbortedError}. */
  async run<T>(task: () => Promise<T>, options: { priority?: number; signal?: AbortSignal } = {}): Promise<T> {
    await this.#acquire(options.priority ?? 0, options.signal);
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  #acquire(priority: number, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortedError(undefined, { cause: signal.reason }));
    if (this.#running < this.#concurrency) {
      this.#running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        priority,
        sequence: this.#sequence++,
        start: () => {
          signal?.removeEventListener("abort", onAbort);
          this.#running += 1;
          resolve();
        },
      };
      const onAbort = () => {
        this.#waiting = this.#waiting.filter((candidate) => candidate !== waiter);
        reject(new AbortedError(undefined, { cause: signal?.reason }));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#insert(waiter);
    });
  }

  #insert(waiter: Waiter): void {
    let index = this.#waiting.length;
    while (index > 0) {
      const before = this.#waiting[index - 1]!;
      if (before.priority >= waiter.priority) break;
      index -= 1;
    }
    this.#waiting.splice(index, 0, waiter);
  }

  #release(): void {
    this.#running -= 1;
    const next = this.#waiting.shift();
    next?.start();
  }
}
