// Text as the checks read it: Markdown reduced to words and sentences, compared case-insensitively.

const wordPattern = /\p{L}[\p{L}\p{M}\p{N}'’-]*|\p{N}+/gu;

/** Markdown reduced to the prose a learner reads: code blocks, inline code, links' targets and markup removed. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?(```|$)/g, " ")
    .replace(/`[^`\n]*`/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, "")
    .replace(/[*_~]+/g, "");
}

/** The words of a text, lowercased. */
export function wordsOf(text: string): string[] {
  return (text.toLocaleLowerCase().match(wordPattern) ?? []).map((word) => word.replace(/['’-]+$/, ""));
}

/** The sentences of plain text: split at `.`, `!`, `?` and at line breaks (list items end without a stop). */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => wordsOf(sentence).length > 0);
}

/** The paragraphs of Markdown text (blank-line separated), as plain text. */
export function paragraphsOf(markdown: string): string[] {
  return markdown
    .split(/\n\s*\n/)
    .map((paragraph) => plainText(paragraph).trim())
    .filter((paragraph) => paragraph !== "");
}

/** Text in one comparable form: lowercased words joined by single spaces (punctuation dropped). */
export function normalized(text: string): string {
  return wordsOf(text).join(" ");
}

// Common English function words and objective verbs: they say nothing about what a text is about.
const stopWords = new Set(
  (
    "a an the and or but if then of to in on at by for with from as is are was were be been being it its this that these those " +
    "there their they them he she we you your our i not no do does did can could will would should may might must shall " +
    "how what when where which who why into about over under between through than so such also each every any all more most " +
    "learner learners student students able use using used explain describe identify apply compare understand recognise " +
    "recognize define list name state use create build evaluate analyse analyze distinguish demonstrate summarize summarise"
  ).split(" "),
);

/** The words of a text that carry its subject: lowercased, function words and objective verbs dropped, light stemming. */
export function contentWords(text: string): string[] {
  return wordsOf(text)
    .filter((word) => word.length > 2 && !stopWords.has(word))
    .map(stem);
}

/** A light suffix stripper, enough to match "process" with "processes" and "teach" with "teaching". */
export function stem(word: string): string {
  for (const suffix of ["ing", "ies", "es", "ed", "s"]) {
    if (word.length > suffix.length + 3 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}
