import { z } from "zod";
import { courseTextLimits } from "./text-bounds.ts";

/**
 * Metadata (`id` → `$defs` name, `description`) of the public format's schemas. Kept out of zod's
 * global registry so that only {@link import("./json-schema.ts").courseJsonSchema} sees it and no
 * other schema's JSON Schema changes because it embeds a course part.
 */
export const formatRegistry = z.registry<{ id?: string; description?: string; title?: string }>();

/** Registers a schema's JSON Schema name and description; returns the same schema. */
export function documented<Schema extends z.ZodType>(
  schema: Schema,
  meta: { id?: string; description: string },
): Schema {
  formatRegistry.add(schema, meta);
  return schema;
}

/** Id formats. Ids are assigned by Courseforge from positions and never reused within a course. */
export const idPatterns = {
  course: /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
  module: /^m[1-9][0-9]*$/,
  lesson: /^m[1-9][0-9]*-l[1-9][0-9]*$/,
  objective: /^m[1-9][0-9]*-l[1-9][0-9]*-o[1-9][0-9]*$/,
  section: /^m[1-9][0-9]*-l[1-9][0-9]*-s[1-9][0-9]*$/,
  question: /^m[1-9][0-9]*-l[1-9][0-9]*-q[1-9][0-9]*$/,
  option: /^m[1-9][0-9]*-l[1-9][0-9]*-q[1-9][0-9]*-[a-z]$/,
} as const;

const idExamples: Record<keyof typeof idPatterns, string> = {
  course: "crs_01HZX3",
  module: "m1",
  lesson: "m1-l2",
  objective: "m1-l2-o1",
  section: "m1-l2-s3",
  question: "m1-l2-q4",
  option: "m1-l2-q4-b",
};

/** An id string of the given kind, with an error message showing the expected form. */
export function idOf(kind: keyof typeof idPatterns) {
  return z
    .string()
    .max(courseTextLimits.id)
    .regex(idPatterns[kind], {
      error: `must be ${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind} id like "${idExamples[kind]}"`,
    });
}

/** Non-blank text of at most `maxLength` characters. */
export function nonBlank(maxLength: number) {
  return z
    .string()
    .max(maxLength, { error: `must be at most ${maxLength} characters` })
    .regex(/\S/, { error: "must not be empty or blank" });
}

/** A list of `min` to `max` items. */
export function listOf<Item extends z.ZodType>(item: Item, bounds: { readonly min: number; readonly max: number }) {
  return z
    .array(item)
    .min(bounds.min, { error: `must have at least ${bounds.min} item${bounds.min === 1 ? "" : "s"}` })
    .max(bounds.max, { error: `must have at most ${bounds.max} items` });
}
