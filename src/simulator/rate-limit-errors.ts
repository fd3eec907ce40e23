/** The 429 answers: from the RPM/TPM limiter, or injected by the `rate_limit` fault. */
import { HttpError } from "./http.ts";
import type { RateLimitDecision } from "./rate-limits.ts";
import type { SimulatorState } from "./state.ts";
import { rateWindowMs } from "./state.ts";

/**
 * A 429 in OpenAI's shape with `retry-after-ms` and `retry-after` (whole seconds, rounded up).
 * Without a limiter decision (an injected fault) the wait is one scaled second.
 */
export function rateLimitedError(
  state: SimulatorState,
  model: string,
  decision: Extract<RateLimitDecision, { allowed: false }> | undefined,
  headers: Readonly<Record<string, string>>,
): HttpError {
  const retryAfterMs = decision ? decision.retryAfterMs : Math.max(1, Math.round(rateWindowMs(state.timeScale) / 60));
  const retryHeaders: Record<string, string> =
    retryAfterMs === undefined
      ? {}
      : { "retry-after-ms": String(retryAfterMs), "retry-after": String(Math.ceil(retryAfterMs / 1000)) };
  const message =
    decision?.message ??
    `Rate limit reached for ${model} in organization org-simulator on requests per min (RPM). Please try again in ${retryAfterMs}ms.`;
  return new HttpError(429, message, {
    type: decision?.limitType ?? "requests",
    code: "rate_limit_exceeded",
    headers: { ...headers, ...retryHeaders },
  });
}
