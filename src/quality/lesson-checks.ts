import type { QualityFlag, Quiz } from "../course/index.ts";
import type { LessonCheck, LessonUnderCheck } from "./check-types.ts";
import { checkKeyTermsUsed, checkObjectiveCoverage } from "./coverage-checks.ts";
import type { ParagraphIndex } from "./duplicates.ts";
import { checkPlaceholders } from "./placeholder-check.ts";
import {
  checkAnswerPositionSkew,
  checkDuplicateQuestions,
  checkExplanationsAgreeWithKey,
  checkLongCorrectOptions,
} from "./quiz-checks.ts";
import { checkReadingLevel, checkSectionLengths } from "./text-checks.ts";

/** Every model-free check of one lesson and its quiz, in the order their flags are listed. */
export const lessonChecks: readonly LessonCheck[] = [
  checkPlaceholders,
  checkSectionLengths,
  checkReadingLevel,
  checkObjectiveCoverage,
  checkKeyTermsUsed,
  checkDuplicateQuestions,
  checkLongCorrectOptions,
  checkExplanationsAgreeWithKey,
];

/**
 * Runs every model-free check of one lesson; with `paragraphs`, also near-duplicate paragraphs
 * within the lesson and against the lessons already in the index (the lesson is not added).
 */
export function checkLesson(subject: LessonUnderCheck, paragraphs?: ParagraphIndex): QualityFlag[] {
  return [...lessonChecks.flatMap((check) => check(subject)), ...(paragraphs?.check(subject.lesson) ?? [])];
}

/** The course-wide checks: the position of correct answers over every quiz. */
export function checkCourseQuizzes(quizzes: readonly Quiz[]): QualityFlag[] {
  return checkAnswerPositionSkew(quizzes);
}
