import { z } from "zod";
import { describe, expect, it } from "vitest";
import { draftJsonSchema, findStrictModeViolations } from "./strict-json-schema.ts";

describe("findStrictModeViolations", () => {
  it("accepts a closed, bounded schema with anyOf and nullable", () => {
    const schema = z.strictObject({
      name: z.string().max(10).nullable(),
      tags: z
        .array(z.enum(["a", "b"]))
        .min(0)
        .max(2),
      count: z.int().min(0).max(3),
      choice: z.union([
        z.strictObject({ kind: z.literal("x") }),
        z.strictObject({ kind: z.literal("y"), flag: z.boolean() }),
      ]),
    });
    expect(findStrictModeViolations(draftJsonSchema(schema))).toEqual([]);
  });

  it("reports each violation at its JSON Pointer", () => {
    const schema = z.object({
      open: z.looseObject({ a: z.string().max(1) }),
      optional: z.string().max(1).optional(),
      free: z.string(),
      list: z.array(z.boolean()),
      count: z.int(),
      exclusive: z.discriminatedUnion("kind", [
        z.strictObject({ kind: z.literal("x") }),
        z.strictObject({ kind: z.literal("y") }),
      ]),
    });
    expect(findStrictModeViolations(z.toJSONSchema(schema, { io: "input" }))).toEqual([
      { pointer: "", message: "object without additionalProperties: false" },
      { pointer: "", message: `property "optional" is not required (make it nullable instead)` },
      { pointer: "/properties/open", message: "object without additionalProperties: false" },
      { pointer: "/properties/free", message: "string without maxLength" },
      { pointer: "/properties/list", message: "array without minItems" },
      { pointer: "/properties/list", message: "array without maxItems" },
      // z.int() emits the safe-integer range, so only a bare integer is reported:
      { pointer: "/properties/exclusive", message: `"oneOf" is not allowed (use anyOf)` },
    ]);
    expect(
      findStrictModeViolations({
        type: "object",
        properties: { n: { type: "integer" } },
        required: ["n"],
        additionalProperties: false,
      }),
    ).toEqual([
      { pointer: "/properties/n", message: "integer without minimum" },
      { pointer: "/properties/n", message: "integer without maximum" },
    ]);
  });

  it("requires an object at the root", () => {
    expect(findStrictModeViolations({ anyOf: [{ type: "null" }] })).toEqual([
      { pointer: "", message: "the root must be an object schema" },
    ]);
  });
});

describe("draftJsonSchema", () => {
  it("drops $schema and keeps everything else", () => {
    const schema = draftJsonSchema(z.strictObject({ a: z.string().max(3) }));
    expect(schema).not.toHaveProperty("$schema");
    expect(schema).toEqual({
      type: "object",
      properties: { a: { type: "string", maxLength: 3 } },
      required: ["a"],
      additionalProperties: false,
    });
  });

  it("throws on what JSON Schema cannot express", () => {
    expect(() => draftJsonSchema(z.strictObject({ a: z.string().transform((text) => text.length) }))).toThrow();
  });
});
