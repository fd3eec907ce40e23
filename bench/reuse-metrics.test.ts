import { describe, expect, it } from "vitest";
import { chooseThreshold, figuresAt, type ScoredPair } from "./reuse-metrics.ts";

const pair = (match: boolean, similarity: number, sameShape = true): ScoredPair => ({
  kind: match ? "paraphrase" : "topic",
  match,
  sameShape,
  similarity,
});

describe("reuse threshold metrics", () => {
  const pairs = [pair(true, 0.95), pair(true, 0.8), pair(true, 0.4), pair(false, 0.7), pair(false, 0.99, false)];

  it("counts a pair of another shape as no match whatever its similarity", () => {
    expect(figuresAt(pairs, 0.5)).toMatchObject({ truePositives: 2, falsePositives: 1, falseNegatives: 1 });
    expect(figuresAt(pairs, 0.75)).toMatchObject({ precision: 1, recall: 2 / 3 });
  });

  it("chooses the highest recall at the required precision, the highest such threshold", () => {
    const chosen = chooseThreshold(pairs, { minimumPrecision: 0.95, from: 0.3 });
    expect(chosen.recall).toBeCloseTo(2 / 3, 9);
    expect(chosen.precision).toBe(1);
    expect(chosen.threshold).toBe(0.8);
  });

  it("with a margin, keeps away from a threshold just above a false match", () => {
    const close = [pair(true, 0.9), pair(true, 0.72), pair(false, 0.7)];
    expect(chooseThreshold(close, { minimumPrecision: 0.95, from: 0.3 }).threshold).toBe(0.72);
    expect(chooseThreshold(close, { minimumPrecision: 0.95, from: 0.3, margin: 0.05 }).threshold).toBe(0.9);
  });
});
