import type {
  CourseLevel,
  CourseQuality,
  Lesson,
  LessonQuality,
  QualityFlag,
  QualityThresholds,
  Quiz,
  Rubric,
} from "../course/index.ts";
import { AbortedError } from "../errors/index.ts";
import type { ParagraphIndex } from "./duplicates.ts";
import { decideGate, rubricScore, type GateDecision } from "./gate.ts";
import { checkCourseQuizzes, checkLesson } from "./lesson-checks.ts";

/** One evaluation of a lesson and its quiz: the checks' flags, the judge's rubric and the gate's decision. */
export interface LessonEvaluation {
  readonly flags: readonly QualityFlag[];
  readonly rubric: Rubric | null;
  readonly score: number | null;
  readonly decision: GateDecision;
}

/** Asks a judge for a lesson's rubric; resolves `null` when it could not answer. */
export type LessonJudge = (lesson: Lesson, quiz: Quiz, signal: AbortSignal) => Promise<Rubric | null>;

/**
 * Evaluates one lesson: the model-free checks (with near-duplicates against `paragraphs` when
 * given), then the judge, then the gate. Callable on any lesson at any time (a revision re-evaluates
 * what it changed with it). A judge that fails is recorded as no rubric, which does not pass.
 */
export async function evaluateLesson(input: {
  readonly lesson: Lesson;
  readonly quiz: Quiz;
  readonly level: CourseLevel;
  readonly language: string;
  readonly thresholds: QualityThresholds;
  readonly judge?: LessonJudge;
  readonly paragraphs?: ParagraphIndex;
  readonly signal: AbortSignal;
}): Promise<LessonEvaluation> {
  const flags = checkLesson(
    { lesson: input.lesson, quiz: input.quiz, level: input.level, language: input.language },
    input.paragraphs,
  );
  let rubric: Rubric | null = null;
  if (input.judge !== undefined) {
    try {
      rubric = await input.judge(input.lesson, input.quiz, input.signal);
    } catch (error) {
      if (input.signal.aborted || error instanceof AbortedError) throw error;
      rubric = null;
    }
  }
  return {
    flags,
    rubric,
    score: rubric === null ? null : rubricScore(rubric),
    decision: decideGate(flags, rubric, input.thresholds),
  };
}

/** A lesson's entry in the course's `quality`, from its last evaluation and what was regenerated. */
export function lessonQuality(
  lessonId: string,
  evaluation: LessonEvaluation,
  mended: readonly ("lesson" | "quiz")[],
): LessonQuality {
  return {
    lessonId,
    score: evaluation.score,
    rubric: evaluation.rubric,
    flags: [...evaluation.flags],
    status: evaluation.decision.passed ? (mended.length > 0 ? "mended" : "passed") : "flagged",
    mended: [...mended],
  };
}

/**
 * The course's `quality`: its lessons' entries in course order, the course-wide checks (answer
 * position skew over every quiz; near-duplicates across lessons found after both were written),
 * the mean lesson score, and whether anything is flagged. Re-run it after changing any lesson.
 */
export function scoreCourse(input: {
  readonly mode: "flag" | "mend";
  readonly thresholds: QualityThresholds;
  readonly lessons: readonly LessonQuality[];
  readonly quizzes: readonly Quiz[];
  /** Lessons in course order, to find near-duplicates across lessons that were written at the same time. */
  readonly lessonTexts?: readonly Lesson[];
  readonly paragraphs?: () => ParagraphIndex;
}): CourseQuality {
  const lessons = input.lessons.map((entry) => ({ ...entry, flags: [...entry.flags] }));
  if (input.lessonTexts !== undefined && input.paragraphs !== undefined) {
    const index = input.paragraphs();
    for (const lesson of input.lessonTexts) {
      const found = index.checkAndAdd(lesson);
      const entry = lessons.find((candidate) => candidate.lessonId === lesson.id);
      if (entry === undefined) continue;
      for (const flag of found) {
        if (entry.flags.some((known) => known.check === flag.check && known.target === flag.target)) continue;
        entry.flags.push(flag);
        entry.status = "flagged";
      }
    }
  }
  const flags = checkCourseQuizzes(input.quizzes);
  const scored = lessons.map((entry) => entry.score).filter((score): score is number => score !== null);
  const flagged = lessons.filter((entry) => entry.status === "flagged").length;
  return {
    mode: input.mode,
    score:
      scored.length === 0
        ? null
        : Math.round((scored.reduce((sum, score) => sum + score, 0) / scored.length) * 100) / 100,
    passed: flagged === 0 && flags.length === 0,
    flagged,
    thresholds: { ...input.thresholds },
    lessons,
    flags,
  };
}
