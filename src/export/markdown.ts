import type { Course, CourseLesson, QuizQuestion, Section } from "../course/index.ts";
import { exportLabels, type ExportLabels } from "./labels.ts";
import { markdownText, sanitizeMarkdown } from "./markdown-text.ts";
import { citationFootnotes } from "./markdown-footnotes.ts";

// Heading levels: course #, module ##, lesson ###, section and quiz ####. Headings inside a section
// body are pushed below level 4 so model-written Markdown cannot break the document's outline.
const sectionHeadingLevel = 4;

/**
 * Renders a course as one readable Markdown document: title, description, then per module and
 * lesson the objectives, the sections, the key terms, the quiz, and the answers with explanations at
 * the end of each lesson. Labels are in the course's language ({@link exportLabels}). User text
 * (topic, audience, titles, objectives, options) is escaped so it reads as written; model-written
 * Markdown keeps its formatting but loses raw HTML and unsafe links ({@link sanitizeMarkdown}).
 * Deterministic: the same course gives the same text.
 */
export function courseToMarkdown(course: Course): string {
  const labels = exportLabels(course.language);
  const blocks: string[] = [`# ${markdownText(course.title)}`, modelMarkdown(course.description)];
  blocks.push(
    [
      `*${labels.topic}:* ${markdownText(course.topic)}`,
      `*${labels.audience}:* ${markdownText(course.audience)}`,
      `*${labels.level}:* ${labels.levels[course.level]}`,
      `*${labels.languageName}:* ${markdownText(course.language)}`,
    ].join(" · "),
  );
  if (course.generation.simulated) blocks.push(`> **${labels.simulatedNotice}**`);
  course.modules.forEach((module, moduleIndex) => {
    blocks.push(`## ${labels.module} ${moduleIndex + 1}: ${markdownText(module.title)}`, modelMarkdown(module.summary));
    module.lessons.forEach((lesson, lessonIndex) =>
      blocks.push(...lessonBlocks(lesson, `${moduleIndex + 1}.${lessonIndex + 1}`, labels)),
    );
  });
  const generation = course.generation;
  blocks.push(
    "---",
    `*${labels.generatedBy} ${markdownText(generation.createdAt)} (${markdownText(generation.provider)}: ${generation.models.map(markdownText).join(", ")}).*`,
  );
  return `${blocks.filter((block) => block !== "").join("\n\n")}\n`;
}

function lessonBlocks(lesson: CourseLesson, number: string, labels: ExportLabels): string[] {
  const blocks = [`### ${labels.lesson} ${number}: ${markdownText(lesson.title)}`, modelMarkdown(lesson.summary)];
  blocks.push(
    `#### ${labels.objectives}`,
    lesson.objectives.map((objective) => `- ${markdownText(objective.text)}`).join("\n"),
  );
  for (const section of lesson.sections) blocks.push(...sectionBlocks(section));
  if (lesson.keyTerms.length > 0) {
    blocks.push(
      `#### ${labels.keyTerms}`,
      lesson.keyTerms
        .map((keyTerm) => `- **${markdownText(keyTerm.term)}**: ${markdownText(keyTerm.definition)}`)
        .join("\n"),
    );
  }
  if (lesson.quiz.questions.length === 0) return blocks;
  blocks.push(`#### ${labels.quiz}`);
  lesson.quiz.questions.forEach((question, index) => blocks.push(...questionBlocks(question, index + 1, labels)));
  blocks.push(`#### ${labels.answers}`);
  lesson.quiz.questions.forEach((question, index) =>
    blocks.push(`**${index + 1}.** ${answerText(question, labels)}`, modelMarkdown(question.explanation)),
  );
  return blocks;
}

function sectionBlocks(section: Section): string[] {
  return [
    `#### ${markdownText(section.title)}`,
    demoteHeadings(modelMarkdown(section.body), sectionHeadingLevel + 1),
    ...citationFootnotes(section),
  ];
}

function questionBlocks(question: QuizQuestion, number: number, labels: ExportLabels): string[] {
  const blocks = [`**${number}.** ${modelMarkdown(question.prompt)}`, `*${labels.hints[question.type]}*`];
  if (question.type === "single_choice" || question.type === "multiple_choice") {
    blocks.push(question.options.map((option, index) => `- ${letter(index)}. ${markdownText(option.text)}`).join("\n"));
  }
  return blocks;
}

function answerText(question: QuizQuestion, labels: ExportLabels): string {
  switch (question.type) {
    case "single_choice":
      return optionAnswer(question.options, [question.correctOptionId]);
    case "multiple_choice":
      return optionAnswer(question.options, question.correctOptionIds);
    case "true_false":
      return question.answer ? labels.trueAnswer : labels.falseAnswer;
    case "short_answer":
      return question.acceptedAnswers.map(markdownText).join(" / ");
  }
}

function optionAnswer(options: readonly { id: string; text: string }[], correctIds: readonly string[]): string {
  return correctIds
    .map((id) => {
      const index = options.findIndex((option) => option.id === id);
      const option = options[index];
      return option === undefined ? markdownText(id) : `${letter(index)}. ${markdownText(option.text)}`;
    })
    .join("; ");
}

function letter(index: number): string {
  return String.fromCharCode("A".charCodeAt(0) + index);
}

function modelMarkdown(text: string): string {
  return sanitizeMarkdown(text.trim());
}

/**
 * Shifts the ATX headings of a Markdown body so the highest one is at `minimumLevel` (capped at 6),
 * keeping their relative order. Lines inside fenced code blocks are left alone (`# comment` in code).
 */
export function demoteHeadings(markdown: string, minimumLevel: number): string {
  const lines = markdown.split("\n");
  const headingLines = new Map<number, number>();
  let fence: string | undefined;
  lines.forEach((line, index) => {
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch?.[1] !== undefined) {
      const marker = fenceMatch[1];
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return;
    }
    const heading = fence === undefined ? /^ {0,3}(#{1,6})(\s|$)/.exec(line) : null;
    if (heading?.[1] !== undefined) headingLines.set(index, heading[1].length);
  });
  if (headingLines.size === 0) return markdown;
  const shift = Math.max(0, minimumLevel - Math.min(...headingLines.values()));
  if (shift === 0) return markdown;
  return lines
    .map((line, index) => {
      const level = headingLines.get(index);
      return level === undefined
        ? line
        : line.replace(/^( {0,3})#{1,6}/, `$1${"#".repeat(Math.min(6, level + shift))}`);
    })
    .join("\n");
}
