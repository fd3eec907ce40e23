import { describe, expect, it } from "vitest";
import { parseFlags, UsageError } from "./arguments.ts";

const spec = { json: "switch", "time-scale": "value", database: "value" } as const;

describe("parseFlags", () => {
  it("reads switches and values in both spellings, with fallbacks for absent flags", () => {
    const flags = parseFlags(["--json", "--time-scale", "0.1", "--database=postgres"], spec);
    expect(flags.has("json")).toBe(true);
    expect(flags.number("time-scale", 0.05, { min: 0.001, max: 1 })).toBe(0.1);
    expect(flags.choice("database", ["pglite", "postgres"], "pglite")).toBe("postgres");
    const empty = parseFlags([], spec);
    expect(empty.has("json")).toBe(false);
    expect(empty.number("time-scale", 0.05, { min: 0.001, max: 1 })).toBe(0.05);
    expect(empty.choice("database", ["pglite", "postgres"], "pglite")).toBe("pglite");
  });

  it.each([
    [["--verbose"], /Unknown flag --verbose/],
    [["single"], /Unexpected argument "single"/],
    [["--json", "--json"], /given twice/],
    [["--json=yes"], /takes no value/],
    [["--time-scale"], /needs a value/],
    [["--time-scale", "--json"], /needs a value/],
  ])("rejects %j", (args, message) => {
    expect(() => parseFlags(args, spec)).toThrow(message);
    expect(() => parseFlags(args, spec)).toThrow(UsageError);
  });

  it("rejects values out of bounds, not whole when they must be, or not among the choices", () => {
    expect(() => parseFlags(["--time-scale", "0"], spec).number("time-scale", 1, { min: 0.001, max: 1 })).toThrow(
      /from 0.001 to 1/,
    );
    expect(() => parseFlags(["--time-scale", "abc"], spec).number("time-scale", 1, { min: 0, max: 1 })).toThrow(
      UsageError,
    );
    expect(() =>
      parseFlags(["--time-scale", "2.5"], spec).number("time-scale", 1, { min: 0, max: 10, whole: true }),
    ).toThrow(/whole number/);
    expect(() =>
      parseFlags(["--database", "mysql"], spec).choice("database", ["pglite", "postgres"], "pglite"),
    ).toThrow(/one of pglite, postgres/);
  });
});
