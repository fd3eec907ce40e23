/**
 * The small part of JSON Schema the simulator needs: `$ref` resolution, `allOf` merging, type
 * inference and a subset validator (used to pick `oneOf` branches and to check deliberate faults).
 */

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON Schema (object form; boolean schemas are handled where they can appear). */
export type SchemaObject = Readonly<Record<string, unknown>>;

/** The JSON types a schema may name. */
export type JsonType = "null" | "boolean" | "integer" | "number" | "string" | "array" | "object";

const allTypes: readonly JsonType[] = ["string", "number", "integer", "boolean", "object", "array", "null"];

/** Narrows an unknown value to a schema object (arrays and null excluded). */
export function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Follows a local `$ref` (`#/$defs/…`, `#/definitions/…`, any JSON pointer into the root). */
export function followReference(reference: string, root: SchemaObject): SchemaObject | undefined {
  if (!reference.startsWith("#")) return undefined;
  const pointer = decodeURIComponent(reference.slice(1));
  let current: unknown = root;
  for (const part of pointer.split("/").slice(1)) {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    current = isSchemaObject(current) ? current[key] : Array.isArray(current) ? current[Number(key)] : undefined;
  }
  if (current === true) return {};
  return isSchemaObject(current) ? current : undefined;
}

/**
 * Returns the schema with `$ref` followed (siblings override the target) and `allOf` merged into
 * one schema. Unresolvable references resolve to `{}` (anything).
 */
export function resolveSchema(schema: unknown, root: SchemaObject, depth = 0): SchemaObject {
  if (schema === true || schema === undefined) return {};
  if (schema === false) return { not: {} };
  if (!isSchemaObject(schema) || depth > 32) return {};
  let result: SchemaObject = schema;
  if (typeof result.$ref === "string") {
    const { $ref: reference, ...siblings } = result;
    const target = resolveSchema(followReference(reference as string, root) ?? {}, root, depth + 1);
    result = mergeSchemas(target, siblings);
  }
  if (Array.isArray(result.allOf)) {
    const { allOf, ...rest } = result;
    result = (allOf as unknown[]).reduce<SchemaObject>(
      (merged, part) => mergeSchemas(merged, resolveSchema(part, root, depth + 1)),
      rest,
    );
  }
  return result;
}

/** Merges two schemas as `allOf` does: both must hold, so bounds tighten and lists intersect/union. */
export function mergeSchemas(left: SchemaObject, right: SchemaObject): SchemaObject {
  const merged: Record<string, unknown> = { ...left };
  for (const [key, value] of Object.entries(right)) {
    const existing = merged[key];
    if (existing === undefined) {
      merged[key] = value;
      continue;
    }
    switch (key) {
      case "properties": {
        const properties: Record<string, unknown> = { ...(existing as SchemaObject) };
        for (const [name, property] of Object.entries(value as SchemaObject)) {
          properties[name] = properties[name] === undefined ? property : { allOf: [properties[name], property] };
        }
        merged.properties = properties;
        break;
      }
      case "required":
        merged.required = [...new Set([...(existing as string[]), ...(value as string[])])];
        break;
      case "type": {
        const kept = typeList(existing).filter(
          (type) => typeList(value).includes(type) || (type === "integer" && typeList(value).includes("number")),
        );
        merged.type = kept.length === 1 ? kept[0] : kept;
        break;
      }
      case "enum":
        merged.enum = (existing as unknown[]).filter((item) =>
          (value as unknown[]).some((other) => deepEqual(item, other)),
        );
        break;
      case "minimum":
      case "exclusiveMinimum":
      case "minLength":
      case "minItems":
      case "minProperties":
        merged[key] = typeof existing === "number" && typeof value === "number" ? Math.max(existing, value) : value;
        break;
      case "maximum":
      case "exclusiveMaximum":
      case "maxLength":
      case "maxItems":
      case "maxProperties":
        merged[key] = typeof existing === "number" && typeof value === "number" ? Math.min(existing, value) : value;
        break;
      case "items":
      case "additionalProperties":
        merged[key] = value === false || existing === false ? false : { allOf: [existing, value] };
        break;
      default:
        merged[key] = value;
    }
  }
  return merged;
}

function typeList(value: unknown): JsonType[] {
  if (typeof value === "string") return [value as JsonType];
  return Array.isArray(value) ? (value as JsonType[]) : [...allTypes];
}

/** The types a (resolved) schema allows: its `type`, or what its keywords imply. */
export function schemaTypes(schema: SchemaObject): JsonType[] {
  if (schema.type !== undefined) return typeList(schema.type);
  if (schema.const !== undefined) return [jsonTypeOf(schema.const as JsonValue)];
  if (Array.isArray(schema.enum) && schema.enum.length > 0)
    return [...new Set((schema.enum as JsonValue[]).map(jsonTypeOf))];
  if (schema.properties !== undefined || schema.required !== undefined || schema.additionalProperties !== undefined)
    return ["object"];
  if (schema.items !== undefined || schema.prefixItems !== undefined || schema.minItems !== undefined) return ["array"];
  if (schema.minLength !== undefined || schema.maxLength !== undefined || schema.pattern !== undefined)
    return ["string"];
  if (schema.minimum !== undefined || schema.maximum !== undefined) return ["number"];
  return ["string"];
}

/** The JSON type of a value (`integer` for whole numbers). */
export function jsonTypeOf(value: JsonValue): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value as "boolean" | "string" | "object";
}

/** Structural equality of JSON values (object key order ignored). */
export function deepEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== "object" || typeof right !== "object" || left === null || right === null) return false;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => deepEqual(item, right[index]));
  }
  const leftKeys = Object.keys(left);
  const rightRecord = right as Record<string, unknown>;
  return (
    leftKeys.length === Object.keys(right).length &&
    leftKeys.every((key) => key in rightRecord && deepEqual((left as Record<string, unknown>)[key], rightRecord[key]))
  );
}
