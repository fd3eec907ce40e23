import { SlidingWindow } from "./sliding-window.ts";

/** One call's share of a limit. */
export interface Reservation {
  /** Gives back part of it. */
  refund(amount: number, now: number): void;
  /** The provider accepted it at `at` (later than reserved): it leaves the provider's window then. */
  acceptedAt(at: number): void;
}

/** One per-window limit of a model (requests or tokens), whichever way the provider counts it. */
export interface Allowance {
  readonly capacity: number;
  level(now: number): number;
  waitMs(amount: number, now: number): number;
  /** Counts `amount` now. */
  take(amount: number, now: number): Reservation;
  /** Believes the provider's headers of a request reserved at `sentAt`. */
  correct(snapshot: { limit?: number | undefined; remaining?: number | undefined }, now: number, sentAt: number): void;
  /** The provider refused a request: nothing more for `retryAfterMs` (or as the model decides). */
  drain(now: number, retryAfterMs: number | undefined): void;
}

/** A limit counted over a sliding window ({@link SlidingWindow}). */
export function windowAllowance(capacity: number, windowMs: number | undefined): Allowance {
  const window = new SlidingWindow(capacity, windowMs === undefined ? {} : { windowMs });
  return {
    get capacity() {
      return window.capacity;
    },
    level: (at) => window.level(at),
    waitMs: (amount, at) => window.waitMs(amount, at),
    take: (amount, at) => {
      const entry = window.take(amount, at);
      return {
        refund: (refund) => window.refund(entry, refund),
        acceptedAt: (accepted) => window.move(entry, accepted),
      };
    },
    correct: (snapshot, at, sentAt) => window.correct(snapshot, at, sentAt),
    drain: (at, retryAfterMs) => window.drain(at, retryAfterMs),
  };
}
