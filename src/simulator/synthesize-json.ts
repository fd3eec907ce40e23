/**
 * Synthesizes a JSON value that is valid for a JSON Schema, with text made of the prompt's words.
 * Deterministic: the same schema, words and seeded {@link Random} give the same value.
 */
import { alignAnswers, enumProperties, spreadEnumChoices } from "./coherence.ts";
import { isSchemaObject, mergeSchemas, resolveSchema, schemaTypes } from "./json-schema.ts";
import type { JsonType, JsonValue, SchemaObject } from "./json-schema.ts";
import { pickDistinct } from "./distinct-items.ts";
import { matchesSchema } from "./schema-check.ts";
import { synthesizeInteger, synthesizeNumber } from "./synthesize-number.ts";
import { synthesizeString } from "./synthesize-string.ts";
import type { SynthesisContext, SynthesisOptions } from "./synthesis-context.ts";

export type { SynthesisOptions } from "./synthesis-context.ts";

// Probability of choosing a non-null branch/type when null is allowed too.
const nonNullPreference = 0.85;
// Beyond this depth only required properties and minimum item counts are generated.
const shallowDepth = 8;
// Beyond this depth recursion is cut (null when allowed), so recursive schemas terminate.
const maximumDepth = 24;

/** Returns a value valid for `schema` (a JSON Schema object, `$ref`s resolved against it). */
export function synthesizeJson(schema: Readonly<Record<string, unknown>>, options: SynthesisOptions): JsonValue {
  const context: SynthesisContext = {
    root: schema,
    source: options,
    depth: 0,
    fieldName: undefined,
    written: new Set(),
  };
  return synthesizeValue(schema, context);
}

/** Synthesizes a value for any (sub)schema. */
export function synthesizeValue(rawSchema: unknown, context: SynthesisContext): JsonValue {
  const schema = resolveSchema(rawSchema, context.root);
  const { random } = context.source;
  if (schema.const !== undefined) return structuredClone(schema.const as JsonValue);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const nonNull = (schema.enum as JsonValue[]).filter((item) => item !== null);
    const pool =
      nonNull.length > 0 && (nonNull.length === schema.enum.length || random.chance(nonNullPreference))
        ? nonNull
        : (schema.enum as JsonValue[]);
    return structuredClone(random.pick(pool));
  }
  const branches = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (branches && branches.length > 0) return synthesizeBranch(schema, branches, context);
  return synthesizeTyped(schema, chooseType(schemaTypes(schema), context), context);
}

function synthesizeBranch(schema: SchemaObject, branches: readonly unknown[], context: SynthesisContext): JsonValue {
  const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = schema;
  const resolved = branches.map((branch) => resolveSchema(branch, context.root));
  const isNull = (branch: SchemaObject) => branch.type === "null" || branch.const === null;
  const nonNull = resolved.filter((branch) => !isNull(branch));
  const nullAllowed = nonNull.length < resolved.length;
  const preferNull =
    nullAllowed &&
    (context.depth >= maximumDepth || nonNull.length === 0 || !context.source.random.chance(nonNullPreference));
  const pool = preferNull ? resolved.filter(isNull) : nonNull;
  let candidate: JsonValue = null;
  // oneOf wants exactly one branch to match: when branches overlap, try each branch in turn, a few times.
  const start = context.source.random.integer(0, pool.length - 1);
  const attempts = Array.isArray(schema.oneOf) ? pool.length * 4 : 1;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const branch = pool[(start + attempt) % pool.length] as SchemaObject;
    candidate = synthesizeValue(mergeSchemas(rest, branch), context);
    if (!Array.isArray(schema.oneOf) || oneBranchMatches(candidate, resolved, context.root)) return candidate;
  }
  return candidate;
}

function oneBranchMatches(value: JsonValue, branches: readonly SchemaObject[], root: SchemaObject): boolean {
  let matches = 0;
  for (const branch of branches) if (matchesSchema(value, branch, root)) matches++;
  return matches === 1;
}

