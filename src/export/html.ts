import type { Course } from "../course/index.ts";
import { htmlPage } from "./html-page.ts";
import { escapeHtml, markdownToHtml } from "./html-text.ts";
import { exportLabels, type ExportLabels } from "./labels.ts";
import { lessonHtml } from "./lesson-html.ts";
import { pageStyle } from "./page-style.ts";
import { quizScript } from "./quiz-script.ts";

/**
 * Renders a course as one self-contained HTML file: inline stylesheet and quiz script under a strict
 * CSP (no network request), landmarks (header, nav, main, footer), one heading level per depth, the
 * course language on `<html lang>`, labelled quiz controls graded offline, and a print stylesheet
 * with a page break before each lesson. Model text is rendered from Markdown without raw HTML,
 * unsafe links or images; user text is escaped. Deterministic.
 */
export function courseToHtml(course: Course): string {
  const labels = exportLabels(course.language);
  return htmlPage({
    language: course.language,
    title: course.title,
    style: pageStyle,
    script: quizScript,
    body: courseBody(course, labels),
  });
}

function courseBody(course: Course, labels: ExportLabels): string {
  const parts = [
    "<header>",
    `<h1>${escapeHtml(course.title)}</h1>`,
    markdownToHtml(course.description, 2),
    `<p class="meta">${[
      `${labels.topic}: ${escapeHtml(course.topic)}`,
      `${labels.audience}: ${escapeHtml(course.audience)}`,
      `${labels.level}: ${escapeHtml(labels.levels[course.level])}`,
    ].join(" · ")}</p>`,
    ...(course.generation.simulated ? [`<p class="notice" role="note">${escapeHtml(labels.simulatedNotice)}</p>`] : []),
    "</header>",
    `<nav aria-label="${escapeHtml(labels.contents)}"><h2>${escapeHtml(labels.contents)}</h2><ol>`,
    ...course.modules.map(
      (module, moduleIndex) =>
        `<li><a href="#${module.id}">${escapeHtml(`${labels.module} ${moduleIndex + 1}: ${module.title}`)}</a><ol>${module.lessons
          .map((lesson) => `<li><a href="#${lesson.id}">${escapeHtml(lesson.title)}</a></li>`)
          .join("")}</ol></li>`,
    ),
    "</ol></nav>",
    "<main>",
  ];
  course.modules.forEach((module, moduleIndex) => {
    parts.push(
      `<section class="module" id="${module.id}" aria-labelledby="${module.id}-title">`,
      `<h2 id="${module.id}-title">${escapeHtml(`${labels.module} ${moduleIndex + 1}: ${module.title}`)}</h2>`,
      markdownToHtml(module.summary, 3),
      ...module.lessons.map((lesson, lessonIndex) =>
        lessonHtml(lesson, `${labels.lesson} ${moduleIndex + 1}.${lessonIndex + 1}: ${lesson.title}`, labels, 3),
      ),
      "</section>",
    );
  });
  parts.push(
    "</main>",
    `<footer><p>${escapeHtml(`${labels.generatedBy} ${course.generation.createdAt} (${course.generation.provider}: ${course.generation.models.join(", ")})`)}</p></footer>`,
  );
  return parts.join("\n");
}
