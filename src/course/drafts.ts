import { z } from "zod";
import { closedObject } from "./closed-object.ts";
import { draftCounts, textLimits } from "./text-bounds.ts";

// The draft schemas are what a model is asked to produce. They are sent as OpenAI strict
// `json_schema` response formats and turned into llama.cpp grammars, so they stay inside the strict
// subset: every property required (nullable, never optional), closed objects, `anyOf` (never `oneOf`,
// which `z.discriminatedUnion` would emit), bounded strings, arrays and integers. Ids are not asked
// for: Courseforge assigns them, except the objective ids a quiz question refers to.

function text(maxLength: number, description?: string) {
  const schema = z.string().max(maxLength);
  return description === undefined ? schema : schema.describe(description);
}

function list<Item extends z.ZodType>(item: Item, min: number, max: number) {
  return z.array(item).min(min).max(max);
}

/** Bounds of an outline draft: exact module and lesson counts, from the request. */
export interface OutlineDraftOptions {
  readonly modules: number;
  readonly lessonsPerModule: number;
}

// Draft schemas are cached by their shape parameters: one schema object per shape lets the
// memoized JSON Schema conversion and zod's per-schema compiled parser serve every call of that
// shape, instead of building, converting and compiling a fresh schema per call. Bounded, oldest
// shape evicted first; a shape is a few kilobytes.
const maxCachedShapes = 256;

function cachedByShape<Schema>(cache: Map<string, Schema>, key: string, build: () => Schema): Schema {
  let schema = cache.get(key);
  if (schema === undefined) {
    schema = build();
    if (cache.size >= maxCachedShapes) cache.delete(cache.keys().next().value as string);
    cache.set(key, schema);
  }
  return schema;
}

const outlineDrafts = new Map<string, ReturnType<typeof buildOutlineDraftSchema>>();

/** Schema of the outline the planning call produces: exactly `modules` × `lessonsPerModule` lessons. */
export function outlineDraftSchema(options: OutlineDraftOptions) {
  return cachedByShape(outlineDrafts, `${options.modules}x${options.lessonsPerModule}`, () =>
    buildOutlineDraftSchema(options),
  );
}

function buildOutlineDraftSchema(options: OutlineDraftOptions) {
  const lesson = closedObject({
    title: text(textLimits.lessonTitle, "Lesson title: plain text, one line, no numbering."),
    summary: text(textLimits.summary, "One sentence: what the lesson covers."),
    objectives: list(
      text(textLimits.objective, "A measurable objective starting with a verb."),
      draftCounts.objectives.min,
      draftCounts.objectives.max,
    ),
    keyPoints: list(text(textLimits.keyPoint), draftCounts.keyPoints.min, draftCounts.keyPoints.max),
  });
  const module = closedObject({
    title: text(textLimits.moduleTitle, "Module title: plain text, one line, no numbering."),
    summary: text(textLimits.summary, "One or two sentences: what the module covers."),
    lessons: list(lesson, options.lessonsPerModule, options.lessonsPerModule),
  });
  return closedObject({
    title: text(textLimits.courseTitle, "Course title: plain text, one line."),
    description: text(textLimits.courseDescription, "Two or three sentences for the course catalogue."),
    modules: list(module, options.modules, options.modules),
  });
}

/** The outline a model produced, before ids are assigned. */
export type OutlineDraft = z.output<ReturnType<typeof outlineDraftSchema>>;

function section(bodyDescription: string) {
  return closedObject({
    title: text(textLimits.sectionTitle, "Section title: plain text, one line."),
    body: text(textLimits.sectionBody, `Markdown. ${bodyDescription}`),
  });
}

/**
 * Schema of one lesson's content. The required section kinds exist by construction: one
 * introduction, 1–3 explanations, one worked example, one activity, one summary.
 */
export function lessonDraftSchema() {
  // Built once: it takes no options, and reusing one schema object lets the JSON Schema conversion
  // (memoized per schema) and zod's per-schema compiled parser serve every lesson call.
  lessonDraft ??= buildLessonDraftSchema();
  return lessonDraft;
}

