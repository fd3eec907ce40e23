import { describe, expect, it } from "vitest";
import { parseModelLimits } from "./provider-limits.ts";

describe("parseModelLimits", () => {
  it("reads requests and tokens per minute per model, either may be left to the headers", () => {
    expect(parseModelLimits("gpt-4.1-mini=5000:4000000; gpt-4.1=:800000")).toEqual({
      "gpt-4.1-mini": { requestsPerMinute: 5_000, tokensPerMinute: 4_000_000 },
      "gpt-4.1": { tokensPerMinute: 800_000 },
    });
    expect(parseModelLimits("")).toEqual({});
  });

  it("rejects malformed entries", () => {
    expect(() => parseModelLimits("gpt-4.1=5000")).toThrow(/requests:tokens/);
    expect(() => parseModelLimits("gpt-4.1=:")).toThrow(/requests:tokens/);
    expect(() => parseModelLimits("=1:2")).toThrow(/requests:tokens/);
  });
});
