// The names of a job's steps, written once: the pipeline names its checkpoints and events with
// them, and the web UI plans a job's progress with them (it imports this file, so it stays free of
// anything but types).
import type { Outline } from "../course/index.ts";
import type { StepKind } from "./progress-events.ts";

/** The step that writes a lesson: `lesson:<lesson id>`. */
export function lessonStep(lessonId: string): string {
  return `lesson:${lessonId}`;
}

/** The step that writes a lesson's quiz: `quiz:<lesson id>`. */
export function quizStep(lessonId: string): string {
  return `quiz:${lessonId}`;
}

/** The step names of a course with this outline: the outline, then a lesson and a quiz per planned lesson. */
export function stepsOfOutline(outline: Outline): string[] {
  const lessonIds = outline.modules.flatMap((module) => module.lessons.map((lesson) => lesson.id));
  return ["outline", ...lessonIds.flatMap((id) => [lessonStep(id), quizStep(id)])];
}

/** The kind of work a step name stands for. */
export function stepKindOf(step: string): StepKind {
  return step.startsWith("quiz:") ? "quiz" : step.startsWith("lesson:") ? "lesson" : "outline";
}
