import { describe, expect, it } from "vitest";
import {
  earlierPeerCourseTimes,
  fluidBoundMs,
  jainIndex,
  missedLoadTargets,
  percentile,
  summarizeRun,
  type StrategyRun,
} from "./load-report.ts";

const run: StrategyRun = {
  makespanMs: 33_000,
  courseMs: [30_000, 31_000, 32_000, 33_000],
  criticalPathMs: 3_000,
  requests: 200,
  rateLimited: 2,
  tokens: 850_000,
  chargedTokens: 1_000_000,
  failed: 0,
};
const limit = { tokensPerWindow: 100_000, windowMs: 3_000 };

describe("load bench figures", () => {
  it("bounds by the token limit when it binds, else by the critical path", () => {
    expect(fluidBoundMs({ criticalPathMs: 3_000, chargedTokens: 1_000_000, ...limit })).toBe(30_000);
    expect(fluidBoundMs({ criticalPathMs: 3_000, chargedTokens: 50_000, ...limit })).toBe(3_000);
    expect(() => fluidBoundMs({ criticalPathMs: 1, chargedTokens: 1, tokensPerWindow: 0, windowMs: 1 })).toThrow(
      RangeError,
    );
  });

  it("computes Jain's index: 1 for equal values, 1/n when one value holds everything", () => {
    expect(jainIndex([5, 5, 5, 5])).toBe(1);
    expect(jainIndex([1, 0, 0, 0])).toBe(0.25);
    expect(jainIndex([1, 2, 3])).toBeCloseTo(36 / 42, 10);
    expect(() => jainIndex([])).toThrow(RangeError);
    expect(() => jainIndex([1, -1])).toThrow(RangeError);
  });

  it("interpolates percentiles between ranks", () => {
    expect(percentile([10, 20, 30, 40, 50], 50)).toBe(30);
    expect(percentile([10, 20], 50)).toBe(15);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21], 95)).toBe(20);
    expect(() => percentile([], 50)).toThrow(RangeError);
  });

  it("summarizes a run: ratio to the bound, 429 share, fairness and course-time percentiles", () => {
    const summary = summarizeRun(run, limit);
    expect(summary).toMatchObject({
      ratio: 1.1,
      bound_ms: 30_000,
      rate_limited_share: 0.01,
      p50_course_ms: 31_500,
      calls: 200,
      charged_tokens: 1_000_000,
    });
    expect(summary.charged_to_used).toBeCloseTo(1_000_000 / run.tokens, 3);
    expect(summary.truncated_share).toBeNull();
    const truncated = summarizeRun({ ...run, steps: 200, truncatedSteps: 3 }, limit);
    expect(truncated.truncated_share).toBe(0.015);
    expect(missedLoadTargets(truncated, {})).toEqual(["target missed: truncated_share 0.015 > 0.01"]);
    expect(missedLoadTargets(summarizeRun({ ...run, tokens: 500_000 }, limit), {})).toEqual([
      "target missed: charged_to_used 2 > 1.25",
    ]);
    expect(summary.fairness).toBeGreaterThan(0.99);
    expect(summary.p95_course_ms).toBeCloseTo(32_850, 5);
  });

  it("names the targets missed and the peers that beat Courseforge", () => {
    const ours = summarizeRun(run, limit);
    expect(
      missedLoadTargets(ours, {
        sequential: summarizeRun({ ...run, makespanMs: 50_000, courseMs: [50_000, 50_000, 50_000, 50_000] }, limit),
      }),
    ).toEqual([]);
    const slow = summarizeRun(
      { ...run, makespanMs: 40_000, rateLimited: 10, courseMs: [5_000, 40_000, 40_000, 40_000] },
      limit,
    );
    expect(missedLoadTargets(slow, { promise_all: ours })).toEqual([
      "target missed: ratio 1.333 > 1.15",
      "target missed: rate_limited_share 0.05 > 0.01",
      "target missed: fairness 0.8096 < 0.9",
      "target missed: promise_all beats Courseforge on ratio, rate_limited_share, fairness",
    ]);
  });

  it("notes the peers whose courses ended earlier at p50 or p95, without calling it a missed target", () => {
    const ours = summarizeRun(run, limit);
    // Half the users done earlier, the last ones later: the median is earlier, p95 is not.
    const uneven = summarizeRun({ ...run, makespanMs: 34_000, courseMs: [20_000, 21_000, 33_500, 34_000] }, limit);
    expect(
      earlierPeerCourseTimes(ours, {
        concurrency_3: uneven,
        sequential: summarizeRun({ ...run, courseMs: [40_000, 40_000, 40_000, 40_000] }, limit),
      }),
    ).toEqual([
      `note: concurrency_3 ended courses earlier at p50 4.25 s (fairness ${uneven.fairness} against ${ours.fairness})`,
    ]);
    expect(earlierPeerCourseTimes(uneven, { courseforge_like: ours })).toEqual([
      `note: courseforge_like ended courses earlier at p95 1.07 s (fairness ${ours.fairness} against ${uneven.fairness})`,
    ]);
    expect(missedLoadTargets(ours, { concurrency_3: uneven })).toEqual([]);
  });
});
