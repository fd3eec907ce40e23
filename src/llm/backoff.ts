import { AbortedError } from "../errors/index.ts";

/** Exponential backoff with full jitter: base and cap of the waiting time in milliseconds. */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
}

/** 500 ms doubling per attempt up to 20 s, as random "full jitter" spreads retries of many callers. */
export const defaultBackoff: BackoffPolicy = { baseMs: 500, capMs: 20_000 };

/**
 * How long to wait before retrying after failed attempt number `attempt` (1-based): a uniform
 * random time up to `min(cap, base × 2^(attempt−1))`, but never less than the provider's `retryAfterMs`.
 */
export function backoffDelayMs(
  attempt: number,
  options: { policy?: BackoffPolicy; retryAfterMs?: number; random?: () => number } = {},
): number {
  const policy = options.policy ?? defaultBackoff;
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor((options.random ?? Math.random)() * ceiling);
  return Math.max(jittered, Math.ceil(options.retryAfterMs ?? 0));
}

/** Waits `ms`, rejecting with {@link AbortedError} at once when `signal` fires. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new AbortedError(undefined, { cause: signal.reason }));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortedError(undefined, { cause: signal.reason }));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
