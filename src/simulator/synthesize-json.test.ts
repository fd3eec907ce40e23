import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { createRandom } from "./random.ts";
import { synthesizeJson } from "./synthesize-json.ts";

const words = ["photosynthesis", "chlorophyll", "light", "glucose", "energy", "plants", "carbon", "water"];
const seeds = Array.from({ length: 150 }, (_, index) => index + 1);

const ajv = new Ajv2020({ strict: true, allErrors: true });
ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
ajv.addFormat("email", /^[^@\s]+@[^@\s]+\.[a-z]+$/);
ajv.addFormat("uri", /^https?:\/\/\S+$/);
ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

const section = {
  type: "object",
  additionalProperties: false,
  required: ["title", "body"],
  properties: { title: { type: "string", maxLength: 80 }, body: { type: "string", minLength: 40, maxLength: 1500 } },
};

const schemas: Record<string, Record<string, unknown>> = {
  outline: {
    type: "object",
    additionalProperties: false,
    required: ["title", "description", "modules"],
    properties: {
      title: { type: "string", maxLength: 100 },
      description: { type: "string", maxLength: 400 },
      modules: {
        type: "array",
        minItems: 2,
        maxItems: 2,
        items: {
          type: "object",
          additionalProperties: false,
          required: ["title", "lessons"],
          properties: {
            title: { type: "string", maxLength: 60 },
            lessons: {
              type: "array",
              minItems: 1,
              maxItems: 3,
              items: {
                type: "object",
                additionalProperties: false,
                required: ["title", "objectives", "keyPoints"],
                properties: {
                  title: { type: "string", maxLength: 60 },
                  objectives: { type: "array", minItems: 2, maxItems: 5, items: { type: "string", maxLength: 120 } },
                  keyPoints: {
                    type: "array",
                    minItems: 3,
                    maxItems: 6,
                    items: { type: "string", minLength: 10, maxLength: 160 },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  nullable: {
    type: "object",
    additionalProperties: false,
    required: ["subtitle", "duration", "level", "note", "parent"],
    properties: {
      subtitle: { type: ["string", "null"], maxLength: 30 },
      duration: { anyOf: [{ type: "integer", minimum: 5, maximum: 90 }, { type: "null" }] },
      level: { enum: ["beginner", "intermediate", "advanced", null] },
      note: { anyOf: [{ $ref: "#/$defs/section" }, { type: "null" }] },
      parent: {
        type: ["object", "null"],
        additionalProperties: false,
        required: ["id"],
        properties: { id: { type: "string", pattern: "^[a-z0-9-]+$" } },
      },
    },
    $defs: { section },
  },
  nestedAnyOf: {
    type: "object",
    additionalProperties: false,
    required: ["questions"],
    properties: {
      questions: {
        type: "array",
        minItems: 3,
        maxItems: 8,
        items: {
          anyOf: [
            {
              type: "object",
              additionalProperties: false,
              required: ["type", "prompt", "options", "correctOptionIndex"],
              properties: {
                type: { type: "string", const: "single_choice" },
                prompt: { type: "string", maxLength: 300 },
                options: { type: "array", minItems: 4, maxItems: 4, items: { type: "string", maxLength: 120 } },
                correctOptionIndex: { type: "integer", minimum: 0, maximum: 3 },
              },
            },
            {
              type: "object",
              additionalProperties: false,
              required: ["type", "statement", "answer", "hint"],
              properties: {
                type: { type: "string", const: "true_false" },
                statement: { type: "string" },
                answer: { type: "boolean" },
                hint: {
                  anyOf: [{ type: "string", maxLength: 50 }, { anyOf: [{ type: "integer" }, { type: "null" }] }],
                },
              },
            },
          ],
        },
      },
    },
  },
  refs: {
    type: "object",
    additionalProperties: false,
    required: ["root", "legacy", "intro"],
    properties: {
      root: { $ref: "#/$defs/node" },
      legacy: { $ref: "#/$defs/legacyNode" },
      intro: { $ref: "#/$defs/section" },
    },
    $defs: {
      section,
      node: {
        type: "object",
        additionalProperties: false,
        required: ["label", "children"],
        properties: {
          label: { type: "string", maxLength: 40 },
          children: { anyOf: [{ type: "array", maxItems: 3, items: { $ref: "#/$defs/node" } }, { type: "null" }] },
        },
      },
      legacyNode: {
        type: "object",
        required: ["name"],
        properties: { name: { type: "string", minLength: 3, maxLength: 12 } },
        additionalProperties: false,
      },
    },
  },
  bounds: {
    type: "object",
    additionalProperties: false,
    required: [
      "code",
      "slug",
      "choice",
      "exact",
      "tiny",
      "small",
      "open",
      "multiple",
      "ratio",
      "halfOpen",
      "tags",
      "indexes",
      "levels",
      "when",
      "email",
      "id",
      "site",
    ],
    properties: {
      code: { type: "string", pattern: "^[A-Z]{3}-\\d{4}$" },
      slug: { type: "string", pattern: "^(intro|core|extra)_[0-9]{2,3}$" },
      choice: { type: "string", enum: ["red", "green", "blue"] },
      exact: { type: "string", minLength: 8, maxLength: 8 },
      tiny: { type: "string", minLength: 1, maxLength: 3 },
      small: { type: "integer", minimum: -5, maximum: 5 },
      open: { type: "integer", exclusiveMinimum: 0, exclusiveMaximum: 3 },
      multiple: { type: "integer", minimum: 10, maximum: 50, multipleOf: 5 },
      ratio: { type: "number", minimum: 0, maximum: 1 },
      halfOpen: { type: "number", exclusiveMinimum: 0.5, maximum: 0.75 },
      tags: {
        type: "array",
        minItems: 3,
        maxItems: 3,
        uniqueItems: true,
        items: { type: "string", enum: ["a", "b", "c"] },
      },
      indexes: {
        type: "array",
        minItems: 4,
        maxItems: 4,
        uniqueItems: true,
        items: { type: "integer", minimum: 0, maximum: 3 },
      },
      levels: { type: "array", minItems: 2, maxItems: 6, uniqueItems: true, items: { type: "string", maxLength: 40 } },
      when: { type: "string", format: "date-time" },
      email: { type: "string", format: "email" },
      id: { type: "string", format: "uuid" },
      site: { type: "string", format: "uri" },
    },
  },
  combinators: {
    type: "object",
    additionalProperties: false,
    required: ["merged", "exclusive", "constant"],
    properties: {
      merged: {
        allOf: [
          { type: "object", required: ["a"], properties: { a: { type: "string", maxLength: 20 } } },
          { type: "object", required: ["b"], properties: { b: { type: "integer", minimum: 1, maximum: 3 } } },
        ],
      },
      exclusive: { oneOf: [{ type: "integer" }, { type: "number", minimum: 0.5 }] },
      constant: { const: { version: 1 } },
    },
  },
};

describe("synthesizeJson", () => {
  it.each(Object.keys(schemas))(
    "produces values valid for the %s schema over many seeds (ajv is the oracle)",
    (name) => {
      const schema = schemas[name] as Record<string, unknown>;
      const validate = ajv.compile(schema);
      for (const seed of seeds) {
        const value = synthesizeJson(schema, { words, random: createRandom(seed) });
        const valid = validate(value);
        if (!valid)
          throw new Error(`seed ${seed}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value, null, 2)}`);
      }
    },
  );

  it("is deterministic for a seed and varies across seeds", () => {
    const schema = schemas.outline as Record<string, unknown>;
    const first = synthesizeJson(schema, { words, random: createRandom(7) });
    expect(synthesizeJson(schema, { words, random: createRandom(7) })).toEqual(first);
    expect(synthesizeJson(schema, { words, random: createRandom(8) })).not.toEqual(first);
  });

  it("keeps array items distinct, like a model listing options", () => {
    const schema = {
      type: "object",
      required: ["options", "scores"],
      properties: {
        options: { type: "array", minItems: 4, maxItems: 4, items: { type: "string", maxLength: 60 } },
        scores: { type: "array", minItems: 5, maxItems: 5, items: { type: "integer", minimum: 1, maximum: 5 } },
      },
    };
    for (const seed of seeds) {
      const value = synthesizeJson(schema, { words: ["soil"], random: createRandom(seed) }) as {
        options: string[];
        scores: number[];
      };
      expect(new Set(value.options).size).toBe(4);
      expect([...value.scores].sort()).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it("prefers the non-null branch of nullable fields most of the time", () => {
    const schema = { type: "object", required: ["note"], properties: { note: { type: ["string", "null"] } } };
    const nulls = seeds.filter(
      (seed) => (synthesizeJson(schema, { words, random: createRandom(seed) }) as { note: unknown }).note === null,
    ).length;
    expect(nulls).toBeGreaterThan(0);
    expect(nulls / seeds.length).toBeLessThan(0.35);
  });

  it("writes visibly simulated text from the prompt's words, long for bodies and short for titles", () => {
    const value = synthesizeJson(
      { type: "object", required: ["title", "body"], properties: section.properties },
      { words, random: createRandom(3) },
    ) as { title: string; body: string };
    expect(value.title.startsWith("[simulated] ")).toBe(true);
    expect(value.body.startsWith("[simulated] ")).toBe(true);
    const bodyWords = value.body.split(/\s+/).length;
    expect(bodyWords).toBeGreaterThanOrEqual(40);
    expect(value.title.split(/\s+/).length).toBeLessThanOrEqual(8);
    expect(words.some((word) => value.body.toLowerCase().includes(word))).toBe(true);
  });

  it("makes quiz answers agree with the options", () => {
    const schema = {
      type: "object",
      required: ["options", "answer", "correctIndex"],
      properties: {
        options: { type: "array", minItems: 4, maxItems: 4, items: { type: "string" } },
        answer: { type: "string" },
        correctIndex: { type: "integer", minimum: 0, maximum: 3 },
      },
    };
    for (const seed of seeds.slice(0, 40)) {
      const value = synthesizeJson(schema, { words, random: createRandom(seed) }) as {
        options: string[];
        answer: string;
        correctIndex: number;
      };
      expect(value.options[value.correctIndex]).toBe(value.answer);
    }
  });
});

describe("synthesizeJson on Courseforge's own draft schemas", () => {
  it("spreads quiz questions over every objective, so simulated quizzes pass the semantic checks", async () => {
    const { quizDraftSchema, checkQuizDraft } = await import("../course/index.ts");
    const { toStrictJsonSchema } = await import("../llm/index.ts");
    const objectiveIds = ["m1-l1-o1", "m1-l1-o2", "m1-l1-o3"];
    const schema = quizDraftSchema({ objectiveIds });
    const jsonSchema = toStrictJsonSchema(schema);
    for (const seed of seeds) {
      const value = schema.parse(synthesizeJson(jsonSchema, { words, random: createRandom(seed) }));
      expect(checkQuizDraft(value, objectiveIds), `seed ${seed}`).toEqual([]);
    }
  });
});
