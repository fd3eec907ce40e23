import { describe, expect, it } from "vitest";
import { parseInt8, parseNumeric, parseUnquotedArray } from "./type-parsers.ts";

describe("type parsers", () => {
  it("parses int8 exactly up to ±MAX_SAFE_INTEGER and throws beyond", () => {
    expect(parseInt8("9007199254740991")).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseInt8("-9007199254740991")).toBe(-Number.MAX_SAFE_INTEGER);
    expect(() => parseInt8("9007199254740992")).toThrow(/9007199254740992/);
    expect(() => parseInt8("-9007199254740992")).toThrow(/precision/);
  });

  it("parses numeric as a number, including the special values", () => {
    expect(parseNumeric("12.345678")).toBe(12.345678);
    expect(parseNumeric("NaN")).toBeNaN();
    expect(parseNumeric("-Infinity")).toBe(-Infinity);
  });

  it("parses one- and multi-dimensional arrays with NULLs and custom bounds", () => {
    expect(parseUnquotedArray("{}", Number)).toStrictEqual([]);
    expect(parseUnquotedArray("{1,NULL,-3}", parseInt8)).toStrictEqual([1, null, -3]);
    expect(parseUnquotedArray("{{1,2},{3,4}}", parseInt8)).toStrictEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(parseUnquotedArray("[0:1]={5,6}", parseInt8)).toStrictEqual([5, 6]);
    expect(parseUnquotedArray("{2024-01-01,2024-12-31}", (text) => text)).toStrictEqual(["2024-01-01", "2024-12-31"]);
    expect(() => parseUnquotedArray("1,2", Number)).toThrow(SyntaxError);
  });
});
