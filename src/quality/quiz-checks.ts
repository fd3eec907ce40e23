import type { QualityFlag, Quiz, QuizQuestion } from "../course/index.ts";
import type { LessonUnderCheck } from "./check-types.ts";
import { contentWords, normalized } from "./text.ts";

/** Word-set Jaccard similarity at which two question prompts count as the same question. */
export const duplicateQuestionSimilarity = 0.8;
/** A correct option this many times longer than its longest distractor gives itself away. */
export const longOptionRatio = 1.75;
/** …and at least this many characters longer (short options vary a lot in relative length). */
export const longOptionMinimumExtra = 20;

function jaccard(first: ReadonlySet<string>, second: ReadonlySet<string>): number {
  if (first.size === 0 && second.size === 0) return 1;
  let shared = 0;
  for (const word of first) if (second.has(word)) shared++;
  return shared / (first.size + second.size - shared);
}

/** Flags questions that ask what an earlier question of the quiz already asks. */
export function checkDuplicateQuestions({ quiz }: LessonUnderCheck): QualityFlag[] {
  const seen: { id: string; words: Set<string> }[] = [];
  const flags: QualityFlag[] = [];
  for (const question of quiz.questions) {
    const words = new Set(contentWords(question.prompt));
    const twin = seen.find((other) => jaccard(words, other.words) >= duplicateQuestionSimilarity);
    if (twin) {
      flags.push({
        check: "duplicate_question",
        part: "quiz",
        target: question.id,
        message: `asks the same as question ${twin.id}; ask about something else`,
      });
    }
    seen.push({ id: question.id, words });
  }
  return flags;
}

function correctOptionIds(question: QuizQuestion): readonly string[] {
  if (question.type === "single_choice") return [question.correctOptionId];
  if (question.type === "multiple_choice") return question.correctOptionIds;
  return [];
}

/** Flags single-choice questions whose correct option is conspicuously longer than every distractor. */
export function checkLongCorrectOptions({ quiz }: LessonUnderCheck): QualityFlag[] {
  return quiz.questions.flatMap((question): QualityFlag[] => {
    if (question.type !== "single_choice") return [];
    const key = question.options.find((option) => option.id === question.correctOptionId);
    const distractors = question.options.filter((option) => option.id !== question.correctOptionId);
    if (key === undefined || distractors.length === 0) return [];
    const longest = Math.max(...distractors.map((option) => option.text.trim().length));
    const length = key.text.trim().length;
    if (length < longest * longOptionRatio || length - longest < longOptionMinimumExtra) return [];
    return [
      {
        check: "long_correct_option",
        part: "quiz",
        target: question.id,
        message: `the correct option has ${length} characters, its longest distractor ${longest}: learners can guess it by length; make the options alike in length and detail`,
      },
    ];
  });
}

const saysTrue = /^\s*(true|correct|yes|right)\b|\b(the statement|this|it) is (true|correct)\b/i;
const saysFalse = /^\s*(false|incorrect|no|wrong)\b|\b(the statement|this|it) is (false|incorrect|not true|wrong)\b/i;
const namedAnswer = [
  /\b(?:the )?(?:correct|right|best) (?:answer|option|choice) is:?\s*["“']?([^"”'.;\n]+)/gi,
  /["“']([^"”'\n]+)["”'] is (?:the )?(?:correct|right)\b/gi,
];

/**
 * Flags explanations that contradict the answer key: a true/false explanation that opens by calling
 * the statement the opposite of its answer, or a choice explanation that names a distractor (and not
 * the key) as the correct answer.
 */
export function checkExplanationsAgreeWithKey({ quiz }: LessonUnderCheck): QualityFlag[] {
  return quiz.questions.flatMap((question): QualityFlag[] => {
    const flag = (message: string): QualityFlag[] => [
      { check: "explanation_contradicts_key", part: "quiz", target: question.id, message },
    ];
    if (question.type === "true_false") {
      const opening = question.explanation.split(/(?<=[.!?])\s/)[0] ?? "";
      if (question.answer && saysFalse.test(opening) && !saysTrue.test(opening))
        return flag("the answer is true but the explanation says the statement is false; make them agree");
      if (!question.answer && saysTrue.test(opening) && !saysFalse.test(opening))
        return flag("the answer is false but the explanation says the statement is true; make them agree");
      return [];
    }
    if (question.type !== "single_choice" && question.type !== "multiple_choice") return [];
    const keys = new Set(correctOptionIds(question));
    for (const pattern of namedAnswer) {
      for (const match of question.explanation.matchAll(pattern)) {
        const named = normalized(match[1] ?? "");
        if (named === "") continue;
        const option = question.options.find((candidate) => {
          const text = normalized(candidate.text);
          return text !== "" && (named.startsWith(text) || text.startsWith(named));
        });
        if (option !== undefined && !keys.has(option.id))
          return flag(
            `the explanation names "${option.text.slice(0, 60)}" as correct, but the key is another option; make them agree`,
          );
      }
    }
    return [];
  });
}

/** Fewest choice questions over which a skew of the correct option's position can be told from chance. */
export const minSkewQuestions = 8;
/** Chi-square critical value for the positions' counts (p < 0.001 at 3 degrees of freedom, 4 options). */
const chiSquareCritical: Readonly<Record<number, number>> = { 1: 10.83, 2: 13.82, 3: 16.27, 4: 18.47, 5: 20.52 };

/**
 * Flags a course whose single-choice answers sit at one position far more than chance allows
 * (chi-square test of the positions, p < 0.001), over at least {@link minSkewQuestions} questions.
 */
export function checkAnswerPositionSkew(quizzes: readonly Quiz[]): QualityFlag[] {
  const counts = new Map<number, number[]>();
  for (const quiz of quizzes) {
    for (const question of quiz.questions) {
      if (question.type !== "single_choice") continue;
      const size = question.options.length;
      const position = question.options.findIndex((option) => option.id === question.correctOptionId);
      if (position < 0) continue;
      const bySize = counts.get(size) ?? Array.from({ length: size }, () => 0);
      bySize[position] = (bySize[position] ?? 0) + 1;
      counts.set(size, bySize);
    }
  }
  const flags: QualityFlag[] = [];
  for (const [size, positions] of counts) {
    const total = positions.reduce((sum, count) => sum + count, 0);
    const critical = chiSquareCritical[size - 1];
    if (total < minSkewQuestions || critical === undefined) continue;
    const expected = total / size;
    const chiSquare = positions.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    if (chiSquare < critical) continue;
    const top = positions.indexOf(Math.max(...positions));
    flags.push({
      check: "answer_position_skew",
      part: "course",
      target: "course",
      message: `${positions[top]} of ${total} single-choice answers are option ${String.fromCharCode(97 + top)}; shuffle where the correct option sits`,
    });
  }
  return flags;
}
