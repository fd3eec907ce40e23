import type { CourseLesson, QuizQuestion } from "../course/index.ts";
import { escapeHtml, markdownToHtml, markdownToInlineHtml } from "./html-text.ts";
import type { ExportLabels } from "./labels.ts";

/**
 * The HTML of one lesson as an `<article>`: title, summary, objectives, sections, key terms and its
 * quiz ({@link quizHtml}). `headingLevel` is the lesson title's level (3 inside a whole course, 1 on
 * a page of its own); the parts are one level below, section bodies below that. Without `withQuiz`
 * the quiz is left out (a Common Cartridge carries it as an LMS assessment instead).
 */
export function lessonHtml(
  lesson: CourseLesson,
  title: string,
  labels: ExportLabels,
  headingLevel: number,
  options: { readonly withQuiz: boolean } = { withQuiz: true },
): string {
  const part = Math.min(6, headingLevel + 1);
  const parts = [
    `<article class="lesson" id="${lesson.id}" aria-labelledby="${lesson.id}-title">`,
    `<h${headingLevel} id="${lesson.id}-title">${escapeHtml(title)}</h${headingLevel}>`,
    markdownToHtml(lesson.summary, part + 1),
    `<section aria-labelledby="${lesson.id}-objectives"><h${part} id="${lesson.id}-objectives">${escapeHtml(labels.objectives)}</h${part}>`,
    `<ul>${lesson.objectives.map((objective) => `<li>${escapeHtml(objective.text)}</li>`).join("")}</ul></section>`,
  ];
  for (const section of lesson.sections) {
    parts.push(
      `<section class="section" id="${section.id}" aria-labelledby="${section.id}-title">`,
      `<h${part} id="${section.id}-title">${escapeHtml(section.title)}</h${part}>`,
      markdownToHtml(section.body, part + 1),
      `</section>`,
    );
  }
  if (lesson.keyTerms.length > 0) {
    parts.push(
      `<section aria-labelledby="${lesson.id}-terms"><h${part} id="${lesson.id}-terms">${escapeHtml(labels.keyTerms)}</h${part}><dl>`,
      ...lesson.keyTerms.map(
        (keyTerm) => `<dt>${escapeHtml(keyTerm.term)}</dt><dd>${escapeHtml(keyTerm.definition)}</dd>`,
      ),
      `</dl></section>`,
    );
  }
  if (options.withQuiz && lesson.quiz.questions.length > 0) parts.push(quizHtml(lesson, labels, part));
  parts.push(`</article>`);
  return parts.join("\n");
}

/**
 * A lesson's quiz as a form the quiz script grades offline: each question is a fieldset whose legend
 * is the prompt, with labelled controls; the correct answer sits in `data-answer` (JSON) and the
 * explanation is hidden until the learner checks. Without the script the form does nothing.
 */
export function quizHtml(lesson: CourseLesson, labels: ExportLabels, headingLevel: number): string {
  const id = `${lesson.id}-quiz`;
  return [
    `<section class="quiz" id="${id}" aria-labelledby="${id}-title">`,
    `<h${headingLevel} id="${id}-title">${escapeHtml(labels.quiz)}</h${headingLevel}>`,
    `<form data-quiz="${lesson.id}" data-correct="${escapeHtml(labels.correct)}" data-incorrect="${escapeHtml(labels.incorrect)}" data-score="${escapeHtml(labels.score)}" aria-labelledby="${id}-title">`,
    ...lesson.quiz.questions.map((question, index) => questionHtml(question, index + 1, labels)),
    `<button type="submit">${escapeHtml(labels.check)}</button>`,
    `<p class="score" role="status" aria-live="polite"></p>`,
    `</form></section>`,
  ].join("\n");
}

function questionHtml(question: QuizQuestion, number: number, labels: ExportLabels): string {
  const name = question.id;
  const parts = [
    `<fieldset class="question" id="${name}" data-type="${question.type}" data-answer="${escapeHtml(JSON.stringify(answerOf(question)))}" aria-describedby="${name}-hint">`,
    `<legend><span class="number">${number}.</span> ${markdownToInlineHtml(question.prompt)}</legend>`,
    `<p class="hint" id="${name}-hint">${escapeHtml(labels.hints[question.type])}</p>`,
  ];
  switch (question.type) {
    case "single_choice":
    case "multiple_choice": {
      const type = question.type === "single_choice" ? "radio" : "checkbox";
      question.options.forEach((option, index) =>
        parts.push(choice(type, name, option.id, `${String.fromCharCode(65 + index)}. ${option.text}`)),
      );
      break;
    }
    case "true_false":
      parts.push(choice("radio", name, "true", labels.trueAnswer), choice("radio", name, "false", labels.falseAnswer));
      break;
    case "short_answer":
      parts.push(
        `<p class="choice"><label for="${name}-text">${escapeHtml(labels.yourAnswer)}</label> <input type="text" id="${name}-text" name="${name}" autocomplete="off"></p>`,
      );
      break;
  }
  parts.push(
    `<p class="feedback" role="status" aria-live="polite"></p>`,
    `<div class="explanation" hidden>${markdownToHtml(question.explanation, 6)}</div>`,
    `</fieldset>`,
  );
  return parts.join("\n");
}

function choice(type: "radio" | "checkbox", name: string, value: string, text: string): string {
  const id = `${name}-${value}`;
  return `<p class="choice"><input type="${type}" id="${id}" name="${name}" value="${escapeHtml(value)}"> <label for="${id}">${escapeHtml(text)}</label></p>`;
}

/** What the quiz script compares with: option ids, `"true"`/`"false"`, or the accepted answers. */
function answerOf(question: QuizQuestion): string[] {
  switch (question.type) {
    case "single_choice":
      return [question.correctOptionId];
    case "multiple_choice":
      return [...question.correctOptionIds];
    case "true_false":
      return [String(question.answer)];
    case "short_answer":
      return [...question.acceptedAnswers];
  }
}
