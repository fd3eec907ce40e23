import type { RateLimitSnapshot } from "../../types.ts";

const unitMs: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000_001 };

/**
 * Parses an OpenAI reset duration (`"1s"`, `"6m0s"`, `"120ms"`, `"1h2m3.5s"`; a bare number is
 * seconds) to milliseconds; `undefined` when it is not one.
 */
export function parseDurationMs(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined;
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/^(\d+(\.\d+)?(h|ms|m|s|us|µs|ns))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) {
    total += Number(match[1]) * (unitMs[match[2] ?? ""] ?? 0);
  }
  return total;
}

function parseCount(text: string | null): number | undefined {
  if (text === null || text.trim() === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Reads the `x-ratelimit-*` headers; `undefined` when the provider sent none. */
export function readRateLimitHeaders(headers: Headers): RateLimitSnapshot | undefined {
  const snapshot: Record<string, number | undefined> = {
    limitRequests: parseCount(headers.get("x-ratelimit-limit-requests")),
    remainingRequests: parseCount(headers.get("x-ratelimit-remaining-requests")),
    resetRequestsMs: parseDurationMs(headers.get("x-ratelimit-reset-requests")),
    limitTokens: parseCount(headers.get("x-ratelimit-limit-tokens")),
    remainingTokens: parseCount(headers.get("x-ratelimit-remaining-tokens")),
    resetTokensMs: parseDurationMs(headers.get("x-ratelimit-reset-tokens")),
  };
  const present = Object.entries(snapshot).filter(([, value]) => value !== undefined);
  return present.length === 0 ? undefined : (Object.fromEntries(present) as RateLimitSnapshot);
}

/**
 * How long a 429 asks to wait: `retry-after-ms` (OpenAI), else `retry-after` in seconds or as an
 * HTTP date (relative to `nowMs`); `undefined` when neither is usable.
 */
export function readRetryAfterMs(headers: Headers | undefined, nowMs: number): number | undefined {
  if (headers === undefined) return undefined;
  const milliseconds = parseCount(headers.get("retry-after-ms"));
  if (milliseconds !== undefined && milliseconds >= 0) return milliseconds;
  const retryAfter = headers.get("retry-after");
  if (retryAfter === null) return undefined;
  const seconds = parseCount(retryAfter);
  if (seconds !== undefined) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
