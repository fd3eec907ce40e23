// The course format: request, model-output (draft) schemas, the public format v1, converters,
// semantic checks, JSON Schema export. Pure: depends only on zod and src/errors.
export {
  CourseRequest,
  KnowledgeSelection,
  parseCourseRequest,
  courseLevels,
  generationModes,
  languageCodePattern,
} from "./request.ts";
export type { CourseRequestInput, CourseLevel, GenerationMode } from "./request.ts";
export { outlineDraftSchema, lessonDraftSchema, quizDraftSchema } from "./drafts.ts";
export type {
  OutlineDraft,
  OutlineDraftOptions,
  LessonDraft,
  QuizDraft,
  QuizDraftOptions,
  QuizQuestionDraft,
} from "./drafts.ts";
export { draftJsonSchema, findStrictModeViolations } from "./strict-json-schema.ts";
export type { JsonSchemaObject, StrictModeViolation } from "./strict-json-schema.ts";
export {
  Course,
  CourseModule,
  CourseLesson,
  Lesson,
  Outline,
  OutlineModule,
  OutlineLesson,
  Section,
  Citation,
  Objective,
  KeyTerm,
  Generation,
  courseFormatVersion,
  sectionKinds,
} from "./format.ts";
export type { SectionKind } from "./format.ts";
export {
  Quiz,
  QuizQuestion,
  QuizOption,
  SingleChoiceQuestion,
  MultipleChoiceQuestion,
  TrueFalseQuestion,
  ShortAnswerQuestion,
  questionTypes,
} from "./quiz-format.ts";
export type { QuestionType } from "./quiz-format.ts";
export { idPatterns } from "./format-parts.ts";
export { outlineFromDraft, lessonFromDraft, quizFromDraft, assembleCourse, IncompleteCourseError } from "./convert.ts";
export type { AssembleCourseInput, ByLessonId } from "./convert.ts";
export { checkOutline, checkLessonDraft, checkQuizDraft } from "./check-drafts.ts";
export type { OutlineShape } from "./check-drafts.ts";
export { validateCourse } from "./validate-course.ts";
export type { CourseValidation } from "./validate-course.ts";
export { issuesFromZod, formatIssues, formatIssuePath } from "./issues.ts";
export type { CourseIssue } from "./issues.ts";
export { courseJsonSchema, courseSchemaId } from "./json-schema.ts";
export { requestLimits, textLimits, draftCounts, courseCounts } from "./text-bounds.ts";
export { slugOf } from "./slug.ts";
export {
  checkGroundedLessonDraft,
  citedLessonFromDraft,
  excerptId,
  groundedLessonDraftSchema,
  quoteFor,
  type Excerpt,
  type Grounding,
  type GroundingPassage,
  type GroundedLessonDraft,
} from "./citations.ts";
