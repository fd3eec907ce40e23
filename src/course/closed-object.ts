import { z } from "zod";

/**
 * A strict object (unknown keys rejected, `additionalProperties: false` in JSON Schema) whose
 * unknown-key error lists the allowed fields, so a reader or a model knows what to write instead.
 */
export function closedObject<const Shape extends z.ZodRawShape>(shape: Shape) {
  const allowed = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) => (issue.code === "unrecognized_keys" ? `allowed fields here are ${allowed}` : undefined),
  });
}
