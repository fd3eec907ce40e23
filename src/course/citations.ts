import { z } from "zod";
import { checkLessonDraft } from "./check-drafts.ts";
import { closedObject } from "./closed-object.ts";
import { lessonFromDraft } from "./convert.ts";
import type { LessonDraft } from "./drafts.ts";
import type { Citation, Lesson, OutlineLesson } from "./format.ts";
import type { CourseIssue } from "./issues.ts";
import { courseTextLimits, draftCounts, textLimits } from "./text-bounds.ts";

/** A numbered passage of a teacher's document given to the model to write a lesson from. */
export interface Excerpt {
  /** What the model cites it by: `S1`, `S2`, … */
  readonly id: string;
  readonly chunkId: string;
  readonly documentId: string;
  readonly title: string;
  readonly page: number | null;
  readonly text: string;
}

/** A passage of the teacher's material, before it is numbered for a prompt as an {@link Excerpt}. */
export type GroundingPassage = Omit<Excerpt, "id">;

/**
 * The teacher's material a course is grounded on (the knowledge base implements it; the pipeline
 * takes it as a narrow port): an overview for the outline step, and passages retrieved per lesson.
 */
export interface Grounding {
  /** What the material covers (document titles and headings), for planning the outline. */
  overview(signal: AbortSignal): Promise<string>;
  /** The passages most relevant to `query`, best first; empty when nothing is relevant (never filler). */
  passagesFor(query: string, signal: AbortSignal): Promise<readonly GroundingPassage[]>;
}

/** The id the model cites the `index`-th (0-based) excerpt by. */
export function excerptId(index: number): string {
  return `S${index + 1}`;
}

const maxSourcesPerSection = 4;
const groundedDrafts = new Map<number, ReturnType<typeof buildGroundedLessonDraftSchema>>();

/**
 * The lesson draft schema when excerpts are given: every section also lists the excerpt ids it
 * relies on (`sources`), only ids of the excerpts given (`S1` … `Sn`).
 */
export function groundedLessonDraftSchema(excerptCount: number) {
  let schema = groundedDrafts.get(excerptCount);
  if (schema === undefined) {
    schema = buildGroundedLessonDraftSchema(excerptCount);
    groundedDrafts.set(excerptCount, schema);
  }
  return schema;
}

function buildGroundedLessonDraftSchema(excerptCount: number) {
  const ids = Array.from({ length: excerptCount }, (_, index) => excerptId(index)) as [string, ...string[]];
  const sources = z
    .array(z.enum(ids, { error: `must be the id of an excerpt you were given: ${ids.join(", ")}` }))
    .min(0)
    .max(maxSourcesPerSection)
    .describe("Ids of the source excerpts this section relies on; only ids of the excerpts given.");
  const section = (bodyDescription: string) =>
    closedObject({
      title: z.string().max(textLimits.sectionTitle).describe("Section title: plain text, one line."),
      body: z.string().max(textLimits.sectionBody).describe(`Markdown. ${bodyDescription}`),
      sources,
    });
  return closedObject({
    introduction: section("Why the lesson matters and what the learner will be able to do."),
    explanations: z
      .array(section("One core idea, explained from the source excerpts."))
      .min(draftCounts.explanations.min)
      .max(draftCounts.explanations.max),
    workedExample: section("One realistic example solved step by step."),
    activity: section("A hands-on task for the learner, with what a good result looks like."),
    summary: section("The key takeaways."),
    keyTerms: z
      .array(
        closedObject({
          term: z.string().max(textLimits.term),
          definition: z.string().max(textLimits.definition).describe("One sentence."),
        }),
      )
      .min(draftCounts.keyTerms.min)
      .max(draftCounts.keyTerms.max),
  });
}

/** A lesson draft written from excerpts. */
export type GroundedLessonDraft = z.output<ReturnType<typeof groundedLessonDraftSchema>>;

type DraftSection = GroundedLessonDraft["introduction"];

function sectionsOf(draft: GroundedLessonDraft): DraftSection[] {
  return [draft.introduction, ...draft.explanations, draft.workedExample, draft.activity, draft.summary];
}

