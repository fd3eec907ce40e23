import { describe, expect, it } from "vitest";
import { parseDurationMs, readRateLimitHeaders, readRetryAfterMs } from "./headers.ts";

describe("parseDurationMs", () => {
  it("parses OpenAI reset durations", () => {
    expect(parseDurationMs("1s")).toBe(1000);
    expect(parseDurationMs("6m0s")).toBe(360_000);
    expect(parseDurationMs("120ms")).toBe(120);
    expect(parseDurationMs("1h2m3.5s")).toBe(3_723_500);
    expect(parseDurationMs("20.417s")).toBeCloseTo(20_417, 6);
    expect(parseDurationMs("2")).toBe(2000);
  });

  it("refuses what is not a duration", () => {
    expect(parseDurationMs("soon")).toBeUndefined();
    expect(parseDurationMs("5x")).toBeUndefined();
    expect(parseDurationMs(null)).toBeUndefined();
  });
});

describe("readRateLimitHeaders", () => {
  it("reads the six x-ratelimit headers", () => {
    const headers = new Headers({
      "x-ratelimit-limit-requests": "5000",
      "x-ratelimit-remaining-requests": "4999",
      "x-ratelimit-reset-requests": "12ms",
      "x-ratelimit-limit-tokens": "4000000",
      "x-ratelimit-remaining-tokens": "3999380",
      "x-ratelimit-reset-tokens": "6m0s",
    });
    expect(readRateLimitHeaders(headers)).toEqual({
      limitRequests: 5000,
      remainingRequests: 4999,
      resetRequestsMs: 12,
      limitTokens: 4_000_000,
      remainingTokens: 3_999_380,
      resetTokensMs: 360_000,
    });
  });

  it("is undefined without them and partial with some", () => {
    expect(readRateLimitHeaders(new Headers())).toBeUndefined();
    expect(readRateLimitHeaders(new Headers({ "x-ratelimit-remaining-tokens": "10" }))).toEqual({
      remainingTokens: 10,
    });
  });
});

describe("readRetryAfterMs", () => {
  const now = Date.parse("2025-03-01T12:00:00Z");
  it("prefers retry-after-ms, then retry-after seconds, then an HTTP date", () => {
    expect(readRetryAfterMs(new Headers({ "retry-after-ms": "250", "retry-after": "9" }), now)).toBe(250);
    expect(readRetryAfterMs(new Headers({ "retry-after": "3" }), now)).toBe(3000);
    expect(readRetryAfterMs(new Headers({ "retry-after": "Sat, 01 Mar 2025 12:00:07 GMT" }), now)).toBe(7000);
    expect(readRetryAfterMs(new Headers({ "retry-after": "whenever" }), now)).toBeUndefined();
    expect(readRetryAfterMs(undefined, now)).toBeUndefined();
  });
});
