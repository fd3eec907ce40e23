import { describe, expect, it } from "vitest";
import { defaultModelProfile } from "./models.ts";
import { formatResetDuration, RateLimiter } from "./rate-limits.ts";

const profile = { ...defaultModelProfile, rpm: 3, tpm: 1_000 };

describe("RateLimiter", () => {
  it("admits rpm requests per window, then rejects with the wait until the oldest leaves the window", () => {
    const limiter = new RateLimiter(60_000);
    expect(limiter.check("m", profile, 10, 0).allowed).toBe(true);
    expect(limiter.check("m", profile, 10, 1_000).allowed).toBe(true);
    const third = limiter.check("m", profile, 10, 2_000);
    expect(third.headers["x-ratelimit-remaining-requests"]).toBe("0");
    const fourth = limiter.check("m", profile, 10, 30_000);
    expect(fourth.allowed).toBe(false);
    if (fourth.allowed) return;
    expect(fourth.limitType).toBe("requests");
    expect(fourth.retryAfterMs).toBe(30_000);
    expect(limiter.check("m", profile, 10, 60_001).allowed).toBe(true);
  });

  it("charges tokens and waits until enough of them have left the window", () => {
    const limiter = new RateLimiter(60_000);
    expect(limiter.check("m", profile, 400, 0).allowed).toBe(true);
    expect(limiter.check("m", profile, 400, 10_000).allowed).toBe(true);
    const over = limiter.check("m", profile, 300, 20_000);
    expect(over.allowed).toBe(false);
    if (over.allowed) return;
    expect(over.limitType).toBe("tokens");
    // 800 + 300 > 1000: the first 400 must leave the window, at 60 000.
    expect(over.retryAfterMs).toBe(40_000);
    expect(over.headers["x-ratelimit-remaining-tokens"]).toBe("200");
  });

  it("rejects a request larger than the whole TPM without a retry time", () => {
    const decision = new RateLimiter(60_000).check("m", profile, 5_000, 0);
    expect(decision.allowed).toBe(false);
    if (decision.allowed) return;
    expect(decision.retryAfterMs).toBeUndefined();
    expect(decision.message).toMatch(/Request too large/);
  });

  it("keeps models apart", () => {
    const limiter = new RateLimiter(60_000);
    for (let index = 0; index < 3; index++) limiter.check("a", profile, 1, index);
    expect(limiter.check("a", profile, 1, 10).allowed).toBe(false);
    expect(limiter.check("b", profile, 1, 10).allowed).toBe(true);
  });

  it("formats reset durations like OpenAI", () => {
    expect(formatResetDuration(120)).toBe("120ms");
    expect(formatResetDuration(1_000)).toBe("1s");
    expect(formatResetDuration(1_500)).toBe("1.5s");
    expect(formatResetDuration(360_000)).toBe("6m0s");
    expect(formatResetDuration(-5)).toBe("0ms");
  });
});
