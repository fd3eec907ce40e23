import { z } from "zod";

/** A JSON Schema document as a plain object. */
export type JsonSchemaObject = Record<string, unknown>;

/**
 * The JSON Schema of a draft schema as sent in a strict `json_schema` response format: draft
 * 2020-12, output types, everything inlined, without the `$schema` keyword (some strict-mode
 * providers reject keywords they do not list).
 *
 * @throws {Error} when the schema holds something JSON Schema cannot express (e.g. a transform).
 */
export function draftJsonSchema(schema: z.ZodType): JsonSchemaObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io: "output",
    unrepresentable: "throw",
  });
  return rest;
}

/** One way a JSON Schema leaves the strict-mode subset, located by a JSON Pointer. */
export interface StrictModeViolation {
  readonly pointer: string;
  readonly message: string;
}

const forbiddenKeywords = [
  "oneOf",
  "allOf",
  "not",
  "if",
  "then",
  "else",
  "patternProperties",
  "dependentSchemas",
] as const;

/**
 * Lists how a JSON Schema breaks the rules shared by OpenAI strict structured outputs and the
 * llama.cpp grammar Courseforge builds: the root is an object; every object is closed
 * (`additionalProperties: false`) with every property required; no `oneOf`/`allOf`/`not`/conditionals;
 * every free string has `maxLength`; every array has `minItems` and `maxItems`; every integer has
 * `minimum` and `maximum`. An empty list means the schema is fit to send.
 */
export function findStrictModeViolations(schema: JsonSchemaObject): StrictModeViolation[] {
  const violations: StrictModeViolation[] = [];
  if (!hasType(schema, "object")) violations.push({ pointer: "", message: "the root must be an object schema" });
  walk(schema, "", violations);
  return violations;
}

function walk(node: JsonSchemaObject, pointer: string, violations: StrictModeViolation[]): void {
  const report = (message: string) => violations.push({ pointer, message });
  for (const keyword of forbiddenKeywords) if (keyword in node) report(`"${keyword}" is not allowed (use anyOf)`);
  const bounded = "enum" in node || "const" in node;
  if (hasType(node, "object")) checkObject(node, report);
  if (hasType(node, "string") && !bounded && typeof node["maxLength"] !== "number") report("string without maxLength");
  if (hasType(node, "array")) {
    if (typeof node["minItems"] !== "number") report("array without minItems");
    if (typeof node["maxItems"] !== "number") report("array without maxItems");
  }
  if (hasType(node, "integer") && !bounded) {
    if (typeof node["minimum"] !== "number") report("integer without minimum");
    if (typeof node["maximum"] !== "number") report("integer without maximum");
  }
  for (const [key, child] of children(node)) walk(child, `${pointer}/${key}`, violations);
}

function checkObject(node: JsonSchemaObject, report: (message: string) => void): void {
  if (node["additionalProperties"] !== false) report("object without additionalProperties: false");
  const properties = isSchema(node["properties"]) ? Object.keys(node["properties"]) : [];
  const required = Array.isArray(node["required"]) ? new Set(node["required"]) : new Set();
  for (const key of properties)
    if (!required.has(key)) report(`property "${key}" is not required (make it nullable instead)`);
}

function children(node: JsonSchemaObject): [string, JsonSchemaObject][] {
  const result: [string, JsonSchemaObject][] = [];
  for (const keyword of ["properties", "$defs", "definitions"]) {
    const map = node[keyword];
    if (isSchema(map))
      for (const [key, child] of Object.entries(map))
        if (isSchema(child)) result.push([`${keyword}/${escapePointer(key)}`, child]);
  }
  for (const keyword of ["items", "additionalProperties", "not"]) {
    const child = node[keyword];
    if (isSchema(child)) result.push([keyword, child]);
  }
  for (const keyword of ["anyOf", "oneOf", "allOf", "prefixItems"]) {
    const list = node[keyword];
    if (Array.isArray(list))
      list.forEach((child, index) => isSchema(child) && result.push([`${keyword}/${index}`, child]));
  }
  return result;
}

function hasType(node: JsonSchemaObject, type: string): boolean {
  const declared = node["type"];
  return declared === type || (Array.isArray(declared) && declared.includes(type));
}

function isSchema(value: unknown): value is JsonSchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function escapePointer(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}
