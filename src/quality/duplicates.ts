import type { Lesson, QualityFlag } from "../course/index.ts";
import { estimatedSimilarity, minHashSignature, shinglesOf } from "./minhash.ts";
import { paragraphsOf, wordsOf } from "./text.ts";

/** Paragraphs shorter than this are not compared: a repeated short line ("Let's begin.") is not a duplicate. */
export const minDuplicateWords = 12;
/** Estimated Jaccard similarity of 5-word shingles at which two paragraphs count as near-duplicates. */
export const duplicateSimilarity = 0.6;

interface Paragraph {
  readonly lessonId: string;
  readonly sectionId: string;
  readonly signature: Uint32Array;
}

function paragraphsOfLesson(lesson: Lesson): Paragraph[] {
  return lesson.sections.flatMap((section) =>
    paragraphsOf(section.body)
      .filter((paragraph) => wordsOf(paragraph).length >= minDuplicateWords)
      .map((paragraph) => ({
        lessonId: lesson.id,
        sectionId: section.id,
        signature: minHashSignature(shinglesOf(paragraph)),
      })),
  );
}

/**
 * Near-duplicate paragraphs by MinHash over word shingles: within one lesson across its sections,
 * and against lessons added before. Add each lesson once it is written; a later lesson's copy of an
 * earlier lesson's paragraph is flagged on the later lesson.
 */
export class ParagraphIndex {
  readonly #paragraphs: Paragraph[] = [];

  /** Flags of `lesson` against itself and every lesson added so far; then adds it. */
  checkAndAdd(lesson: Lesson): QualityFlag[] {
    const flags = this.check(lesson);
    this.add(lesson);
    return flags;
  }

  /** Adds a lesson's paragraphs (replacing an earlier version of the same lesson). */
  add(lesson: Lesson): void {
    this.remove(lesson.id);
    this.#paragraphs.push(...paragraphsOfLesson(lesson));
  }

  /** Removes a lesson's paragraphs (before a mended version is added). */
  remove(lessonId: string): void {
    for (let index = this.#paragraphs.length - 1; index >= 0; index--)
      if (this.#paragraphs[index]!.lessonId === lessonId) this.#paragraphs.splice(index, 1);
  }

  /** Flags of `lesson`'s near-duplicate paragraphs, within it and against other lessons added so far. */
  check(lesson: Lesson): QualityFlag[] {
    const own = paragraphsOfLesson(lesson);
    const others = this.#paragraphs.filter((paragraph) => paragraph.lessonId !== lesson.id);
    const flagged = new Set<string>();
    const flags: QualityFlag[] = [];
    own.forEach((paragraph, index) => {
      if (flagged.has(paragraph.sectionId)) return;
      const earlier = [...own.slice(0, index).filter((other) => other.sectionId !== paragraph.sectionId), ...others];
      const twin = earlier.find(
        (other) => estimatedSimilarity(paragraph.signature, other.signature) >= duplicateSimilarity,
      );
      if (twin === undefined) return;
      flagged.add(paragraph.sectionId);
      flags.push({
        check: "near_duplicate",
        part: "lesson",
        target: paragraph.sectionId,
        message:
          twin.lessonId === lesson.id
            ? `repeats a paragraph of section ${twin.sectionId} of this lesson; say it once`
            : `repeats a paragraph of section ${twin.sectionId} (lesson ${twin.lessonId}); cover new ground`,
      });
    });
    return flags;
  }
}