let lessonDraft: ReturnType<typeof buildLessonDraftSchema> | undefined;

function buildLessonDraftSchema() {
  return closedObject({
    introduction: section("Why the lesson matters and what the learner will be able to do."),
    explanations: list(
      section("One core idea, explained."),
      draftCounts.explanations.min,
      draftCounts.explanations.max,
    ),
    workedExample: section("One realistic example solved step by step."),
    activity: section("A hands-on task for the learner, with what a good result looks like."),
    summary: section("The key takeaways."),
    keyTerms: list(
      closedObject({ term: text(textLimits.term), definition: text(textLimits.definition, "One sentence.") }),
      draftCounts.keyTerms.min,
      draftCounts.keyTerms.max,
    ),
  });
}

/** The lesson content a model produced. */
export type LessonDraft = z.output<ReturnType<typeof lessonDraftSchema>>;

/** The objectives a quiz may test: the ids of the lesson's objectives. */
export interface QuizDraftOptions {
  readonly objectiveIds: readonly string[];
}

const optionIndex = z
  .int()
  .min(0)
  .max(draftCounts.options - 1);

/**
 * Schema of one lesson's quiz. Each question is one of four shapes told apart by `type`; its
 * `objectiveId` must be one of `objectiveIds`, so the schema itself forbids unknown objectives.
 *
 * @throws {RangeError} when `objectiveIds` is empty (a lesson always has objectives).
 */
export function quizDraftSchema(options: QuizDraftOptions) {
  const [first, ...rest] = options.objectiveIds;
  if (first === undefined) throw new RangeError("quizDraftSchema needs at least one objective id.");
  return cachedByShape(quizDrafts, JSON.stringify(options.objectiveIds), () => buildQuizDraftSchema(first, rest));
}

const quizDrafts = new Map<string, ReturnType<typeof buildQuizDraftSchema>>();

function buildQuizDraftSchema(first: string, rest: readonly string[]) {
  const objectiveId = z.enum([first, ...rest]).describe("The id of the lesson objective this question tests.");
  const prompt = text(textLimits.prompt, "The question, in plain text or light Markdown.");
  const options4 = list(text(textLimits.option), draftCounts.options, draftCounts.options).describe(
    "Exactly 4 distinct answer options.",
  );
  const explanation = text(textLimits.explanation, "Why the right answer is right and a tempting wrong one is wrong.");
  const question = z.union([
    closedObject({
      type: z.literal("single_choice"),
      prompt,
      options: options4,
      correctOptionIndex: optionIndex.describe("0-based index of the one correct option."),
      explanation,
      objectiveId,
    }),
    closedObject({
      type: z.literal("multiple_choice"),
      prompt,
      options: options4,
      correctOptionIndexes: list(optionIndex, draftCounts.correctOptions.min, draftCounts.correctOptions.max).describe(
        "0-based indexes of every correct option, each once.",
      ),
      explanation,
      objectiveId,
    }),
    closedObject({
      type: z.literal("true_false"),
      statement: text(textLimits.prompt, "A statement that is either true or false."),
      answer: z.boolean(),
      explanation,
      objectiveId,
    }),
    closedObject({
      type: z.literal("short_answer"),
      prompt,
      acceptedAnswers: list(
        text(textLimits.acceptedAnswer),
        draftCounts.acceptedAnswers.min,
        draftCounts.acceptedAnswers.max,
      ).describe("Short answers (a word or a few) that count as correct."),
      explanation,
      objectiveId,
    }),
  ]);
  return closedObject({ questions: list(question, draftCounts.questions.min, draftCounts.questions.max) });
}

/** The quiz a model produced, before ids are assigned. */
export type QuizDraft = z.output<ReturnType<typeof quizDraftSchema>>;

/** One question of a {@link QuizDraft}. */
export type QuizQuestionDraft = QuizDraft["questions"][number];
