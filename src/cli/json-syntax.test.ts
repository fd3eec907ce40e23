import { describe, expect, it } from "vitest";
import { findJsonSyntaxProblem } from "./json-syntax.ts";

describe("findJsonSyntaxProblem", () => {
  it.each(['{"a": [1, 2.5e3, -0, "x\\n", true, false, null], "b": {}}', "[]", ' "text" ', "0"])(
    "finds nothing in valid JSON %s",
    (text) => {
      expect(JSON.parse(text)).toBeDefined();
      expect(findJsonSyntaxProblem(text)).toBeUndefined();
    },
  );

  it("points at a missing value that JSON.parse names no position for", () => {
    expect(findJsonSyntaxProblem('{\n  "a": 1,\n  "b": \n}\n')).toEqual({
      offset: 20,
      line: 4,
      column: 1,
      expected: "a JSON value",
    });
  });

  it.each([
    ['{"a": 1', 1, 8, "',' or '}' after the property value"],
    ["{\n  a: 1}", 2, 3, 'a property name in double quotes ("name")'],
    ["[1,]", 1, 4, "a JSON value"],
    ["[1] x", 1, 5, "the end of the text (something follows the JSON value)"],
    ["", 1, 1, "more JSON (the text ends too early)"],
    ['{"a": 01}', 1, 8, "',' or '}' after the property value"],
  ])("locates the error in %j at line %i, column %i", (text, line, column, expected) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonSyntaxProblem(text)).toMatchObject({ line, column, expected });
  });
});
