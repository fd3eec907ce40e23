import { describe, expect, it } from "vitest";
import { labelledBars } from "./chart-labels.ts";

describe("labelledBars", () => {
  it("labels at most six bars, evenly, always the last", () => {
    for (const count of [1, 5, 6, 7, 14, 24]) {
      const labelled = labelledBars(count);
      expect(labelled).toHaveLength(count);
      expect(labelled.at(-1), `${count} bars`).toBe(true);
      expect(labelled.filter(Boolean).length, `${count} bars`).toBeLessThanOrEqual(6);
    }
    expect(labelledBars(14).flatMap((on, index) => (on ? [index] : []))).toEqual([1, 4, 7, 10, 13]);
    expect(labelledBars(24).flatMap((on, index) => (on ? [index] : []))).toEqual([3, 7, 11, 15, 19, 23]);
    expect(labelledBars(0)).toEqual([]);
  });
});
