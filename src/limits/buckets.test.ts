import { describe, expect, it } from "vitest";
import { retryAfterMs, stateOf, type Bucket } from "./buckets.ts";
import { rateLimitHeaders } from "./errors.ts";

const hour: Bucket = { name: "courses-hour", key: "user:u:hour", rate: 5, burst: 2, windowMs: 3_600_000 };
const now = 1_000_000_000;

describe("GCRA bucket state", () => {
  it("is full when never used: rate + burst remaining, nothing to reset", () => {
    expect(stateOf(hour, undefined, now)).toMatchObject({ remaining: 7, used: 0, resetMs: 0 });
    expect(stateOf(hour, now - 5_000, now)).toMatchObject({ remaining: 7, used: 0, resetMs: 0 });
  });

  it("counts units whose interval (window / rate = 720 s) has not passed", () => {
    expect(stateOf(hour, now + 2 * 720_000, now)).toMatchObject({ remaining: 5, used: 2, resetMs: 1_440_000 });
    expect(stateOf(hour, now + 7 * 720_000, now)).toMatchObject({ remaining: 0, used: 7 });
    // Half an interval later, the unit is not back yet.
    expect(stateOf(hour, now + 7 * 720_000, now + 360_000)).toMatchObject({ remaining: 0, used: 7 });
    expect(stateOf(hour, now + 7 * 720_000, now + 720_000)).toMatchObject({ remaining: 1, used: 6 });
  });

  it("says when the next unit comes back", () => {
    expect(retryAfterMs(hour, now + 7 * 720_000, now)).toBe(720_000);
    expect(retryAfterMs(hour, now + 7 * 720_000, now + 700_000)).toBe(20_000);
    expect(retryAfterMs({ ...hour, rate: 0 }, undefined, now)).toBe(3_600_000);
  });

  it("treats a rate of 0 as always empty", () => {
    expect(stateOf({ ...hour, rate: 0 }, undefined, now)).toMatchObject({ remaining: 0 });
  });
});

describe("rateLimitHeaders", () => {
  it("writes the structured-field form of draft-ietf-httpapi-ratelimit-headers", () => {
    const reports = [
      { name: "courses-hour", quota: 20, windowSeconds: 3600, remaining: 0, resetSeconds: 180 },
      { name: "courses-day", quota: 100, windowSeconds: 86_400, remaining: 40, resetSeconds: 9 },
    ];
    expect(rateLimitHeaders(reports)).toEqual({
      "RateLimit-Policy": '"courses-hour";q=20;w=3600, "courses-day";q=100;w=86400',
      RateLimit: '"courses-hour";r=0;t=180, "courses-day";r=40;t=9',
    });
    expect(rateLimitHeaders([])).toEqual({});
  });
});