function withoutSources(draft: GroundedLessonDraft): LessonDraft {
  const plain = ({ title, body }: DraftSection) => ({ title, body });
  return {
    introduction: plain(draft.introduction),
    explanations: draft.explanations.map(plain),
    workedExample: plain(draft.workedExample),
    activity: plain(draft.activity),
    summary: plain(draft.summary),
    keyTerms: draft.keyTerms,
  };
}

/**
 * The checks of an ungrounded lesson, plus: the lesson cites at least one excerpt, and every cited
 * id is one of the excerpts given (`excerptIds`): an unknown id is sent back to the model to fix.
 */
export function checkGroundedLessonDraft(draft: GroundedLessonDraft, excerptIds: readonly string[]): CourseIssue[] {
  const issues = checkLessonDraft(withoutSources(draft));
  const known = new Set(excerptIds);
  const paths: (string | number)[][] = [
    ["introduction"],
    ...draft.explanations.map((_, index) => ["explanations", index]),
    ["workedExample"],
    ["activity"],
    ["summary"],
  ];
  sectionsOf(draft).forEach((section, index) => {
    section.sources.forEach((source, sourceIndex) => {
      if (!known.has(source))
        issues.push({
          path: [...paths[index]!, "sources", sourceIndex],
          message: `"${source}" is not an excerpt you were given; cite only ${excerptIds.join(", ")}`,
        });
    });
  });
  if (sectionsOf(draft).every((section) => section.sources.length === 0))
    issues.push({
      path: ["introduction", "sources"],
      message: "cite the excerpts the lesson relies on: at least one section must list a source id",
    });
  return issues;
}

/**
 * Turns a grounded draft into the lesson: sections as {@link lessonFromDraft} makes them, each
 * with the citations of the excerpts it listed, resolved to document, page and a quote — the
 * sentence of the excerpt sharing most words with the section (a verbatim span of the excerpt).
 */
export function citedLessonFromDraft(
  draft: GroundedLessonDraft,
  outlineLesson: OutlineLesson,
  excerpts: readonly Excerpt[],
): Lesson {
  const lesson = lessonFromDraft(withoutSources(draft), outlineLesson);
  const byId = new Map(excerpts.map((excerpt) => [excerpt.id, excerpt]));
  const drafted = sectionsOf(draft);
  return {
    ...lesson,
    sections: lesson.sections.map((section, index) => {
      const cited = [...new Set(drafted[index]?.sources ?? [])].flatMap((id) => {
        const excerpt = byId.get(id);
        return excerpt === undefined ? [] : [citationOf(excerpt, section.body)];
      });
      return cited.length === 0 ? section : { ...section, citations: cited };
    }),
  };
}

/** The citation of `excerpt` by a section with text `body`: its document, page and the best-matching quote. */
export function citationOf(excerpt: Excerpt, body: string): Citation {
  return {
    chunkId: excerpt.chunkId,
    documentId: excerpt.documentId,
    title: excerpt.title.slice(0, courseTextLimits.shortText),
    page: excerpt.page,
    quote: quoteFor(excerpt.text, body, courseTextLimits.longText),
  };
}

const wordPattern = /[\p{L}\p{N}]+/gu;

/**
 * The sentence of `text` sharing most words with `context` (the first on a tie), cut at a word
 * boundary to at most `maxLength` characters: always a verbatim span of `text`.
 */
export function quoteFor(text: string, context: string, maxLength: number): string {
  const contextWords = new Set((context.toLowerCase().match(wordPattern) ?? []).filter((word) => word.length > 3));
  let best = { start: 0, end: text.length, score: -1 };
  for (const { segment, index } of new Intl.Segmenter("en", { granularity: "sentence" }).segment(text)) {
    const trimmed = segment.trim();
    if (trimmed === "") continue;
    const start = index + segment.indexOf(trimmed);
    const words = trimmed.toLowerCase().match(wordPattern) ?? [];
    const score = new Set(words.filter((word) => contextWords.has(word))).size;
    if (score > best.score) best = { start, end: start + trimmed.length, score };
  }
  let quote = text.slice(best.start, best.end);
  if (quote.length > maxLength) {
    const cut = quote.slice(0, maxLength);
    const lastSpace = cut.search(/\s\S*$/u);
    quote = (lastSpace > 0 ? cut.slice(0, lastSpace) : cut).trimEnd();
  }
  return quote;
}
