import type { JsonSchema } from "../../types.ts";

/**
 * Rewrites a strict JSON Schema into the dialect node-llama-cpp's grammar builder reads well:
 * drops `$schema`, and turns `anyOf` into `oneOf`, because its `anyOf` handling makes zod v4's
 * nullable (`anyOf: [X, {type: "null"}]`) null-only. `$defs`/`$ref` are kept (it resolves them).
 * The input is not changed.
 */
export function toGrammarSchema(schema: JsonSchema): JsonSchema {
  return rewrite(schema) as JsonSchema;
}

function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewrite);
  if (typeof node !== "object" || node === null) return node;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$schema") continue;
    // `properties` and `$defs` map user-chosen names to schemas: rename only keywords, never those names.
    if (key === "properties" || key === "$defs") {
      result[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, child]) => [name, rewrite(child)]),
      );
    } else if (key === "enum" || key === "const") {
      result[key] = value;
    } else {
      result[key === "anyOf" ? "oneOf" : key] = rewrite(value);
    }
  }
  return result;
}
