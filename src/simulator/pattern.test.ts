import { describe, expect, it } from "vitest";
import { generateFromPattern } from "./pattern.ts";
import { createRandom } from "./random.ts";

describe("generateFromPattern", () => {
  const supported = [
    "^[a-z0-9]+(-[a-z0-9]+)*$",
    "^[A-Z]{3}-\\d{4}$",
    "^(intro|core|extra)_[0-9]{2,3}$",
    "^m\\d+-l\\d+$",
    "[^\\s]{5}",
    "^\\w+@example\\.com$",
    "^v?\\d+\\.\\d+(\\.\\d+)?$",
  ];

  it.each(supported)("generates matching strings for %s", (pattern) => {
    const regex = new RegExp(pattern, "u");
    for (let seed = 1; seed <= 50; seed++) {
      const value = generateFromPattern(pattern, createRandom(seed));
      expect(value).toBeDefined();
      expect(regex.test(value as string)).toBe(true);
    }
  });

  it("gives up on lookarounds and backreferences instead of guessing", () => {
    expect(generateFromPattern("^(?!x)[a-z]+$", createRandom(1))).toBeUndefined();
    expect(generateFromPattern("^(a)\\1$", createRandom(1))).toBeUndefined();
    expect(generateFromPattern("([", createRandom(1))).toBeUndefined();
  });
});
