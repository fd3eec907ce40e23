import { z } from "zod";
import { InvalidInputError } from "../errors/index.ts";
import { formatIssues, issuesFromZod } from "./issues.ts";
import { requestLimits } from "./text-bounds.ts";
import { qualityModes } from "./quality-format.ts";

/** Course difficulty levels. */
export const courseLevels = ["beginner", "intermediate", "advanced"] as const;

/** A course difficulty level. */
export type CourseLevel = (typeof courseLevels)[number];

/** BCP 47-like language code: a 2–3 letter lowercase language, then optional subtags (`en`, `pt-BR`, `zh-Hant-TW`). */
export const languageCodePattern = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

const requestFields = [
  "topic",
  "audience",
  "level",
  "modules",
  "lessonsPerModule",
  "language",
  "model",
  "knowledge",
  "quality",
  "cache",
  "reuse",
  "reuseFrom",
  "mode",
] as const;

/**
 * How a request uses the exact answer cache (docs/cost.md): `use` (the default) reads and
 * writes it, `refresh` pays again and replaces what it finds, `off` neither reads nor writes.
 */
export const requestCacheModes = ["use", "refresh", "off"] as const;

/**
 * Starting from a similar finished course the caller may read (docs/cost.md): `outline` takes its
 * outline (no outline call; it can still be reviewed), `course` copies the whole course at $0.
 */
export const reuseModes = ["outline", "course"] as const;

/** How a course is generated: `realtime` (default), or `economy` (lessons and quizzes through the Batch API at half price, slower). */
export const generationModes = ["realtime", "economy"] as const;

/** A generation mode. */
export type GenerationMode = (typeof generationModes)[number];

// Collection names or ids, and document ids, of the knowledge base (docs/knowledge.md).
const sourceReference = z
  .string()
  .trim()
  .min(1, { error: "must not be empty" })
  .max(100, { error: "must be at most 100 characters" })
  .regex(/^[^\p{Cc}\p{Cs}]+$/u, { error: "must not contain control characters" });

/** The teacher's material a course is built from: collections (ids or names) and single documents (ids). */
export const KnowledgeSelection = z
  .strictObject({
    collections: z.array(sourceReference).max(20, { error: "must name at most 20 collections" }).default([]),
    documents: z.array(sourceReference).max(50, { error: "must name at most 50 documents" }).default([]),
  })
  .refine((selection) => selection.collections.length + selection.documents.length > 0, {
    error: "knowledge must name at least one collection or document",
  });

function textField(name: string, bounds: { readonly min: number; readonly max: number }) {
  const expected = `${name} must be text of ${bounds.min} to ${bounds.max} characters (leading and trailing spaces are ignored)`;
  return z
    .string({ error: (issue) => `${expected}; got ${describeValue(issue.input)}` })
    .trim()
    .min(bounds.min, { error: (issue) => `${expected}; got ${describeLength(issue.input)}` })
    .max(bounds.max, { error: (issue) => `${expected}; got ${describeLength(issue.input)}` });
}

function countField(name: string, bounds: { readonly min: number; readonly max: number }) {
  const expected = `${name} must be a whole number from ${bounds.min} to ${bounds.max}`;
  const error = (issue: { input?: unknown }) => `${expected}; got ${describeValue(issue.input)}`;
  return z.int({ error }).min(bounds.min, { error }).max(bounds.max, { error });
}

const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });

/**
 * True for a well-formed BCP 47 tag (`Intl.getCanonicalLocales`) whose language is one the runtime
 * knows by name: `xx-invalid` is well-formed but names no language.
 */
export function isKnownLanguageTag(tag: string): boolean {
  let canonical: string | undefined;
  try {
    [canonical] = Intl.getCanonicalLocales(tag);
  } catch {
    return false;
  }
  if (canonical === undefined) return false;
  return languageNames.of(new Intl.Locale(canonical).language) !== undefined;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return Array.isArray(value) ? "a list" : `a value of type ${typeof value}`;
}

function describeLength(value: unknown): string {
  return typeof value === "string" ? `${value.length} characters` : describeValue(value);
}

/**
 * What a user asks for. Parsing trims text fields and fills defaults; unknown fields are rejected so a
 * misspelt option (`lessonPerModule`) is reported instead of silently ignored.
 */
