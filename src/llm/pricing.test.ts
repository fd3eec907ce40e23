import { describe, expect, it } from "vitest";
import { costOf, findPrice } from "./pricing.ts";

const mini = { inputPerMillion: 0.15, cachedInputPerMillion: 0.075, outputPerMillion: 0.6 };
const full = { inputPerMillion: 2.5, cachedInputPerMillion: 1.25, outputPerMillion: 10 };

describe("costOf", () => {
  it("prices uncached input, cached input and output separately", () => {
    const usage = { promptTokens: 1_000_000, cachedPromptTokens: 400_000, completionTokens: 500_000 };
    // 600k × 0.15 + 400k × 0.075 + 500k × 0.6, per million
    expect(costOf(usage, mini)).toBeCloseTo(0.09 + 0.03 + 0.3, 10);
  });

  it("costs nothing for an unknown model", () => {
    expect(costOf({ promptTokens: 10, cachedPromptTokens: 0, completionTokens: 10 }, undefined)).toBe(0);
  });

  it("never counts more cached tokens than prompt tokens", () => {
    expect(costOf({ promptTokens: 100, cachedPromptTokens: 500, completionTokens: 0 }, full)).toBeCloseTo(
      (100 * 1.25) / 1e6,
      12,
    );
  });
});

describe("findPrice", () => {
  const prices = { "gpt-4o": full, "gpt-4o-mini": mini };
  it("matches exactly, then by the longest dated prefix", () => {
    expect(findPrice(prices, "gpt-4o")).toBe(full);
    expect(findPrice(prices, "gpt-4o-mini-2024-07-18")).toBe(mini);
    expect(findPrice(prices, "gpt-4o-2024-08-06")).toBe(full);
    expect(findPrice(prices, "llama3.1:8b")).toBeUndefined();
    expect(findPrice(prices, "toString")).toBeUndefined();
  });
});
