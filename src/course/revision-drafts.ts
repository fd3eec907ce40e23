import { z } from "zod";
import { checkQuizDraft } from "./check-drafts.ts";
import { citationOf, excerptId, type Excerpt } from "./citations.ts";
import { closedObject } from "./closed-object.ts";
import { questionFromDraft } from "./convert.ts";
import { quizDraftSchema, type QuizQuestionDraft } from "./drafts.ts";
import type { Course, Section } from "./format.ts";
import type { CourseIssue } from "./issues.ts";
import type { QuizQuestion } from "./quiz-format.ts";
import type { OutlineWording } from "./revision-target.ts";
import { isBlank } from "./text-compare.ts";
import { textLimits } from "./text-bounds.ts";

// Draft schemas of the parts a revision rewrites on its own (a whole lesson or quiz is written with
// the generation's own schemas). Strict-mode subset, as every draft: all properties required,
// closed objects, bounded sizes.

const maxSourcesPerSection = 4;

/** Schema of one rewritten section; with excerpts, it also lists the excerpt ids it relies on. */
export function sectionDraftSchema(excerptCount: number) {
  const title = z.string().max(textLimits.sectionTitle).describe("Section title: plain text, one line.");
  const body = z.string().max(textLimits.sectionBody).describe("Markdown: the section's text.");
  if (excerptCount === 0) return closedObject({ title, body, sources: z.array(z.string().max(8)).max(0) });
  const ids = Array.from({ length: excerptCount }, (_, index) => excerptId(index)) as [string, ...string[]];
  return closedObject({
    title,
    body,
    sources: z
      .array(z.enum(ids))
      .max(maxSourcesPerSection)
      .describe("Ids of the source excerpts this section relies on; only ids of the excerpts given."),
  });
}

/** A rewritten section as the model wrote it. */
export type SectionDraft = z.output<ReturnType<typeof sectionDraftSchema>>;

/** Checks a rewritten section: title and body not blank, sources among the excerpts given. */
export function checkSectionDraft(draft: SectionDraft, excerptIds: readonly string[]): CourseIssue[] {
  const issues: CourseIssue[] = [];
  if (isBlank(draft.title)) issues.push({ path: ["title"], message: "must not be empty or blank" });
  if (isBlank(draft.body))
    issues.push({ path: ["body"], message: "must not be empty or blank; write the section's Markdown text" });
  const known = new Set(excerptIds);
  draft.sources.forEach((source, index) => {
    if (!known.has(source))
      issues.push({ path: ["sources", index], message: `"${source}" is not an excerpt you were given` });
  });
  return issues;
}

/** The section a draft rewrites, its citations resolved against the excerpts it lists (none without excerpts). */
export function sectionFromDraft(draft: SectionDraft, excerpts: readonly Excerpt[]): Omit<Section, "id" | "kind"> {
  const byId = new Map(excerpts.map((excerpt) => [excerpt.id, excerpt]));
  const citations = [...new Set(draft.sources)].flatMap((id) => {
    const excerpt = byId.get(id);
    return excerpt === undefined ? [] : [citationOf(excerpt, draft.body)];
  });
  return { title: draft.title, body: draft.body, ...(citations.length === 0 ? {} : { citations }) };
}

/** Schema of one rewritten question, testing `objectiveId` (the objective the question it replaces tested). */
export function questionDraftSchema(objectiveId: string) {
  const question = quizDraftSchema({ objectiveIds: [objectiveId] }).shape.questions.element;
  return closedObject({ question });
}

/** A rewritten question as the model wrote it. */
export type QuestionDraft = { readonly question: QuizQuestionDraft };

/** The quiz rules for one question (text and options distinct and not blank, answers among the options). */
export function checkQuestionDraft(draft: QuestionDraft, objectiveId: string): CourseIssue[] {
  return checkQuizDraft({ questions: [draft.question] }, [objectiveId]).map((issue) => ({
    ...issue,
    path: ["question", ...issue.path.slice(2)],
  }));
}

/** The question a draft rewrites, under the id of the question it replaces. */
export function questionOfDraft(draft: QuestionDraft, questionId: string): QuizQuestion {
  return questionFromDraft(draft.question, questionId);
}

const wordingDrafts = new Map<string, ReturnType<typeof buildOutlineWordingSchema>>();

/** Schema of an outline's wording for a course of this shape: exactly its modules, each with exactly its lessons. */
export function outlineWordingSchema(course: Pick<Course, "modules">) {
  const shape = course.modules.map((module) => module.lessons.length);
  const key = shape.join(",");
  let schema = wordingDrafts.get(key);
  if (schema === undefined) {
    schema = buildOutlineWordingSchema(shape);
    if (wordingDrafts.size >= 256) wordingDrafts.delete(wordingDrafts.keys().next().value as string);
    wordingDrafts.set(key, schema);
  }
  return schema;
}

function buildOutlineWordingSchema(lessonsPerModule: readonly number[]) {
  const lesson = closedObject({
    title: z.string().max(textLimits.lessonTitle).describe("Lesson title: plain text, one line, no numbering."),
    summary: z.string().max(textLimits.summary).describe("One sentence: what the lesson covers."),
  });
  const module = (lessons: number) =>
    closedObject({
      title: z.string().max(textLimits.moduleTitle).describe("Module title: plain text, one line, no numbering."),
      summary: z.string().max(textLimits.summary),
      lessons: z.array(lesson).min(lessons).max(lessons),
    });
  // Modules of different sizes each get their own item schema, so the counts hold per module.
  const counts = [...new Set(lessonsPerModule)];
  const item = counts.length === 1 ? module(counts[0]!) : z.union(counts.map((count) => module(count)));
  return closedObject({
    title: z.string().max(textLimits.courseTitle).describe("Course title: plain text, one line."),
    description: z.string().max(textLimits.courseDescription),
    modules: z.array(item).min(lessonsPerModule.length).max(lessonsPerModule.length),
  });
}

/** Checks rewritten wording against the course's shape: nothing blank, each module with its number of lessons. */
export function checkOutlineWording(wording: OutlineWording, course: Pick<Course, "modules">): CourseIssue[] {
  const issues: CourseIssue[] = [];
  const blank = (path: (string | number)[], text: string) =>
    isBlank(text) && issues.push({ path, message: "must not be empty or blank" });
  blank(["title"], wording.title);
  blank(["description"], wording.description);
  course.modules.forEach((module, moduleIndex) => {
    const written = wording.modules[moduleIndex];
    if (written === undefined) return;
    blank(["modules", moduleIndex, "title"], written.title);
    if (written.lessons.length !== module.lessons.length)
      issues.push({
        path: ["modules", moduleIndex, "lessons"],
        message: `expected exactly ${module.lessons.length} lessons in this module, got ${written.lessons.length}`,
      });
    written.lessons.forEach((lesson, lessonIndex) =>
      blank(["modules", moduleIndex, "lessons", lessonIndex, "title"], lesson.title),
    );
  });
  return issues;
}
