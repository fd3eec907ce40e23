import type { Course, CourseLesson } from "../course/index.ts";
import { htmlPage } from "./html-page.ts";
import { escapeHtml } from "./html-text.ts";
import { exportLabels } from "./labels.ts";
import { lessonHtml } from "./lesson-html.ts";

/** A lesson with its place in the course, as packages list them. */
export interface PlacedLesson {
  readonly lesson: CourseLesson;
  readonly title: string;
  readonly moduleIndex: number;
}

/** Every lesson in reading order, with its numbered, translated title ("Lesson 1.2: …"). */
export function placedLessons(course: Course): PlacedLesson[] {
  const labels = exportLabels(course.language);
  return course.modules.flatMap((module, moduleIndex) =>
    module.lessons.map((lesson, lessonIndex) => ({
      lesson,
      moduleIndex,
      title: `${labels.lesson} ${moduleIndex + 1}.${lessonIndex + 1}: ${lesson.title}`,
    })),
  );
}

/**
 * One lesson as a page of its own inside a package (SCORM, Common Cartridge): it links the shared
 * stylesheet and scripts by relative path, so the package holds them once.
 */
export function lessonPage(
  course: Course,
  placed: PlacedLesson,
  assets: {
    readonly styles: readonly string[];
    readonly scripts: readonly string[];
    readonly bodyAttributes?: string;
    readonly withQuiz: boolean;
  },
): string {
  const labels = exportLabels(course.language);
  return htmlPage({
    language: course.language,
    title: `${placed.title} · ${course.title}`,
    styleFiles: assets.styles,
    scriptFiles: assets.scripts,
    ...(assets.bodyAttributes === undefined ? {} : { bodyAttributes: assets.bodyAttributes }),
    body: [
      ...(course.generation.simulated
        ? [`<p class="notice" role="note">${escapeHtml(labels.simulatedNotice)}</p>`]
        : []),
      "<main>",
      lessonHtml(placed.lesson, placed.title, labels, 1, { withQuiz: assets.withQuiz }),
      "</main>",
    ].join("\n"),
  });
}
