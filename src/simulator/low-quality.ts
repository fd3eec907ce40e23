/**
 * The `low_quality` fault and the course-shaped touches of simulated answers: a lesson mentions its
 * key terms (as a real lesson does, so clean simulated lessons pass the quality checks), a chosen
 * share of lessons is written with one planted defect, and the judge's scores follow what was
 * planted. This tests the gate's mechanics over HTTP, not a judge's judgement.
 */
import type { JsonValue } from "./json-schema.ts";
import { hashString } from "./random.ts";

/** The defects `low_quality` plants, one per planted lesson, chosen deterministically. */
export const plantedDefectKinds = [
  "placeholder",
  "section_length",
  "reading_level",
  "near_duplicate",
  "key_term_unused",
  "duplicate_question",
  "long_correct_option",
  "explanation_contradicts_key",
] as const;

/** One kind of planted defect (named like the quality check that finds it). */
export type PlantedDefectKind = (typeof plantedDefectKinds)[number];

const quizDefects: ReadonlySet<PlantedDefectKind> = new Set([
  "duplicate_question",
  "long_correct_option",
  "explanation_contradicts_key",
]);

const criterionOf: Record<PlantedDefectKind, string> = {
  placeholder: "clarity",
  section_length: "clarity",
  reading_level: "audienceFit",
  near_duplicate: "clarity",
  key_term_unused: "alignment",
  duplicate_question: "alignment",
  long_correct_option: "accuracy",
  explanation_contradicts_key: "accuracy",
};

/** Defects written and not yet rewritten, by course and lesson: what the judge reports. Bounded. */
export class PlantedDefects {
  readonly #open = new Map<string, PlantedDefectKind>();
  #planted = 0;

  /** How many defects were planted since the simulator started. */
  get planted(): number {
    return this.#planted;
  }

  record(key: string, kind: PlantedDefectKind): void {
    if (this.#open.size >= 10_000) this.#open.delete(this.#open.keys().next().value as string);
    this.#open.set(key, kind);
    this.#planted++;
  }

  clear(key: string): void {
    this.#open.delete(key);
  }