function chooseType(types: readonly JsonType[], context: SynthesisContext): JsonType {
  const nonNull = types.filter((type) => type !== "null");
  if (nonNull.length === 0) return "null";
  if (
    nonNull.length < types.length &&
    (context.depth >= maximumDepth || !context.source.random.chance(nonNullPreference))
  )
    return "null";
  if (nonNull.includes("object") && context.depth < shallowDepth) return "object";
  return context.source.random.pick(nonNull);
}

function synthesizeTyped(schema: SchemaObject, type: JsonType, context: SynthesisContext): JsonValue {
  switch (type) {
    case "null":
      return null;
    case "boolean":
      return context.source.random.chance(0.5);
    case "integer":
      return synthesizeInteger(schema, context);
    case "number":
      return synthesizeNumber(schema, context);
    case "string":
      return synthesizeString(schema, context);
    case "array":
      return synthesizeArray(schema, context);
    case "object":
      return synthesizeObject(schema, context);
  }
}

function synthesizeArray(schema: SchemaObject, context: SynthesisContext): JsonValue[] {
  const { random } = context.source;
  const minimum = typeof schema.minItems === "number" ? schema.minItems : 0;
  const maximum = typeof schema.maxItems === "number" ? schema.maxItems : Math.max(minimum, 1) + 3;
  const shallow = context.depth < shallowDepth;
  const low = shallow && maximum >= 1 ? Math.max(minimum, 1) : minimum;
  const drawn = shallow ? random.integer(low, Math.min(maximum, low + 3)) : minimum;
  // As a real model asked to test every objective does: enough items to cover an enum property
  // of the items (a quiz question's objective id) once each, when the schema allows.
  const covering =
    schema.items === undefined
      ? 0
      : Math.max(
          0,
          ...[...enumProperties(resolveSchema(schema.items, context.root), context.root).values()].map(
            (values) => values.length,
          ),
        );
  const count = Math.max(drawn, Math.min(maximum, covering));
  const prefix = Array.isArray(schema.prefixItems) ? (schema.prefixItems as unknown[]) : [];
  const child: SynthesisContext = { ...context, depth: context.depth + 1 };
  const items: JsonValue[] = [];
  for (let index = 0; index < count; index++) {
    const itemSchema = index < prefix.length ? prefix[index] : schema.items;
    items.push(
      pickDistinct(() => synthesizeValue(itemSchema, child), items, resolveSchema(itemSchema, context.root), context),
    );
  }
  if (prefix.length === 0 && schema.items !== undefined)
    spreadEnumChoices(items, resolveSchema(schema.items, context.root), context.root, random);
  return items;
}

function synthesizeObject(schema: SchemaObject, context: SynthesisContext): Record<string, JsonValue> {
  const { random } = context.source;
  const properties = isSchemaObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const minProperties = typeof schema.minProperties === "number" ? schema.minProperties : 0;
  const shallow = context.depth < shallowDepth;
  const result: Record<string, JsonValue> = {};
  const names = Object.keys(properties);
  for (const name of names) {
    const include =
      required.has(name) ||
      (shallow && random.chance(0.7)) ||
      names.length - names.indexOf(name) <= minProperties - Object.keys(result).length;
    if (include)
      result[name] = synthesizeValue(properties[name], { ...context, depth: context.depth + 1, fieldName: name });
  }
  for (const name of required) {
    // Required names without a property schema accept anything; a string is the simplest.
    if (!(name in result))
      result[name] = synthesizeValue(schema.additionalProperties ?? {}, {
        ...context,
        depth: context.depth + 1,
        fieldName: name,
      });
  }
  const additional = schema.additionalProperties;
  const wantsMap = names.length === 0 && isSchemaObject(additional) && shallow;
  const extraCount = Math.max(minProperties - Object.keys(result).length, wantsMap ? random.integer(1, 3) : 0);
  for (let index = 0; index < extraCount && additional !== false; index++) {
    const key = `${random.pick(context.source.words).toLowerCase()}_${index + 1}`;
    result[key] = synthesizeValue(additional ?? {}, { ...context, depth: context.depth + 1, fieldName: key });
  }
  alignAnswers(result, schema, context.root, random);
  return result;
}
