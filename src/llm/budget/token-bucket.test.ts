import { describe, expect, it } from "vitest";
import { TokenBucket } from "./token-bucket.ts";

describe("TokenBucket", () => {
  it("refills continuously over the window and says how long to wait", () => {
    const bucket = new TokenBucket(600, 0, 60_000);
    bucket.take(600, 0);
    expect(bucket.waitMs(100, 0)).toBe(10_000);
    expect(bucket.level(30_000)).toBe(300);
    expect(bucket.waitMs(100, 30_000)).toBe(0);
    // Never more than the capacity, and an oversized request waits for a full bucket only.
    expect(bucket.level(600_000)).toBe(600);
    expect(bucket.waitMs(5_000, 600_000)).toBe(0);
  });

  it("refunds unused reservations up to the capacity and believes the provider's lower remaining", () => {
    const bucket = new TokenBucket(1_000, 0);
    bucket.take(800, 0);
    bucket.refund(300, 0);
    expect(bucket.level(0)).toBe(500);
    bucket.correct({ remaining: 200 }, 0);
    expect(bucket.level(0)).toBe(200);
    bucket.correct({ remaining: 900 }, 0);
    expect(bucket.level(0)).toBe(200);
    bucket.correct({ limit: 2_000 }, 0);
    expect(bucket.capacity).toBe(2_000);
    expect(bucket.level(0)).toBe(1_200);
    bucket.drain(0);
    expect(bucket.level(0)).toBe(0);
  });
});
