/**
 * A small JSON Schema validator for the keywords the simulator generates from. It answers "does
 * this value match?" (no error paths), which is all that choosing `oneOf` branches and checking
 * deliberate schema violations need. Tests use a full validator (ajv) as the oracle instead.
 */
import { codePointLength } from "./text.ts";
import { deepEqual, isSchemaObject, jsonTypeOf, resolveSchema } from "./json-schema.ts";
import type { JsonValue, SchemaObject } from "./json-schema.ts";

/** True when `value` satisfies `schema` (resolved against `root` for `$ref`). */
export function matchesSchema(value: JsonValue, schema: unknown, root: SchemaObject): boolean {
  if (schema === true || schema === undefined) return true;
  if (schema === false) return false;
  const resolved = resolveSchema(schema, root);
  return (
    matchesType(value, resolved) &&
    matchesValue(value, resolved) &&
    matchesCombinators(value, resolved, root) &&
    (typeof value !== "string" || matchesString(value, resolved)) &&
    (typeof value !== "number" || matchesNumber(value, resolved)) &&
    (!Array.isArray(value) || matchesArray(value, resolved, root)) &&
    (!isSchemaObject(value) || matchesObject(value as Record<string, JsonValue>, resolved, root))
  );
}

function matchesType(value: JsonValue, schema: SchemaObject): boolean {
  if (schema.type === undefined) return true;
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  const actual = jsonTypeOf(value);
  return types.includes(actual) || (actual === "integer" && types.includes("number"));
}

function matchesValue(value: JsonValue, schema: SchemaObject): boolean {
  if (schema.const !== undefined && !deepEqual(value, schema.const)) return false;
  if (Array.isArray(schema.enum) && !schema.enum.some((item) => deepEqual(item, value))) return false;
  return true;
}

function matchesCombinators(value: JsonValue, schema: SchemaObject, root: SchemaObject): boolean {
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((branch) => matchesSchema(value, branch, root))) return false;
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter((branch) => matchesSchema(value, branch, root)).length !== 1)
    return false;
  if (schema.not !== undefined && matchesSchema(value, schema.not, root)) return false;
  return true;
}

function matchesString(value: string, schema: SchemaObject): boolean {
  const length = codePointLength(value);
  if (typeof schema.minLength === "number" && length < schema.minLength) return false;
  if (typeof schema.maxLength === "number" && length > schema.maxLength) return false;
  if (typeof schema.pattern === "string") {
    try {
      if (!new RegExp(schema.pattern, "u").test(value)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function matchesNumber(value: number, schema: SchemaObject): boolean {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = schema;
  if (typeof minimum === "number" && (exclusiveMinimum === true ? value <= minimum : value < minimum)) return false;
  if (typeof maximum === "number" && (exclusiveMaximum === true ? value >= maximum : value > maximum)) return false;
  if (typeof exclusiveMinimum === "number" && value <= exclusiveMinimum) return false;
  if (typeof exclusiveMaximum === "number" && value >= exclusiveMaximum) return false;
  if (typeof multipleOf === "number" && multipleOf > 0) {
    const quotient = value / multipleOf;
    if (Math.abs(quotient - Math.round(quotient)) > 1e-9) return false;
  }
  return true;
}

function matchesArray(value: JsonValue[], schema: SchemaObject, root: SchemaObject): boolean {
  if (typeof schema.minItems === "number" && value.length < schema.minItems) return false;
  if (typeof schema.maxItems === "number" && value.length > schema.maxItems) return false;
  const prefix = Array.isArray(schema.prefixItems) ? (schema.prefixItems as unknown[]) : [];
  for (const [index, item] of value.entries()) {
    const itemSchema = index < prefix.length ? prefix[index] : schema.items;
    if (!matchesSchema(item, itemSchema, root)) return false;
  }
  if (schema.uniqueItems === true) {
    for (let index = 0; index < value.length; index++) {
      for (let other = index + 1; other < value.length; other++)
        if (deepEqual(value[index], value[other])) return false;
    }
  }
  return true;
}

function matchesObject(value: Record<string, JsonValue>, schema: SchemaObject, root: SchemaObject): boolean {
  const keys = Object.keys(value);
  if (typeof schema.minProperties === "number" && keys.length < schema.minProperties) return false;
  if (typeof schema.maxProperties === "number" && keys.length > schema.maxProperties) return false;
  if (Array.isArray(schema.required) && !(schema.required as string[]).every((name) => name in value)) return false;
  const properties = isSchemaObject(schema.properties) ? schema.properties : {};
  for (const key of keys) {
    const propertyValue = value[key] as JsonValue;
    if (key in properties) {
      if (!matchesSchema(propertyValue, properties[key], root)) return false;
    } else if (
      schema.additionalProperties !== undefined &&
      !matchesSchema(propertyValue, schema.additionalProperties, root)
    ) {
      return false;
    }
  }
  return true;
}
