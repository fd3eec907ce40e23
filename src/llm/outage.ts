import { backoffDelayMs } from "./backoff.ts";
import type { BackoffPolicy } from "./backoff.ts";
import { CircuitOpenError } from "./breaker/circuit-open-error.ts";
import { hasLlmErrorCode } from "./llm-error.ts";
import type { LlmError } from "./llm-error.ts";

/** A call waiting out a provider outage, as reported to `onWaiting`. */
export interface OutageWait {
  readonly reason: "provider_unavailable";
  readonly step: string;
  /** The model asked for. */
  readonly model: string;
  /** What signalled the outage: `LLM_CIRCUIT_OPEN` or `LLM_PROVIDER_UNAVAILABLE`. */
  readonly code: string;
  /** How long this wait lasts. */
  readonly waitMs: number;
  /** How long this call has waited for the provider so far, this wait excluded. */
  readonly waitedMs: number;
}

/** Time per output token and a base, to size a call's time limit to the answer asked for. */
export interface TimeoutScale {
  readonly baseMs: number;
  /** The slowest output speed still considered healthy. */
  readonly tokensPerSecond: number;
  /** Upper bound of the time limit (e.g. the provider client's own timeout). */
  readonly maxMs?: number;
}

/** `baseMs + maxOutputTokens / tokensPerSecond`, in milliseconds, at most `maxMs`. */
export function scaledTimeoutMs(scale: TimeoutScale, maxOutputTokens: number): number {
  const timeoutMs = Math.ceil(scale.baseMs + (maxOutputTokens / scale.tokensPerSecond) * 1_000);
  return scale.maxMs === undefined ? timeoutMs : Math.min(scale.maxMs, timeoutMs);
}

/** True for errors meaning "the provider is out", not "this request failed": waited out, not counted as attempts. */
export function isOutage(error: LlmError): boolean {
  return CircuitOpenError.isInstance(error) || hasLlmErrorCode(error, "LLM_PROVIDER_UNAVAILABLE");
}

/**
 * How long to wait before trying again during an outage: until the circuit half-opens (plus up to
 * 250 ms of jitter so waiting calls do not arrive together), or exponential backoff with jitter
 * honouring `retry-after` for an unreachable provider; never more than `remainingMs`.
 */
export function outageDelayMs(
  error: LlmError,
  tries: number,
  options: { policy: BackoffPolicy; random: () => number; remainingMs: number },
): number {
  const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs;
  const delay = CircuitOpenError.isInstance(error)
    ? Math.max(50, error.retryAfterMs) + Math.floor(options.random() * 250)
    : backoffDelayMs(tries, {
        policy: options.policy,
        random: options.random,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
  return Math.max(1, Math.min(delay, options.remainingMs));
}
