import { describe, expect, it } from "vitest";
import { mean, percentile, qualityOf, recallAtK, reciprocalRank } from "./knowledge-metrics.ts";

describe("knowledge bench metrics", () => {
  const relevant = new Set(["b", "x"]);

  it("counts the relevant ids in the first k only", () => {
    expect(recallAtK(["a", "b", "c", "d", "e", "x"], relevant, 5)).toBe(0.5);
    expect(recallAtK(["a", "b", "c", "d", "e", "x"], relevant, 6)).toBe(1);
    expect(recallAtK(["b", "b"], relevant, 5)).toBe(0.5);
    expect(recallAtK([], relevant, 5)).toBe(0);
    expect(() => recallAtK(["a"], new Set(), 5)).toThrow(RangeError);
    expect(() => recallAtK(["a"], relevant, 0)).toThrow(RangeError);
  });

  it("takes the rank of the first relevant id", () => {
    expect(reciprocalRank(["a", "c", "x", "b"], relevant)).toBeCloseTo(1 / 3);
    expect(reciprocalRank(["b"], relevant)).toBe(1);
    expect(reciprocalRank(["a", "c"], relevant)).toBe(0);
    expect(() => reciprocalRank(["a"], new Set())).toThrow(RangeError);
  });

  it("averages over questions", () => {
    const figures = qualityOf([
      { ranked: ["x", "b"], relevant },
      { ranked: ["a", "b"], relevant: new Set(["b"]) },
      { ranked: ["a", "c", "d", "e", "f", "b"], relevant: new Set(["b"]) },
    ]);
    expect(figures.recall_at_5).toBeCloseTo((1 + 1 + 0) / 3);
    expect(figures.mrr).toBeCloseTo((1 + 0.5 + 1 / 6) / 3);
    expect(figures.questions).toBe(3);
    expect(mean([1, 2, 6])).toBe(3);
    expect(() => mean([])).toThrow(RangeError);
  });

  it("takes nearest-rank percentiles", () => {
    const samples = Array.from({ length: 20 }, (_, index) => 20 - index); // 20 … 1, unsorted
    expect(percentile(samples, 50)).toBe(10);
    expect(percentile(samples, 95)).toBe(19);
    expect(percentile(samples, 100)).toBe(20);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([1, 2, 3], 1)).toBe(1);
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});
