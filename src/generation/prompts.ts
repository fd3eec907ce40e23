import type { ChatMessage } from "../llm/types.ts";
import type { CourseRequest, Excerpt, Lesson, Outline, OutlineLesson } from "../course/index.ts";

// Prompt layout is the cost lever: every call of a course starts with the same system prompt and the
// same course brief (plus, after planning, the same outline), so the provider's prompt cache serves
// that prefix for all lesson and quiz calls. Only the last message differs per step. Nothing
// variable (ids, timestamps, attempt numbers) may appear before it.

/**
 * The version of the prompt templates below: part of every answer cache key, so a change to a
 * template (or to what the brief says) is never answered from an older prompt's cache. Bump it
 * with every change to this file that changes a message.
 */
export const promptTemplateVersion = "2026-12-07.1";

const systemPrompt = `You are Courseforge, an expert instructional designer and subject-matter writer.
You write complete, accurate, engaging course material for the audience, level and language given in the course brief.

Rules for every answer:
- Answer with one JSON object that follows the response schema exactly. No prose outside JSON.
- Write every text field in the course language given in the brief, even if the brief itself is in another language.
- Be concrete and correct. Prefer specific examples, numbers, names and steps over vague statements. Never invent citations.
- Never write placeholders such as "TBD", "Lorem ipsum", "[insert example]" or "content goes here".
- Bodies are Markdown: short paragraphs, lists where they help, fenced code blocks for code, no HTML, no images, no links to invented URLs.
- Titles are plain text on one line, without numbering and without Markdown.
- Match the level: beginner = no unexplained jargon, build intuition first; intermediate = assume the basics, focus on practice and pitfalls; advanced = precise terminology, edge cases, trade-offs.
- Keep each lesson within its objectives; do not repeat what other lessons in the outline cover.

How lessons are built:
- introduction: why the lesson matters to this audience and what they will be able to do;
- explanations: the core ideas, one idea per explanation, each building on the previous;
- worked example: one realistic example solved step by step;
- activity: a hands-on task the learner can do alone in 10 to 20 minutes, with what a good result looks like;
- summary: the key takeaways in a few bullet points;
- key terms: the terms a learner must know, each with a one-sentence definition.

How quizzes are built:
- every question tests one of the lesson's objectives, named by its objective id, and every objective is tested at least once;
- mix question types; distractors are plausible misconceptions, not jokes;
- each explanation says why the right answer is right and why a tempting wrong answer is wrong;
- questions are answerable from the lesson's content alone.`;

/** The stable system prompt shared by every call of every course. */
export function systemMessage(): ChatMessage {
  return { role: "system", content: systemPrompt };
}

function briefText(request: CourseRequest): string {
  return [
    "Course brief",
    `Topic: ${request.topic}`,
    `Audience: ${request.audience}`,
    `Level: ${request.level}`,
    `Course language (write all text in it): ${request.language}`,
    `Size: ${request.modules} modules of ${request.lessonsPerModule} lessons each`,
  ].join("\n");
}

/**
 * Messages for the planning step: system prompt, brief, then the outline task (with an overview
 * of the teacher's material when the course is grounded on it).
 */
export function outlineMessages(request: CourseRequest, materialOverview?: string): ChatMessage[] {
  return [
    systemMessage(),
    { role: "user", content: briefText(request) },
    {
      role: "user",
      content: [
        `Task: design the course outline.`,
        `Write a course title and a two-to-three sentence description.`,
        `Create exactly ${request.modules} modules, each with exactly ${request.lessonsPerModule} lessons, in a sensible learning order from foundations to application.`,
        `For each lesson give a title, a one-sentence summary, 2 to 4 measurable learning objectives (start each with a verb such as "explain", "apply", "compare") and 2 to 5 key points.`,
        `Lesson titles are distinct within a module.`,
        ...(materialOverview === undefined || materialOverview.trim() === ""
          ? []
          : [``, `Build the outline on these documents (title, then headings):`, materialOverview]),
      ].join("\n"),
    },
  ];
}

function outlineText(outline: Outline): string {
  const lines = [`Course outline`, `Title: ${outline.title}`, `Description: ${outline.description}`];
  for (const module of outline.modules) {
    lines.push(`Module ${module.id}: ${module.title} (${module.summary})`);
    for (const lesson of module.lessons) {
      lines.push(`  Lesson ${lesson.id}: ${lesson.title} (${lesson.summary})`);
      for (const objective of lesson.objectives) lines.push(`    Objective ${objective.id}: ${objective.text}`);
      for (const point of lesson.keyPoints) lines.push(`    Key point: ${point}`);
    }
  }
  return lines.join("\n");
}

/** The cacheable prefix of every lesson and quiz call of a course: system prompt, brief, outline. */
export function writingPrefix(request: CourseRequest, outline: Outline): ChatMessage[] {
  return [systemMessage(), { role: "user", content: `${briefText(request)}\n\n${outlineText(outline)}` }];
}

/**
 * Messages for writing one lesson; with excerpts of the teacher's material, the lesson is written
 * from them and each section lists the ids of the excerpts it relies on.
 */
export function lessonMessages(
  request: CourseRequest,
  outline: Outline,
  lesson: OutlineLesson,
  excerpts: readonly Excerpt[] = [],
): ChatMessage[] {
  return [
    ...writingPrefix(request, outline),
    {
      role: "user",
      content: [
        `Task: write lesson ${lesson.id}, "${lesson.title}".`,
        `It must achieve these objectives: ${lesson.objectives.map((objective) => `${objective.id} (${objective.text})`).join("; ")}.`,
        `Cover these key points: ${lesson.keyPoints.join("; ")}.`,
        `Write the introduction, 1 to 3 explanations, a worked example, an activity, a summary and 2 to 8 key terms.`,
        ...(excerpts.length === 0
          ? []
          : [
              ``,
              `Write from these excerpts; in each section, "sources" lists the ids it relies on (only these ids):`,
              ...excerpts.map(
                (excerpt) =>
                  `[${excerpt.id}] ${excerpt.title}${excerpt.page === null ? "" : `, page ${excerpt.page}`}:\n${excerpt.text}`,
              ),
            ]),
      ].join("\n"),
    },
  ];
}

/** A written lesson as prompt text: each section's title as a heading, then its body. */
export function lessonText(lesson: Lesson): string {
  return lesson.sections.map((section) => `## ${section.title}\n${section.body}`).join("\n\n");
}

/** Messages for writing one lesson's quiz, grounded in the lesson's text. */
export function quizMessages(request: CourseRequest, outline: Outline, lesson: Lesson): ChatMessage[] {
  return [
    ...writingPrefix(request, outline),
    {
      role: "user",
      content: [
        `Task: write the quiz of lesson ${lesson.id}, "${lesson.title}": 3 to 6 questions.`,
        `Objective ids you may reference: ${lesson.objectives.map((objective) => `${objective.id} (${objective.text})`).join("; ")}.`,
        `Lesson content:`,
        lessonText(lesson),
      ].join("\n"),
    },
  ];
}
