/**
 * Keeps array items distinct, as a real model does when it lists options, objectives or steps:
 * regenerate on a duplicate, then fall back to an unused enum value or integer, then to a reworded
 * string, and only repeat when the schema leaves no other choice.
 */
import { deepEqual, schemaTypes } from "./json-schema.ts";
import type { JsonValue, SchemaObject } from "./json-schema.ts";
import { matchesSchema } from "./schema-check.ts";
import type { SynthesisContext } from "./synthesis-context.ts";

const regenerateAttempts = 6;
const integerScanLimit = 1000;

/** Generates an item that differs from all `previous` items when the item schema allows it. */
export function pickDistinct(
  generate: () => JsonValue,
  previous: readonly JsonValue[],
  itemSchema: SchemaObject,
  context: SynthesisContext,
): JsonValue {
  const isNew = (candidate: JsonValue) => !previous.some((item) => deepEqual(item, candidate));
  let candidate = generate();
  for (let attempt = 1; attempt < regenerateAttempts && !isNew(candidate); attempt++) candidate = generate();
  if (isNew(candidate)) return candidate;

  const valid = (value: JsonValue) => isNew(value) && matchesSchema(value, itemSchema, context.root);
  if (Array.isArray(itemSchema.enum)) {
    const unused = (itemSchema.enum as JsonValue[]).find(valid);
    if (unused !== undefined) return structuredClone(unused);
  }
  if (typeof candidate === "number" && Number.isInteger(candidate) && schemaTypes(itemSchema).includes("integer")) {
    for (let offset = 1; offset <= integerScanLimit; offset++) {
      for (const value of [candidate + offset, candidate - offset]) if (valid(value)) return value;
    }
  }
  if (typeof candidate === "string") {
    const { words, random } = context.source;
    for (let attempt = 0; attempt < regenerateAttempts; attempt++) {
      const reworded =
        attempt % 2 === 0
          ? `${candidate} ${random.pick(words)}`
          : `${candidate.slice(0, Math.max(1, candidate.length - attempt - 1))}${random.pick(words).slice(0, attempt + 1)}`;
      if (valid(reworded)) return reworded;
    }
  }
  return candidate;
}
