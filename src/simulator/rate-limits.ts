/**
 * Per-model RPM/TPM limits over a sliding window, with OpenAI's `x-ratelimit-*` headers and the
 * wait a rejected client needs before the window has room (`retry-after-ms`).
 */
import type { ModelProfile } from "./models.ts";

/** What the limiter decided for one request. */
export type RateLimitDecision =
  | { readonly allowed: true; readonly headers: Record<string, string> }
  | {
      readonly allowed: false;
      readonly headers: Record<string, string>;
      readonly limitType: "requests" | "tokens";
      /** Wait until the window has room; `undefined` when it never will (request larger than TPM). */
      readonly retryAfterMs: number | undefined;
      readonly message: string;
    };

interface Entry {
  readonly at: number;
  readonly tokens: number;
}

class ModelWindow {
  entries: Entry[] = [];
  head = 0;
  tokens = 0;

  prune(cutoff: number): void {
    while (this.head < this.entries.length && (this.entries[this.head] as Entry).at <= cutoff) {
      this.tokens -= (this.entries[this.head] as Entry).tokens;
      this.head++;
    }
    // Compact now and then rather than shifting on every expiry.
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  get count(): number {
    return this.entries.length - this.head;
  }

  entry(offset: number): Entry {
    return this.entries[this.head + offset] as Entry;
  }
}

/** Formats a duration the way OpenAI's reset headers do: `120ms`, `1s`, `1.5s`, `6m0s`. */
export function formatResetDuration(milliseconds: number): string {
  const rounded = Math.max(0, Math.ceil(milliseconds));
  if (rounded < 1000) return `${rounded}ms`;
  const minutes = Math.floor(rounded / 60_000);
  const seconds = Number(((rounded % 60_000) / 1000).toFixed(3));
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}

/** Sliding-window request and token counters for every model. */
export class RateLimiter {
  readonly windowMs: number;
  private readonly windows = new Map<string, ModelWindow>();

  /** @param windowMs length of the window (60 000 ms for real per-minute limits) */
  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  /**
   * Admits (and counts) a request charging `tokens` against `model`'s limits, or says why not
   * and for how long. `now` is a millisecond clock reading.
   */
  check(model: string, profile: ModelProfile, tokens: number, now: number): RateLimitDecision {
    const window = this.windowFor(model, now);
    const requestsOver = window.count + 1 > profile.rpm;
    const tokensOver = window.tokens + tokens > profile.tpm;
    if (!requestsOver && !tokensOver) {
      window.entries.push({ at: now, tokens });
      window.tokens += tokens;
      return { allowed: true, headers: this.headers(window, profile, now) };
    }
    const headers = this.headers(window, profile, now);
    if (tokens > profile.tpm) {
      const message = `Request too large for ${model} on tokens per min (TPM): Limit ${profile.tpm}, Requested ${tokens}. The input or output tokens must be reduced in order to run successfully.`;
      return { allowed: false, headers, limitType: "tokens", retryAfterMs: undefined, message };
    }
    const requestWait = requestsOver ? this.expiryOf(window, window.count + 1 - profile.rpm, now) : 0;
    const tokenWait = tokensOver ? this.waitForTokens(window, window.tokens + tokens - profile.tpm, now) : 0;
    const retryAfterMs = Math.max(1, Math.ceil(Math.max(requestWait, tokenWait)));
    const limitType = requestsOver ? "requests" : "tokens";
    const [unit, limit, used, requested] =
      limitType === "requests"
        ? ["requests per min (RPM)", profile.rpm, window.count, 1]
        : ["tokens per min (TPM)", profile.tpm, window.tokens, tokens];
    const message = `Rate limit reached for ${model} in organization org-simulator on ${unit}: Limit ${limit}, Used ${used}, Requested ${requested}. Please try again in ${formatResetDuration(retryAfterMs)}.`;
    return { allowed: false, headers, limitType, retryAfterMs, message };
  }

  /** The `x-ratelimit-*` headers for `model` without counting a request. */
  peek(model: string, profile: ModelProfile, now: number): Record<string, string> {
    return this.headers(this.windowFor(model, now), profile, now);
  }

  /** Forgets every counted request. */
  reset(): void {
    this.windows.clear();
  }

  private windowFor(model: string, now: number): ModelWindow {
    let window = this.windows.get(model);
    if (!window) {
      window = new ModelWindow();
      this.windows.set(model, window);
    }
    window.prune(now - this.windowMs);
    return window;
  }

  // Time until the `count` oldest entries have left the window.
  private expiryOf(window: ModelWindow, count: number, now: number): number {
    return window.entry(Math.min(count, window.count) - 1).at + this.windowMs - now;
  }

  private waitForTokens(window: ModelWindow, needed: number, now: number): number {
    let freed = 0;
    for (let offset = 0; offset < window.count; offset++) {
      freed += window.entry(offset).tokens;
      if (freed >= needed) return window.entry(offset).at + this.windowMs - now;
    }
    return this.windowMs;
  }

  // Resets report when the oldest counted request leaves the window, i.e. when room next grows.
  private headers(window: ModelWindow, profile: ModelProfile, now: number): Record<string, string> {
    const nextExpiry = window.count > 0 ? window.entry(0).at + this.windowMs - now : 0;
    return {
      "x-ratelimit-limit-requests": String(profile.rpm),
      "x-ratelimit-remaining-requests": String(Math.max(0, profile.rpm - window.count)),
      "x-ratelimit-reset-requests": formatResetDuration(nextExpiry),
      "x-ratelimit-limit-tokens": String(profile.tpm),
      "x-ratelimit-remaining-tokens": String(Math.max(0, profile.tpm - window.tokens)),
      "x-ratelimit-reset-tokens": formatResetDuration(nextExpiry),
    };
  }
}
