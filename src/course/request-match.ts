import type { CourseRequest } from "./request.ts";

/**
 * A course request reduced to what decides whether two requests want the same course. Level,
 * language, audience and size are compared exactly (after normalising); the topic is compared by
 * the similarity of its embedding.
 */
export interface NormalisedRequest {
  /** Lowercase words without accents, filler ("introduction to", "a course on") or plural endings. */
  readonly topic: string;
  readonly audience: string;
  readonly level: CourseRequest["level"];
  /** The language tag, lowercase (`pt-br`). */
  readonly language: string;
  readonly modules: number;
  readonly lessonsPerModule: number;
}

// Words that say "a course" rather than what it is about, in the languages the labelled set uses.
const fillerWords = new Set(
  (
    "a an the of to for and in on with about into from by at " +
    "introduction intro introductory basic basics fundamental fundamentals foundation foundations overview " +
    "course courses class lesson lessons guide primer crash beginner beginners understanding learn learning " +
    "le la les des du de d l un une et en pour avec sur aux au cours initiation introduccion curso " +
    "el los las del y con para sobre una uno al der die das und fur mit zur zum ein eine einfuhrung kurs grundlagen"
  ).split(" "),
);

// Audience words that name the same people.
const audienceSynonyms: Readonly<Record<string, string>> = {
  student: "learner",
  pupil: "learner",
  learner: "learner",
  people: "learner",
  kid: "child",
  children: "child",
  teen: "teenager",
  adult: "adult",
  grown: "adult",
  professional: "professional",
  worker: "professional",
  employee: "professional",
  developer: "developer",
  programmer: "developer",
  engineer: "engineer",
};

function words(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/(\d+)(st|nd|rd|th)\b/g, "$1")
    .split(/[^\p{L}\p{N}+#]+/u)
    .filter((word) => word !== "");
}

// A light stemmer: "oceans" and "ocean", "batteries" and "battery" are one word.
function stem(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(ches|shes|sses|xes)$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us")) return word.slice(0, -1);
  return word;
}

/** The topic as the embedding sees it: content words, stemmed, in their order. */
export function normaliseTopic(topic: string): string {
  const all = words(topic);
  const content = all.filter((word) => !fillerWords.has(word)).map(stem);
  return (content.length > 0 ? content : all).join(" ");
}

/** The audience as compared: content words, stemmed, synonyms merged, sorted ("8th grade students" = "students, grade 8"). */
export function normaliseAudience(audience: string): string {
  const content = words(audience)
    .filter((word) => !fillerWords.has(word) && word !== "general")
    .map(stem)
    .map((word) => audienceSynonyms[word] ?? word);
  return [...new Set(content)].sort().join(" ") || "learner";
}

/** Reduces a request to its {@link NormalisedRequest}. */
export function normaliseRequest(request: CourseRequest): NormalisedRequest {
  return {
    topic: normaliseTopic(request.topic),
    audience: normaliseAudience(request.audience),
    level: request.level,
    language: request.language.toLowerCase(),
    modules: request.modules,
    lessonsPerModule: request.lessonsPerModule,
  };
}

/** Whether two normalised requests agree on everything compared exactly (all but the topic). */
export function sameShape(left: NormalisedRequest, right: NormalisedRequest): boolean {
  return (
    left.level === right.level &&
    left.language === right.language &&
    left.audience === right.audience &&
    left.modules === right.modules &&
    left.lessonsPerModule === right.lessonsPerModule
  );
}

/** Cosine similarity of two unit vectors (their dot product); 0 when their sizes differ. */
export function cosineSimilarity(left: readonly number[], right: readonly number[]): number {
  if (left.length !== right.length) return 0;
  let sum = 0;
  for (let index = 0; index < left.length; index++) sum += left[index]! * right[index]!;
  return sum;
}
