// The course format: request, model-output (draft) schemas, the public format v1, converters,
// semantic checks, JSON Schema export. Pure: depends only on zod and src/errors.
export {
  CourseRequest,
  KnowledgeSelection,
  parseCourseRequest,
  courseLevels,
  generationModes,
  languageCodePattern,
  requestCacheModes,
  reuseModes,
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
export {
  outlineFromDraft,
  lessonFromDraft,
  quizFromDraft,
  questionFromDraft,
  assembleCourse,
  IncompleteCourseError,
} from "./convert.ts";
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
  citationOf,
  type Excerpt,
  type Grounding,
  type GroundingPassage,
  type GroundedLessonDraft,
} from "./citations.ts";
export {
  RevisionTarget,
  revisionTargetKinds,
  maxInstructionLength,
  locateTarget,
  describeTarget,
  replaceLesson,
  replaceSection,
  replaceQuestion,
  replaceOutlineWording,
} from "./revision-target.ts";
export type { RevisionTargetKind, LocatedTarget, OutlineWording } from "./revision-target.ts";
export { diffCourses, lessonsTouched } from "./course-diff.ts";
export type { PartChange, FieldChange, CoursePartKind } from "./course-diff.ts";
export {
  sectionDraftSchema,
  checkSectionDraft,
  sectionFromDraft,
  questionDraftSchema,
  checkQuestionDraft,
  questionOfDraft,
  outlineWordingSchema,
  checkOutlineWording,
} from "./revision-drafts.ts";
export type { SectionDraft, QuestionDraft } from "./revision-drafts.ts";
export {
  CourseQuality,
  LessonQuality,
  QualityFlag,
  QualityThresholds,
  Rubric,
  qualityCheckKinds,
  qualityModes,
  rubricCriteria,
} from "./quality-format.ts";
export type { QualityCheckKind, QualityMode, RubricCriterion } from "./quality-format.ts";
export { cosineSimilarity, normaliseAudience, normaliseRequest, normaliseTopic, sameShape } from "./request-match.ts";
export type { NormalisedRequest } from "./request-match.ts";
