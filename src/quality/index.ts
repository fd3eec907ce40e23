// Quality: model-free checks of lessons and courses, the judge (a structured model call with a
// rubric), and the gate that decides what passes, what is regenerated once, and what is flagged.
export { checkLesson, checkCourseQuizzes, lessonChecks } from "./lesson-checks.ts";
export type { LessonCheck, LessonUnderCheck } from "./check-types.ts";
export { checkPlaceholders, findPlaceholder } from "./placeholder-check.ts";
export { checkReadingLevel, checkSectionLengths, readingGradeTargets, sectionWordTargets } from "./text-checks.ts";
export { checkKeyTermsUsed, checkObjectiveCoverage } from "./coverage-checks.ts";
export {
  checkAnswerPositionSkew,
  checkDuplicateQuestions,
  checkExplanationsAgreeWithKey,
  checkLongCorrectOptions,
} from "./quiz-checks.ts";
export { ParagraphIndex } from "./duplicates.ts";
export { readabilityOf } from "./readability.ts";
export type { Readability } from "./readability.ts";
export { judgeLesson, judgeMessages, judgeTask, rubricDraftSchema } from "./judge.ts";
export type { JudgeFigures, JudgeSettings } from "./judge.ts";
export { decideGate, defaultQualityThresholds, mendFeedback, rubricScore } from "./gate.ts";
export type { GateDecision } from "./gate.ts";
export { evaluateLesson, lessonQuality, scoreCourse } from "./evaluate.ts";
export type { LessonEvaluation, LessonJudge } from "./evaluate.ts";
