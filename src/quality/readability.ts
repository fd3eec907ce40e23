import { fleschKincaid } from "flesch-kincaid";
import { syllable } from "syllable";
import { sentencesOf, wordsOf } from "./text.ts";

/** A text's reading grade by a named formula. */
export interface Readability {
  readonly formula: "flesch-kincaid";
  /** U.S. school grade (Flesch–Kincaid Grade Level, 1975). */
  readonly grade: number;
  readonly words: number;
}

/**
 * The Flesch–Kincaid grade of plain text for English (`en`, `en-GB`, …), syllables counted by the
 * `syllable` package; `undefined` for other languages (the formula's weights are fitted to English)
 * and for texts too short to measure (under 30 words).
 */
export function readabilityOf(text: string, language: string): Readability | undefined {
  if (!/^en(-|$)/i.test(language)) return undefined;
  const sentences = sentencesOf(text);
  const words = wordsOf(text).filter((word) => /\p{L}/u.test(word));
  if (words.length < 30 || sentences.length === 0) return undefined;
  const syllables = words.reduce((total, word) => total + Math.max(1, syllable(word)), 0);
  const grade = fleschKincaid({ sentence: sentences.length, word: words.length, syllable: syllables });
  return { formula: "flesch-kincaid", grade: Math.round(grade * 10) / 10, words: words.length };
}
