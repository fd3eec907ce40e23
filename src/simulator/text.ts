/**
 * Simulated prose: titles, sentences, paragraphs and Markdown bodies made of the prompt's words,
 * marked with {@link simulatedMarker} so that nobody mistakes them for real content.
 */
import type { Random } from "./random.ts";

/** Prefix of every free-text value the simulator writes. */
export const simulatedMarker = "[simulated] ";

/** What kind of text a field wants, guessed from its name. */
export type TextKind = "identifier" | "title" | "short" | "sentence" | "question" | "medium" | "long";

/** The words and randomness text is made from. */
export interface TextSource {
  readonly words: readonly string[];
  readonly random: Random;
}

const kindPatterns: ReadonlyArray<readonly [TextKind, RegExp]> = [
  ["identifier", /(^|_|-)(id|ids|slug|key|code|ref|uuid|locale|lang|language)$/i],
  ["identifier", /[a-z0-9](Id|Ids|Slug|Key|Code|Ref)$/],
  ["question", /question|prompt|stem|query/i],
  [
    "medium",
    /description|explanation|definition|summary|rationale|feedback|overview|details|introduction|conclusion|hint|reason|context|notes?$/i,
  ],
  ["long", /body|content|markdown|text|article|essay|transcript|script/i],
  ["title", /title|name|heading|label|topic|subject|headline|caption|term/i],
  ["sentence", /objective|goal|outcome|takeaway|point|example|step|task|instruction|tip|idea|criteria|statement/i],
  ["short", /option|choice|answer|alternative|keyword|tag|word|phrase|category|value|item/i],
];

/** Guesses the kind of text a JSON property wants from its name (`lessonTitle` → title, `body` → long). */
export function textKindForField(name: string | undefined): TextKind {
  if (name === undefined) return "sentence";
  for (const [kind, pattern] of kindPatterns) if (pattern.test(name)) return kind;
  return "sentence";
}

/** Length bounds, in Unicode code points, as JSON Schema counts them. */
export interface LengthBounds {
  readonly minLength?: number;
  readonly maxLength?: number;
}

/**
 * Writes a text of the given kind that fits the length bounds. Free text starts with
 * {@link simulatedMarker} when the bounds leave room for it.
 */
export function writeText(kind: TextKind, source: TextSource, bounds: LengthBounds = {}): string {
  const maxLength = bounds.maxLength ?? Number.POSITIVE_INFINITY;
  const minLength = bounds.minLength ?? 0;
  if (kind === "identifier") return fitLength(slug(source, 2), source, minLength, maxLength, "-");
  const marker = maxLength >= simulatedMarker.length * 2 ? simulatedMarker : "";
  const body = writeBody(kind, source, maxLength);
  return fitLength(marker + body, source, minLength, maxLength, " ");
}

/** A lower-case kebab-case identifier made of prompt words. */
export function slug(source: TextSource, wordCount: number): string {
  const parts: string[] = [];
  for (let index = 0; index < wordCount; index++) parts.push(pickWord(source).toLowerCase());
  return (
    parts
      .join("-")
      .normalize("NFKD")
      .replace(/[^a-z0-9-]+/g, "") || "item"
  );
}

function writeBody(kind: Exclude<TextKind, "identifier">, source: TextSource, maxLength: number): string {
  switch (kind) {
    case "title":
      return title(source);
    case "short":
      return phrase(source);
    case "question":
      return question(source);
    case "sentence":
      return sentence(source);
    case "medium":
      return paragraph(source, source.random.integer(2, 4));
    case "long":
      return markdownBody(source, maxLength);
  }
}

function pickWord(source: TextSource): string {
  return source.random.pick(source.words);
}

