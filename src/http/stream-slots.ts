import { CourseforgeError } from "../errors/index.ts";

/** How long a client refused a stream is told to wait (`Retry-After`): streams last minutes, not ms. */
export const streamRetryAfterMs = 10_000;

/** A user already has as many event streams open as allowed (429, `Retry-After`). */
export class TooManyStreamsError extends CourseforgeError {
  constructor(limit: number) {
    super(
      "TOO_MANY_STREAMS",
      `You already have ${limit} event streams open, the most allowed at once; close one (or wait for a job to end) and retry.`,
      {
        retryable: true,
        details: { limit, retryAfterMs: streamRetryAfterMs },
        suggestion: "Follow several jobs with fewer streams, or raise COURSEFORGE_MAX_STREAMS_PER_USER.",
      },
    );
  }
}

/** The open event streams of each user in this process. */
export interface StreamSlots {
  /** Takes one of `userId`'s slots, or throws {@link TooManyStreamsError}; the answer gives it back (once). */
  take(userId: string): () => void;
  /** Streams `userId` has open. */
  open(userId: string): number;
}

/** Slots for at most `maxPerUser` open streams per user (counted in this process only). */
export function createStreamSlots(maxPerUser: number): StreamSlots {
  const counts = new Map<string, number>();
  return {
    take(userId) {
      const count = counts.get(userId) ?? 0;
      if (count >= maxPerUser) throw new TooManyStreamsError(maxPerUser);
      counts.set(userId, count + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const remaining = (counts.get(userId) ?? 1) - 1;
        if (remaining <= 0) counts.delete(userId);
        else counts.set(userId, remaining);
      };
    },
    open: (userId) => counts.get(userId) ?? 0,
  };
}
