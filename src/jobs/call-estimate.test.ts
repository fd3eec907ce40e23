import { describe, expect, it } from "vitest";
import { createCallEstimator, estimateMargin } from "./call-estimate.ts";

const sample = (task: string, latencyMs: number, completionTokens: number, model = "m") => ({
  model,
  task,
  latencyMs,
  completionTokens,
});

describe("createCallEstimator", () => {
  it("has no estimate for a model never recorded", () => {
    const estimator = createCallEstimator([sample("lesson", 1_000, 500)]);
    expect(estimator.estimateMs("other", "lesson", 4_000)).toBeUndefined();
    expect(estimator.knows("other", "lesson")).toBe(false);
  });

  it("estimates a well-recorded task by its slowest call with the margin, below the max_tokens bound", () => {
    const estimator = createCallEstimator([
      sample("quiz", 400, 200),
      sample("quiz", 500, 250),
      sample("quiz", 600, 300),
      sample("lesson", 2_000, 1_000),
    ]);
    expect(estimator.estimateMs("m", "quiz", 2_000)).toBe(Math.ceil(600 * estimateMargin));
    expect(estimator.knows("m", "quiz")).toBe(true);
  });

  it("falls back to the model's throughput at max_tokens for a task recorded too rarely", () => {
    // 2 ms per token at most, first token about 0 ms: 4000 tokens take about 8 s.
    const estimator = createCallEstimator([sample("quiz", 400, 200), sample("quiz", 600, 300)]);
    const estimate = estimator.estimateMs("m", "lesson", 4_000)!;
    expect(estimate).toBeGreaterThanOrEqual(Math.ceil(8_000 * estimateMargin) - 1);
    expect(estimate).toBeLessThanOrEqual(Math.ceil(8_400 * estimateMargin));
    expect(estimator.knows("m", "lesson")).toBe(false);
  });

  it("caps a task's recorded latency by its max_tokens bound when the limit is small", () => {
    const estimator = createCallEstimator([
      sample("quiz", 400, 200),
      sample("quiz", 500, 250),
      sample("quiz", 600, 300),
    ]);
    expect(estimator.estimateMs("m", "quiz", 50)!).toBeLessThan(Math.ceil(600 * estimateMargin));
  });

  it("uses the 95th percentile once a task has more than twenty calls", () => {
    const latencies = Array.from({ length: 40 }, (_, index) => 100 + index * 10);
    const estimator = createCallEstimator(latencies.map((latency) => sample("quiz", latency, 1_000)));
    expect(estimator.estimateMs("m", "quiz", 10_000)).toBe(Math.ceil(470 * estimateMargin)); // the 38th of 40
  });

  it("ignores rows without latency or output (lost or estimated calls)", () => {
    const estimator = createCallEstimator([sample("quiz", 0, 300), sample("quiz", 500, 0)]);
    expect(estimator.estimateMs("m", "quiz", 100)).toBeUndefined();
  });
});
