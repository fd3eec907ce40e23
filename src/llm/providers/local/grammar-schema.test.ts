import { describe, expect, it } from "vitest";
import { toGrammarSchema } from "./grammar-schema.ts";

describe("toGrammarSchema", () => {
  it("drops $schema and turns anyOf into oneOf at every depth", () => {
    const schema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: {
        note: { anyOf: [{ type: "string", maxLength: 20 }, { type: "null" }] },
        items: { type: "array", items: { anyOf: [{ $ref: "#/$defs/Leaf" }, { type: "null" }] } },
      },
      $defs: { Leaf: { type: "object", properties: { anyOf: { type: "string", enum: ["anyOf"] } } } },
    };
    const rewritten = toGrammarSchema(schema);
    expect(rewritten).toEqual({
      type: "object",
      properties: {
        note: { oneOf: [{ type: "string", maxLength: 20 }, { type: "null" }] },
        items: { type: "array", items: { oneOf: [{ $ref: "#/$defs/Leaf" }, { type: "null" }] } },
      },
      // A property that happens to be called `anyOf` keeps its name.
      $defs: { Leaf: { type: "object", properties: { anyOf: { type: "string", enum: ["anyOf"] } } } },
    });
    expect(schema.$schema).toBeDefined();
    expect(schema.properties.note.anyOf).toHaveLength(2);
  });
});
