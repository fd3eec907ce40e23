import { describe, expect, it } from "vitest";
import { parseFallbackChains } from "./fallback-router.ts";

describe("parseFallbackChains", () => {
  it("reads chains separated by semicolons", () => {
    expect(parseFallbackChains("gpt-4.1-mini=gpt-4o-mini, gpt-4.1-nano; gpt-4.1=gpt-4.1-mini")).toEqual({
      "gpt-4.1-mini": ["gpt-4o-mini", "gpt-4.1-nano"],
      "gpt-4.1": ["gpt-4.1-mini"],
    });
    expect(parseFallbackChains("")).toEqual({});
  });

  it("rejects entries without a primary or with empty names", () => {
    expect(() => parseFallbackChains("gpt-4o-mini")).toThrow(/primary=fallback1/);
    expect(() => parseFallbackChains("a=b,,c")).toThrow(/primary=fallback1/);
    expect(() => parseFallbackChains("=b")).toThrow(/primary=fallback1/);
  });
});