  openFor(key: string): PlantedDefectKind | undefined {
    return this.#open.get(key);
  }
}

/** Which lesson a course call is about, and what kind of call it is. */
interface CourseCall {
  readonly kind: "lesson" | "quiz" | "judge";
  readonly key: string;
  readonly revision: boolean;
}

function courseCallOf(schemaName: string, messages: readonly { readonly content: string }[]): CourseCall | undefined {
  if (schemaName !== "lesson" && schemaName !== "quiz" && schemaName !== "judge") return undefined;
  const text = messages.map((message) => message.content).join("\n");
  const last = messages.at(-1)?.content ?? "";
  const lessonId = /\blesson (m\d+-l\d+)\b/.exec(last)?.[1] ?? /\blesson (m\d+-l\d+)\b/.exec(text)?.[1];
  if (lessonId === undefined) return undefined;
  const brief = ["Topic", "Audience", "Level"].map(
    (field) => new RegExp(`^${field}: (.*)$`, "m").exec(text)?.[1] ?? "",
  );
  return { kind: schemaName, key: `${brief.join("|")}|${lessonId}`, revision: /Revision feedback:/.test(text) };
}

/** The key the simulator knows a course's lesson by (brief fields and lesson id), for {@link plantedDefectFor}. */
export function plantedLessonKey(brief: { topic: string; audience: string; level: string }, lessonId: string): string {
  return `${brief.topic}|${brief.audience}|${brief.level}|${lessonId}`;
}

/** The defect `low_quality` at `rate` plants in this lesson, if any: the same for every call about it. */
export function plantedDefectFor(key: string, rate: number): PlantedDefectKind | undefined {
  if (rate <= 0 || hashString(key, 17) % 10_000 >= rate * 10_000) return undefined;
  return plantedDefectKinds[hashString(key, 29) % plantedDefectKinds.length];
}

type JsonObject = Record<string, JsonValue>;

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function section(lesson: JsonObject, name: string): JsonObject | undefined {
  const value = lesson[name];
  return isObject(value) ? value : undefined;
}

const jargon =
  "Notwithstanding considerable methodological heterogeneity, contemporary interdisciplinary investigations characteristically operationalize multidimensional organizational interdependencies, institutionalizing epistemologically sophisticated evaluative infrastructures whose comprehensibility presupposes extraordinarily specialized professional socialization. " +
  "Consequently, practitioners contemplating implementation must systematically reconceptualize heterogeneous organizational configurations, particularly considering unanticipated administrative ramifications, interinstitutional accountability requirements and comparatively underappreciated intergenerational sustainability considerations.";

function shapeLesson(lesson: JsonObject, defect: PlantedDefectKind | undefined): void {
  const terms = Array.isArray(lesson.keyTerms)
    ? lesson.keyTerms.flatMap((term) => (isObject(term) && typeof term.term === "string" ? [term.term] : []))
    : [];
  const summary = section(lesson, "summary");
  const mentioned = defect === "key_term_unused" ? terms.slice(0, -1) : terms;
  if (summary && typeof summary.body === "string" && mentioned.length > 0)
    summary.body = `${summary.body}\n\nKey terms: ${mentioned.join("; ")}.`.slice(0, 3000);
  const explanations = Array.isArray(lesson.explanations) ? lesson.explanations.filter(isObject) : [];
  switch (defect) {
    case "placeholder": {
      const example = section(lesson, "workedExample");
      if (example && typeof example.body === "string")
        example.body = `${example.body}\n\n[insert worked example here]`.slice(-3000);
      break;
    }
    case "section_length": {
      const activity = section(lesson, "activity");
      if (activity) activity.body = "[simulated] Try it yourself.";
      break;
    }
    case "reading_level": {
      const first = explanations[0];
      if (first) first.body = `[simulated] ${jargon}`;
      break;
    }
    case "near_duplicate": {
      const introduction = section(lesson, "introduction");
      const last = explanations.at(-1);
      if (introduction && last && typeof introduction.body === "string" && typeof last.body === "string")
        last.body = `${last.body}\n\n${introduction.body}`.slice(0, 3000);
      break;
    }
    default:
      break;
  }
}

function questionText(question: JsonObject): string {
  return typeof question.prompt === "string"
    ? question.prompt
    : typeof question.statement === "string"
      ? question.statement
      : "";
}

function shapeQuiz(quiz: JsonObject, defect: PlantedDefectKind): void {
  const questions = Array.isArray(quiz.questions) ? quiz.questions.filter(isObject) : [];
  const [first, second] = questions;
  if (first === undefined || second === undefined) return;
  if (defect === "duplicate_question") {
    const repeated = `${questionText(first)} Why?`.slice(0, 600);
    if (typeof second.statement === "string") second.statement = repeated;
    else second.prompt = repeated;
    return;
  }
  const objectiveId = first.objectiveId ?? null;
  const options = [
    "[simulated] The first stage",
    "[simulated] The second stage",
    "[simulated] The third stage",
    "[simulated] The fourth stage",
  ];
  if (defect === "long_correct_option")
    options[1] =
      "[simulated] The second stage, because it follows every step the lesson describes, from the first observation to the final check of the result";
  questions[0] = first;
  for (const key of Object.keys(first)) delete first[key];
  Object.assign(first, {
    type: "single_choice",
    prompt: "[simulated] Which stage comes right after the first one in the lesson's worked example?",
    options,
    correctOptionIndex: 1,
    explanation:
      defect === "explanation_contradicts_key"
        ? `[simulated] The correct answer is "${options[3]}": the lesson lists it right after the first stage.`
        : "[simulated] The second stage follows the first; the others come later.",
    objectiveId,
  });
}

function rubricFor(defect: PlantedDefectKind | undefined): JsonObject {
  const criteria = ["accuracy", "clarity", "alignment", "audienceFit", "workedExample"];
  return Object.fromEntries(
    criteria.map((criterion) => [
      criterion,
      defect !== undefined && criterionOf[defect] === criterion
        ? { score: 2, reason: `[simulated] The lesson has a planted ${defect.replaceAll("_", " ")} defect.` }
        : { score: 5, reason: `[simulated] No problem with ${criterion} was planted.` },
    ]),
  );
}

/**
 * Shapes a synthesized answer to a lesson, quiz or judge call of a course: key terms mentioned,
 * `low_quality` defects planted at `rate` of lessons (never in a revision, which clears them),
 * the judge's rubric low on the criterion a still-open defect hurts. Other answers are unchanged.
 */
export function shapeCourseAnswer(
  value: JsonValue,
  schemaName: string,
  messages: readonly { readonly content: string }[],
  planted: PlantedDefects,
  rate: number,
): JsonValue {
  const call = courseCallOf(schemaName, messages);
  if (call === undefined || !isObject(value)) return value;
  const defect = call.revision ? undefined : plantedDefectFor(call.key, rate);
  if (call.kind === "judge") return rubricFor(planted.openFor(call.key));
  const part = defect === undefined ? undefined : quizDefects.has(defect) ? "quiz" : "lesson";
  if (call.kind === "lesson") {
    shapeLesson(value, part === "lesson" ? defect : undefined);
  } else if (part === "quiz" && defect !== undefined) {
    shapeQuiz(value, defect);
  }
  if (defect !== undefined && part === call.kind) {
    planted.record(call.key, defect);
  } else if (call.revision) {
    // A rewrite of the part that held the defect removes it; the judge then sees a clean lesson.
    const open = planted.openFor(call.key);
    if (open !== undefined && (quizDefects.has(open) ? "quiz" : "lesson") === call.kind) planted.clear(call.key);
  }
  return value;
}
