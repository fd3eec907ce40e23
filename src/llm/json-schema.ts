import { z } from "zod";
import { UnsupportedSchemaError } from "./errors.ts";
import type { JsonSchema } from "./types.ts";

const cache = new WeakMap<z.ZodType, JsonSchema>();

/**
 * Converts a zod schema to a JSON Schema for OpenAI's strict structured outputs: no `$schema`,
 * every object closed (`additionalProperties: false`) with all properties required, a root object.
 * Memoized per schema object; the result is deeply frozen (clone it before rewriting).
 *
 * @throws {UnsupportedSchemaError} for optional properties, `oneOf`, records, or a non-object root.
 */
export function toStrictJsonSchema(schema: z.ZodType): JsonSchema {
  const cached = cache.get(schema);
  if (cached !== undefined) return cached;
  const generated = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io: "output",
    unrepresentable: "throw",
  }) as JsonSchema;
  delete generated.$schema;
  const root = inlineRootReference(generated);
  if (root.type !== "object") {
    throw new UnsupportedSchemaError("The root of a structured output schema must be an object", {
      schemaPath: "#",
      suggestion: "Wrap the value in z.object({ ... }).",
    });
  }
  const strict = deepFreeze(makeStrict(root, "#") as JsonSchema);
  cache.set(schema, strict);
  return strict;
}

// zod emits `{ $ref: "#/$defs/X", $defs }` at the root when the schema has an id; OpenAI wants the object itself.
function inlineRootReference(schema: JsonSchema): JsonSchema {
  const reference = schema.$ref;
  const definitions = schema.$defs as Record<string, JsonSchema> | undefined;
  if (typeof reference !== "string" || definitions === undefined) return schema;
  const name = reference.replace(/^#\/\$defs\//, "");
  const target = definitions[name];
  if (target === undefined) return schema;
  const stillReferenced = JSON.stringify({ target, others: { ...definitions, [name]: undefined } }).includes(
    `"${reference}"`,
  );
  const remaining = Object.fromEntries(Object.entries(definitions).filter(([key]) => stillReferenced || key !== name));
  return Object.keys(remaining).length === 0 ? { ...target } : { ...target, $defs: remaining };
}

function makeStrict(node: unknown, path: string): unknown {
  if (Array.isArray(node)) return node.map((item, index) => makeStrict(item, `${path}/${index}`));
  if (typeof node !== "object" || node === null) return node;
  const schema = { ...(node as JsonSchema) };
  if ("oneOf" in schema) {
    throw new UnsupportedSchemaError("`oneOf` is not supported by strict structured outputs", {
      schemaPath: path,
      suggestion:
        "Use z.union([...]) instead of z.discriminatedUnion (it emits anyOf and parses the same exclusive branches).",
    });
  }
  // `default` is not a strict-mode keyword and means nothing for an output the model must write in full.
  delete schema.default;
  if (schema.type === "object") closeObject(schema, path);
  for (const [key, value] of Object.entries(schema)) {
    if (key === "properties" || key === "$defs") {
      schema[key] = Object.fromEntries(
        Object.entries(value as JsonSchema).map(([name, child]) => [name, makeStrict(child, `${path}/${key}/${name}`)]),
      );
    } else if (typeof value === "object" && value !== null && key !== "enum" && key !== "const") {
      schema[key] = makeStrict(value, `${path}/${key}`);
    }
  }
  return schema;
}

function closeObject(schema: JsonSchema, path: string): void {
  const properties = (schema.properties ?? {}) as JsonSchema;
  const names = Object.keys(properties);
  const additional = schema.additionalProperties;
  if (
    names.length === 0 &&
    typeof additional === "object" &&
    additional !== null &&
    Object.keys(additional).length > 0
  ) {
    throw new UnsupportedSchemaError(
      "Records (objects with free-form keys) are not supported by strict structured outputs",
      {
        schemaPath: path,
        suggestion: "Use an array of { key, value } objects instead of z.record(...).",
      },
    );
  }
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const optional = names.filter((name) => !required.has(name));
  if (optional.length > 0) {
    throw new UnsupportedSchemaError(
      `Optional properties are not supported by strict structured outputs: ${optional.join(", ")}`,
      {
        schemaPath: path,
        suggestion: "Make them required and nullable (z.string().nullable()) instead of .optional().",
      },
    );
  }
  schema.properties = properties;
  schema.required = names;
  schema.additionalProperties = false;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