// Distinct words when the prompt has enough ("ignore cycle when studying cycle" reads badly).
function pickWords(source: TextSource, count: number): string[] {
  const picked: string[] = [];
  for (let index = 0; index < count; index++) {
    let word = pickWord(source);
    for (let attempt = 0; attempt < 4 && picked.includes(word); attempt++) word = pickWord(source);
    picked.push(word);
  }
  return picked;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function title(source: TextSource): string {
  const [a, b] = pickWords(source, 2).map(capitalize) as [string, string];
  const templates = [
    `${a} and ${b}`,
    `Foundations of ${a}`,
    `${a}: ${b} in Practice`,
    `Exploring ${a}`,
    `Applying ${a} to ${b}`,
    `${a} Essentials`,
  ];
  return source.random.pick(templates);
}

function phrase(source: TextSource): string {
  const [a, b] = pickWords(source, 2) as [string, string];
  return source.random.pick([`${a} ${b}`, `${a}-based ${b}`, `${a}`, `${b} of ${a}`, `applied ${a}`]);
}

function question(source: TextSource): string {
  const [a, b] = pickWords(source, 2) as [string, string];
  return source.random.pick([
    `Which statement best describes ${a} in relation to ${b}?`,
    `How does ${a} affect ${b}?`,
    `What is the main role of ${a}?`,
    `Why does ${a} matter when working with ${b}?`,
  ]);
}

/** One sentence about prompt words. */
export function sentence(source: TextSource): string {
  const [a, b, c] = pickWords(source, 3) as [string, string, string];
  return capitalize(
    source.random.pick([
      `${a} shapes how learners approach ${b}.`,
      `understanding ${a} and ${b} builds a foundation for ${c}.`,
      `a practical example connects ${a} with ${b}.`,
      `learners compare ${a} to ${b} to see where ${c} matters.`,
      `the key idea is that ${a} depends on ${b}.`,
      `practice with ${a} makes ${b} easier to apply.`,
      `${a} is often confused with ${b}, but they differ in ${c}.`,
      `a common mistake is to ignore ${a} when studying ${b}.`,
    ]),
  );
}

/** A few sentences. */
export function paragraph(source: TextSource, sentences: number): string {
  const parts: string[] = [];
  for (let index = 0; index < sentences; index++) parts.push(sentence(source));
  return parts.join(" ");
}

// 60–200 words of Markdown, fewer when maxLength cannot hold them (~7 characters per word).
function markdownBody(source: TextSource, maxLength: number): string {
  const wordBudget = Math.min(source.random.integer(60, 200), Math.max(8, Math.floor(maxLength / 7)));
  const blocks: string[] = [];
  let words = 0;
  while (words < wordBudget) {
    const block =
      source.random.chance(0.25) && blocks.length > 0
        ? bulletList(source)
        : paragraph(source, source.random.integer(2, 4));
    blocks.push(block);
    words += block.split(/\s+/).length;
  }
  return blocks.join("\n\n");
}

function bulletList(source: TextSource): string {
  const items: string[] = [];
  const count = source.random.integer(2, 4);
  for (let index = 0; index < count; index++) items.push(`- **${capitalize(pickWord(source))}**: ${sentence(source)}`);
  return items.join("\n");
}

/** Pads with more words or cuts (at a word boundary when possible) to fit [minLength, maxLength] code points. */
export function fitLength(
  text: string,
  source: TextSource,
  minLength: number,
  maxLength: number,
  separator: string,
): string {
  let result = text;
  while (codePointLength(result) < minLength) {
    result += separator + (separator === " " ? sentence(source) : pickWord(source).toLowerCase());
  }
  if (codePointLength(result) <= maxLength) return result;
  const points = Array.from(result).slice(0, maxLength);
  const cut = points.join("");
  const boundary = cut.lastIndexOf(separator);
  const atWord = boundary > 0 ? cut.slice(0, boundary).replace(/[\s,;:-]+$/u, "") : cut;
  return codePointLength(atWord) >= minLength && atWord.length > 0 ? atWord : cut;
}

/** Length in Unicode code points (what JSON Schema's minLength/maxLength count). */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}
