import { describe, expect, it } from "vitest";
import { z } from "zod";
import { UnsupportedSchemaError } from "./errors.ts";
import { toStrictJsonSchema } from "./json-schema.ts";

const quizSchema = z.object({
  title: z.string().min(3).max(80),
  level: z.enum(["beginner", "intermediate", "advanced"]),
  summary: z.string().max(400).nullable(),
  questions: z
    .array(
      z.union([
        z.object({
          kind: z.literal("choice"),
          prompt: z.string(),
          options: z.array(z.string()).min(2).max(5),
          answerIndex: z.int(),
        }),
        z.object({ kind: z.literal("open"), prompt: z.string(), modelAnswer: z.string() }),
      ]),
    )
    .min(1)
    .max(10),
  meta: z.looseObject({ language: z.string() }),
  tags: z.array(z.string()).default([]),
});

type Node = Record<string, unknown>;
const at = (node: unknown, ...keys: (string | number)[]): Node =>
  keys.reduce<unknown>((current, key) => (current as Record<string | number, unknown>)[key], node) as Node;

describe("toStrictJsonSchema", () => {
  it("produces a closed, fully required draft-2020-12 object without $schema", () => {
    const schema = toStrictJsonSchema(quizSchema);
    expect(schema.$schema).toBeUndefined();
    expect(schema.type).toBe("object");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["title", "level", "summary", "questions", "meta", "tags"]);
  });

  it("keeps nullable as anyOf with null, enums and bounds", () => {
    const schema = toStrictJsonSchema(quizSchema);
    expect(at(schema, "properties", "summary")).toEqual({
      anyOf: [{ type: "string", maxLength: 400 }, { type: "null" }],
    });
    expect(at(schema, "properties", "level").enum).toEqual(["beginner", "intermediate", "advanced"]);
    expect(at(schema, "properties", "title")).toMatchObject({ minLength: 3, maxLength: 80 });
    expect(at(schema, "properties", "questions")).toMatchObject({ minItems: 1, maxItems: 10 });
    expect(at(schema, "properties", "tags").default).toBeUndefined();
  });

  it("closes every object inside an anyOf union of objects and a loose object", () => {
    const schema = toStrictJsonSchema(quizSchema);
    const branches = at(schema, "properties", "questions", "items").anyOf as Node[];
    expect(branches).toHaveLength(2);
    for (const branch of branches) {
      expect(branch.additionalProperties).toBe(false);
      expect(branch.required).toEqual(Object.keys(branch.properties as Node));
    }
    expect(at(branches[0], "properties", "options")).toMatchObject({ minItems: 2, maxItems: 5 });
    expect(at(schema, "properties", "meta").additionalProperties).toBe(false);
  });

  it("memoizes per schema object and freezes the result", () => {
    const first = toStrictJsonSchema(quizSchema);
    expect(toStrictJsonSchema(quizSchema)).toBe(first);
    expect(Object.isFrozen(at(first, "properties", "title"))).toBe(true);
    expect(toStrictJsonSchema(quizSchema.extend({}))).not.toBe(first);
  });

  it("inlines a root $ref produced by a schema id", () => {
    const schema = toStrictJsonSchema(z.object({ name: z.string() }).meta({ id: "Course" }));
    expect(schema.$ref).toBeUndefined();
    expect(schema).toMatchObject({ type: "object", required: ["name"], additionalProperties: false });
  });

  it("rejects optional properties, naming them", () => {
    const attempt = () => toStrictJsonSchema(z.object({ inner: z.object({ note: z.string().optional() }) }));
    expect(attempt).toThrow(UnsupportedSchemaError);
    expect(attempt).toThrow(/note.*#\/properties\/inner/);
  });

  it("rejects oneOf (discriminated unions), records and non-object roots", () => {
    const union = z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("a") }),
      z.object({ kind: z.literal("b") }),
    ]);
    expect(() => toStrictJsonSchema(z.object({ item: union }))).toThrow(/oneOf/);
    expect(() => toStrictJsonSchema(z.object({ scores: z.record(z.string(), z.number()) }))).toThrow(/Records/);
    expect(() => toStrictJsonSchema(z.array(z.string()))).toThrow(/root/);
  });
});
