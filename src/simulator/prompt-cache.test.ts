import { describe, expect, it } from "vitest";
import { PromptCache } from "./prompt-cache.ts";

const tokens = (count: number, offset = 0) => Array.from({ length: count }, (_, index) => index + offset);

describe("PromptCache", () => {
  it("reports the shared prefix in 128-token blocks once a prompt of 1024+ tokens was seen", () => {
    const cache = new PromptCache();
    const shared = tokens(1500);
    expect(cache.lookupAndStore("m", [...shared, ...tokens(100, 90_000)], 1600)).toBe(0);
    const cached = cache.lookupAndStore("m", [...shared, ...tokens(200, 50_000)], 1700);
    expect(cached).toBe(1408); // floor(1500 / 128) * 128
  });

  it("never caches short prompts or short shared prefixes", () => {
    const cache = new PromptCache();
    expect(cache.lookupAndStore("m", tokens(900), 900)).toBe(0);
    expect(cache.lookupAndStore("m", tokens(900), 900)).toBe(0);
    cache.lookupAndStore("m", [...tokens(600), ...tokens(1000, 10_000)], 1600);
    expect(cache.lookupAndStore("m", [...tokens(600), ...tokens(1000, 20_000)], 1600)).toBe(0);
  });

  it("keeps scopes (model, prompt_cache_key) apart and evicts the least recent blocks", () => {
    const cache = new PromptCache(20);
    cache.lookupAndStore("a", tokens(2048), 2048);
    expect(cache.lookupAndStore("b", tokens(2048), 2048)).toBe(0);
    // Scope b's 16 blocks pushed out most of scope a's.
    expect(cache.lookupAndStore("a", tokens(2048), 2048)).toBe(0);
  });
});
