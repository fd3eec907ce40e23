import { z } from "zod";
import { closedObject } from "./closed-object.ts";
import { documented, idOf, listOf, nonBlank } from "./format-parts.ts";
import { courseTextLimits } from "./text-bounds.ts";

/** What the model-free quality checks look for (docs/quality.md). */
export const qualityCheckKinds = [
  "placeholder",
  "section_length",
  "reading_level",
  "near_duplicate",
  "objective_untaught",
  "objective_untested",
  "duplicate_question",
  "answer_position_skew",
  "long_correct_option",
  "explanation_contradicts_key",
  "key_term_unused",
] as const;

/** One kind of model-free quality check. */
export type QualityCheckKind = (typeof qualityCheckKinds)[number];

/** The judge's rubric criteria, each scored 1–5. */
export const rubricCriteria = ["accuracy", "clarity", "alignment", "audienceFit", "workedExample"] as const;

/** One rubric criterion. */
export type RubricCriterion = (typeof rubricCriteria)[number];

/** Per request: skip evaluation, flag what fails, or regenerate it once and then flag (the default). */
export const qualityModes = ["off", "flag", "mend"] as const;

/** How a course is evaluated and gated. */
export type QualityMode = (typeof qualityModes)[number];

const score = z.int().min(1).max(5);

/** One problem a check found. */
export const QualityFlag = documented(
  closedObject({
    check: z.enum(qualityCheckKinds),
    part: z.enum(["lesson", "quiz", "course"]),
    target: documented(nonBlank(courseTextLimits.shortText), {
      description: "The id of what the flag is about (lesson, section, question or objective), or the key term.",
    }),
    message: nonBlank(courseTextLimits.longText),
  }),
  { id: "QualityFlag", description: "A problem a model-free check found (format 1.2)." },
);
/** One problem a check found. */
export type QualityFlag = z.output<typeof QualityFlag>;

const criterion = closedObject({ score, reason: nonBlank(courseTextLimits.longText) });

/** The judge's scores of one lesson. */
export const Rubric = documented(
  closedObject({
    accuracy: criterion,
    clarity: criterion,
    alignment: criterion,
    audienceFit: criterion,
    workedExample: criterion,
  }),
  { id: "Rubric", description: "The judge's 1–5 score and one-sentence reason per criterion (format 1.2)." },
);
/** The judge's scores of one lesson. */
export type Rubric = z.output<typeof Rubric>;

/** The evaluation of one lesson and its quiz. */
export const LessonQuality = documented(
  closedObject({
    lessonId: idOf("lesson"),
    score: documented(z.number().min(1).max(5).nullable(), {
      description: "The mean of the rubric's scores; null when the judge did not answer.",
    }),
    rubric: Rubric.nullable(),
    flags: listOf(QualityFlag, { min: 0, max: 200 }),
    status: documented(z.enum(["passed", "mended", "flagged"]), {
      description:
        "passed: above every threshold as written; mended: regenerated once, then passed; flagged: below a threshold.",
    }),
    mended: documented(listOf(z.enum(["lesson", "quiz"]), { min: 0, max: 2 }), {
      description: "What was regenerated with the evaluation as feedback.",
    }),
  }),
  { id: "LessonQuality", description: "How a lesson and its quiz were scored (format 1.2)." },
);
/** The evaluation of one lesson and its quiz. */
export type LessonQuality = z.output<typeof LessonQuality>;

/** The thresholds a lesson must meet. */
export const QualityThresholds = documented(
  closedObject({
    minScore: documented(z.number().min(1).max(5), { description: "Lowest mean rubric score that passes." }),
    minCriterion: documented(z.int().min(1).max(5), { description: "Lowest score any one criterion may have." }),
  }),
  { id: "QualityThresholds", description: "The thresholds the course was gated with." },
);
/** The thresholds a lesson must meet. */
export type QualityThresholds = z.output<typeof QualityThresholds>;

/** A course's quality: per-lesson scores and flags, course-wide flags and a course score. */
export const CourseQuality = documented(
  closedObject({
    mode: z.enum(["flag", "mend"]),
    score: documented(z.number().min(1).max(5).nullable(), {
      description: "The mean of the lessons' scores; null when no lesson was judged.",
    }),
    passed: documented(z.boolean(), {
      description: "True when no lesson is flagged and no course-wide flag is raised.",
    }),
    flagged: documented(z.int().nonnegative(), { description: "How many lessons are flagged." }),
    thresholds: QualityThresholds,
    lessons: listOf(LessonQuality, { min: 0, max: 200 }),
    flags: documented(listOf(QualityFlag, { min: 0, max: 200 }), {
      description: "Course-wide flags: near-duplicates across lessons, answer position skew.",
    }),
  }),
  {
    id: "CourseQuality",
    description:
      "Format 1.2: how the course was evaluated (model-free checks and a judge's rubric) and what is flagged. Absent when evaluation was off.",
  },
);
/** A course's quality. */
export type CourseQuality = z.output<typeof CourseQuality>;
