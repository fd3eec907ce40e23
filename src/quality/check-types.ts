import type { CourseLevel, Lesson, QualityFlag, Quiz } from "../course/index.ts";

/** A lesson and its quiz as the checks read them, with the course context they are measured against. */
export interface LessonUnderCheck {
  readonly lesson: Lesson;
  readonly quiz: Quiz;
  readonly level: CourseLevel;
  /** BCP 47 language code of the course: the reading-level formula exists for English only. */
  readonly language: string;
}

/** One model-free check of a lesson: the flags it raises (none when it passes). */
export type LessonCheck = (subject: LessonUnderCheck) => QualityFlag[];
