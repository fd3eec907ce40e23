import { z } from "zod";
import { closedObject } from "./closed-object.ts";
import { documented, idOf, listOf, nonBlank } from "./format-parts.ts";
import { courseCounts, courseTextLimits, requestLimits } from "./text-bounds.ts";
import { Quiz } from "./quiz-format.ts";
import { CourseQuality } from "./quality-format.ts";
import { courseLevels, languageCodePattern } from "./request.ts";

/** The version of the course format this code reads and writes. */
export const courseFormatVersion = "1";

/** Section kinds, in the order a generated lesson has them. */
export const sectionKinds = ["introduction", "explanation", "worked_example", "activity", "summary"] as const;

/** A lesson section kind. */
export type SectionKind = (typeof sectionKinds)[number];

const shortText = nonBlank(courseTextLimits.shortText);
const longText = nonBlank(courseTextLimits.longText);

/** A measurable learning objective of a lesson. */
export const Objective = documented(closedObject({ id: idOf("objective"), text: shortText }), {
  id: "Objective",
  description: "A measurable learning objective; quiz questions refer to it by id.",
});
/** A measurable learning objective of a lesson. */
export type Objective = z.output<typeof Objective>;

/** A term a learner must know, with its definition. */
export const KeyTerm = documented(closedObject({ term: shortText, definition: longText }), {
  id: "KeyTerm",
  description: "A term the learner must know and its one-sentence definition.",
});
/** A term a learner must know, with its definition. */
export type KeyTerm = z.output<typeof KeyTerm>;

/** Where a statement of a section comes from: a verbatim quote of a passage of the teacher's document. */
export const Citation = documented(
  closedObject({
    chunkId: documented(nonBlank(200), { description: "The excerpt (stored chunk) the section relies on." }),
    documentId: nonBlank(200),
    title: documented(nonBlank(courseTextLimits.shortText), { description: "The document's title." }),
    page: documented(z.int().positive().nullable(), { description: "The 1-based page (PDFs), else null." }),
    quote: documented(nonBlank(courseTextLimits.longText), {
      description: "A verbatim span of the excerpt: the passage the section relies on most.",
    }),
  }),
  {
    id: "Citation",
    description: "A source of a section (format 1.1): a passage of one of the documents the course was grounded on.",
  },
);
/** A source of a section. */
export type Citation = z.output<typeof Citation>;

/** One part of a lesson's text. */
export const Section = documented(
  closedObject({
    id: idOf("section"),
    kind: z.enum(sectionKinds),
    title: shortText,
    body: documented(nonBlank(courseTextLimits.body), {
      description: "Markdown (CommonMark); no raw HTML is produced by Courseforge.",
    }),
    citations: documented(listOf(Citation, { min: 0, max: 8 }).optional(), {
      description:
        "Format 1.1: the excerpts of the teacher's documents this section relies on (grounded courses only).",
    }),
  }),
  {
    id: "Section",
    description: "One part of a lesson: introduction, explanation, worked_example, activity or summary.",
  },
);
/** One part of a lesson's text. */
export type Section = z.output<typeof Section>;

const outlineLessonShape = {
  id: idOf("lesson"),
  title: shortText,
  summary: longText,
  objectives: listOf(Objective, courseCounts.objectives),
  keyPoints: listOf(shortText, courseCounts.keyPoints),
};

/** A lesson as planned: ids, title, objectives and key points, before it is written. */
export const OutlineLesson = documented(closedObject(outlineLessonShape), {
  id: "OutlineLesson",
  description: "A planned lesson, before its sections and quiz are written.",
});
/** A lesson as planned. */
export type OutlineLesson = z.output<typeof OutlineLesson>;

/** A module as planned. */
export const OutlineModule = documented(
  closedObject({
    id: idOf("module"),
    title: shortText,
    summary: longText,
    lessons: listOf(OutlineLesson, courseCounts.lessons),
  }),
  { id: "OutlineModule", description: "A planned module." },
);
/** A module as planned. */
export type OutlineModule = z.output<typeof OutlineModule>;

const courseContextShape = {
  title: shortText,
  description: longText,
  topic: nonBlank(requestLimits.topic.max),
  audience: nonBlank(requestLimits.audience.max),
  level: z.enum(courseLevels),
  language: z.string().max(35).regex(languageCodePattern, { error: `must be a language code like "en" or "pt-BR"` }),
};

/** The course skeleton the planning step produces (ids, objectives, key points), without sections or quizzes. */
export const Outline = documented(
  closedObject({ ...courseContextShape, modules: listOf(OutlineModule, courseCounts.modules) }),
  {
    id: "Outline",
    description: "The course skeleton: modules and planned lessons, without sections or quizzes.",
  },
);
/** The course skeleton. */
export type Outline = z.output<typeof Outline>;

const lessonShape = {
  ...outlineLessonShape,
  keyTerms: listOf(KeyTerm, courseCounts.keyTerms),
  sections: listOf(Section, courseCounts.sections),
};

/** A written lesson without its quiz (what the writing step produces; the quiz is written next). */
export const Lesson = documented(closedObject(lessonShape), {
  id: "Lesson",
  description: "A written lesson without its quiz.",
});
/** A written lesson without its quiz. */
export type Lesson = z.output<typeof Lesson>;

/** A lesson as it appears in a course: written content plus its quiz. */
export const CourseLesson = documented(closedObject({ ...lessonShape, quiz: Quiz }), {
  id: "CourseLesson",
  description: "A lesson of the course: its plan, its sections in reading order, its key terms and its quiz.",
});
/** A lesson as it appears in a course. */
export type CourseLesson = z.output<typeof CourseLesson>;

/** A module of a course. */
export const CourseModule = documented(
  closedObject({
    id: idOf("module"),
    title: shortText,
    summary: longText,
    lessons: listOf(CourseLesson, courseCounts.lessons),
  }),
  { id: "CourseModule", description: "A module of the course." },
);
/** A module of a course. */
export type CourseModule = z.output<typeof CourseModule>;

const count = z.int().nonnegative();

/** How a course was generated. */
export const Generation = documented(
  closedObject({
    provider: shortText,
    models: listOf(shortText, { min: 0, max: 20 }),
    simulated: documented(z.boolean(), { description: "True when the simulator wrote the text: not for learners." }),
    createdAt: z.iso.datetime({ error: "must be an ISO 8601 UTC date-time like 2025-01-31T12:00:00.000Z" }),
    promptTokens: count,
    completionTokens: count,
    cachedPromptTokens: count,
    costUsd: z.number().nonnegative(),
    llmCalls: count,
    grounded: documented(z.boolean().optional(), {
      description:
        "Format 1.1: true when lessons were written from the teacher's documents (sections carry citations); false when documents were named but nothing relevant was found; absent when none were named.",
    }),
  }),
  {
    id: "Generation",
    description:
      "How the course was generated: provider, models, tokens, cost and number of model calls (retries included).",
  },
);
/** How a course was generated. */
export type Generation = z.output<typeof Generation>;

/** A complete course in format v1. */
export const Course = documented(
  closedObject({
    formatVersion: z.literal(courseFormatVersion),
    id: idOf("course"),
    ...courseContextShape,
    modules: listOf(CourseModule, courseCounts.modules),
    generation: Generation,
    quality: documented(CourseQuality.optional(), {
      description: "Format 1.2: per-lesson scores and flags and a course score; absent when evaluation was off.",
    }),
  }),
  { description: "A complete course: modules of lessons made of sections, each lesson with its quiz." },
);
/** A complete course in format v1. */
export type Course = z.output<typeof Course>;