export const CourseRequest = z.strictObject(
  {
    topic: textField("topic", requestLimits.topic),
    audience: textField("audience", requestLimits.audience).default("general learners"),
    level: z
      .enum(courseLevels, {
        error: (issue) =>
          `level must be one of ${courseLevels.map((level) => `"${level}"`).join(", ")}; got ${describeValue(issue.input)}`,
      })
      .default("beginner"),
    modules: countField("modules", requestLimits.modules).default(2),
    lessonsPerModule: countField("lessonsPerModule", requestLimits.lessonsPerModule).default(3),
    language: z
      .string({
        error: (issue) => `language must be a language code such as "en" or "pt-BR"; got ${describeValue(issue.input)}`,
      })
      .regex(languageCodePattern, {
        error: (issue) =>
          `language must be a BCP 47 language code such as "en", "fr" or "pt-BR" (lowercase language, optional subtags); got ${describeValue(issue.input)}`,
        abort: true,
      })
      .refine(isKnownLanguageTag, {
        error: (issue) =>
          `language must be a BCP 47 tag of a known language such as "en", "fr" or "pt-BR"; got ${describeValue(issue.input)}`,
      })
      .default("en"),
    model: textField("model", requestLimits.model).optional(),
    knowledge: KnowledgeSelection.optional(),
    // Optional rather than defaulted: absent means the service's configured mode (mend unless changed).
    quality: z
      .enum(qualityModes, {
        error: (issue) =>
          `quality must be one of ${qualityModes.map((mode) => `"${mode}"`).join(", ")}; got ${describeValue(issue.input)}`,
      })
      .optional(),
    cache: z
      .enum(requestCacheModes, {
        error: (issue) =>
          `cache must be one of ${requestCacheModes.map((mode) => `"${mode}"`).join(", ")}; got ${describeValue(issue.input)}`,
      })
      .optional()
      .describe('The exact answer cache: "use" (default), "refresh" or "off".'),
    reuse: z
      .enum(reuseModes, {
        error: (issue) =>
          `reuse must be one of ${reuseModes.map((mode) => `"${mode}"`).join(", ")}; got ${describeValue(issue.input)}`,
      })
      .optional()
      .describe('Start from a similar course: "outline" (its outline) or "course" (a copy at $0).'),
    reuseFrom: z
      .string({ error: (issue) => `reuseFrom must be a course id; got ${describeValue(issue.input)}` })
      .regex(/^crs_[A-Za-z0-9_-]{1,64}$/, { error: 'reuseFrom must be a course id like "crs_3f9c0d2b8e1a47c6b5d4"' })
      .optional()
      .describe("The course to reuse (one POST /v1/courses/preview suggested); absent: the most similar one."),
    mode: z
      .enum(generationModes, {
        error: (issue) =>
          `mode must be one of ${generationModes.map((mode) => `"${mode}"`).join(", ")}; got ${describeValue(issue.input)}`,
      })
      .optional()
      .describe(
        "realtime (default), or economy: lessons and quizzes go through the provider's Batch API at half price and finish later (minutes to hours); the outline stays real time.",
      ),
  },
  {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") {
        return `allowed fields are ${requestFields.join(", ")}`;
      }
      if (issue.code === "invalid_type")
        return `a course request must be a JSON object with a "topic"; got ${describeValue(issue.input)}`;
      return undefined;
    },
  },
);

/** A validated course request, defaults filled in. */
export type CourseRequest = z.output<typeof CourseRequest>;

/** What a caller may send: defaulted fields are optional. */
export type CourseRequestInput = z.input<typeof CourseRequest>;

/**
 * Validates a course request at a boundary (CLI, HTTP, file).
 *
 * @throws {InvalidInputError} listing every problem, one per line; `details.issues` holds them as {@link import("./issues.ts").CourseIssue}s.
 */
export function parseCourseRequest(input: unknown): CourseRequest {
  const result = CourseRequest.safeParse(input);
  if (result.success) return result.data;
  const issues = issuesFromZod(result.error);
  throw new InvalidInputError(`Invalid course request:\n${formatIssues(issues)}`, {
    cause: result.error,
    details: { issues },
    suggestion: `Send a JSON object like {"topic": "Photosynthesis", "modules": 2, "lessonsPerModule": 3}.`,
  });
}
