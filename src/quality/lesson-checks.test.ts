import { describe, expect, it } from "vitest";
import { labelledSet } from "../../bench/quality-labelled-set.ts";
import type { Lesson, Quiz, QuizQuestion } from "../course/index.ts";
import { ParagraphIndex } from "./duplicates.ts";
import { checkKeyTermsUsed, checkObjectiveCoverage } from "./coverage-checks.ts";
import { checkLesson } from "./lesson-checks.ts";
import { checkPlaceholders, findPlaceholder } from "./placeholder-check.ts";
import {
  checkAnswerPositionSkew,
  checkDuplicateQuestions,
  checkExplanationsAgreeWithKey,
  checkLongCorrectOptions,
} from "./quiz-checks.ts";
import { readabilityOf } from "./readability.ts";
import { checkReadingLevel, checkSectionLengths } from "./text-checks.ts";

// A clean lesson of the bench's labelled set: every check passes on it, so each test below that
// changes one thing shows that its check (and only its check) notices.
function clean(): { lesson: Lesson; quiz: Quiz } {
  const item = labelledSet(1).find((candidate) => candidate.defect === null)!;
  return structuredClone({ lesson: item.lesson, quiz: item.quiz });
}
const subject = (lesson: Lesson, quiz: Quiz) => ({ lesson, quiz, level: "beginner" as const, language: "en" });

function withSection(lesson: Lesson, index: number, body: string): Lesson {
  return { ...lesson, sections: lesson.sections.map((section, at) => (at === index ? { ...section, body } : section)) };
}

describe("model-free checks", () => {
  it("pass a clean lesson", () => {
    const { lesson, quiz } = clean();
    expect(checkLesson(subject(lesson, quiz), new ParagraphIndex())).toEqual([]);
  });

  it("find placeholder and meta text", () => {
    expect(findPlaceholder("Lorem ipsum dolor")?.what).toBe("Lorem ipsum filler");
    expect(findPlaceholder("As an AI, I think")?.what).toBe("a model talking about itself");
    expect(findPlaceholder("See [insert chart here].")?.what).toBe("a bracketed placeholder");
    expect(findPlaceholder("TODO write this")?.what).toBe("a TODO/TBD note");
    expect(findPlaceholder("A todo list is handy; [simulated] text too.")).toBeUndefined();
    const { lesson, quiz } = clean();
    const flags = checkPlaceholders(subject(withSection(lesson, 2, `${lesson.sections[2]!.body}\n\nTBD`), quiz));
    expect(flags.map((flag) => [flag.check, flag.target])).toEqual([["placeholder", lesson.sections[2]!.id]]);
  });

  it("flag a section shorter than its level's target", () => {
    const { lesson, quiz } = clean();
    const flags = checkSectionLengths(subject(withSection(lesson, 1, "Too short."), quiz));
    expect(flags).toHaveLength(1);
    expect(flags[0]!.message).toMatch(/2 words; a beginner explanation needs at least 60/);
  });

  it("measure Flesch–Kincaid for English only and flag hard text for beginners", () => {
    const hard =
      "Notwithstanding considerable methodological heterogeneity, contemporary interdisciplinary investigations characteristically operationalize multidimensional organizational interdependencies and institutionalize epistemologically sophisticated evaluative infrastructures whose comprehensibility presupposes extraordinarily specialized socialization. ".repeat(
        2,
      );
    expect(readabilityOf(hard, "en")!.grade).toBeGreaterThan(20);
    expect(readabilityOf(hard, "fr")).toBeUndefined();
    expect(readabilityOf("The cat sat on the mat. ".repeat(8), "en")!.grade).toBeLessThan(3);
    const { lesson, quiz } = clean();
    expect(checkReadingLevel(subject(withSection(lesson, 1, hard), quiz)).map((flag) => flag.check)).toEqual([
      "reading_level",
    ]);
    expect(checkReadingLevel({ ...subject(withSection(lesson, 1, hard), quiz), language: "de" })).toEqual([]);
  });

  it("flag near-duplicate paragraphs within a lesson and across lessons", () => {
    const { lesson, quiz } = clean();
    const copied = lesson.sections[1]!.body.split("\n\n")[1]!;
    const repeated = withSection(lesson, 4, `${lesson.sections[4]!.body}\n\n${copied.replace(/\.$/, "!")}`);
    expect(new ParagraphIndex().check(repeated).map((flag) => flag.target)).toEqual([lesson.sections[4]!.id]);
    const index = new ParagraphIndex();
    index.add(lesson);
    const other = {
      ...lesson,
      id: "m9-l9",
      sections: lesson.sections.map((section) => ({ ...section, id: section.id.replace(/^m\d+-l\d+/, "m9-l9") })),
    };
    expect(index.check(other).length).toBeGreaterThan(0);
    expect(index.check(lesson)).toEqual([]); // a lesson is not its own duplicate
    void quiz;
  });

  it("flag an objective no section teaches and one no question tests", () => {
    const { lesson, quiz } = clean();
    const untaught = {
      ...lesson,
      objectives: [lesson.objectives[0]!, { ...lesson.objectives[1]!, text: "Calculate mortgage interest rates" }],
    };
    expect(checkObjectiveCoverage(subject(untaught, quiz)).map((flag) => flag.check)).toEqual(["objective_untaught"]);
    const untested = {
      questions: quiz.questions.map((question) => ({ ...question, objectiveId: lesson.objectives[0]!.id })),
    };
    expect(checkObjectiveCoverage(subject(lesson, untested as Quiz)).map((flag) => [flag.check, flag.target])).toEqual([
      ["objective_untested", lesson.objectives[1]!.id],
    ]);
  });

  it("flag a key term the sections never use", () => {
    const { lesson, quiz } = clean();
    const extra = { ...lesson, keyTerms: [...lesson.keyTerms, { term: "isotope", definition: "Not used." }] };
    expect(checkKeyTermsUsed(subject(extra, quiz)).map((flag) => flag.target)).toEqual(["isotope"]);
  });

  it("flag a duplicate question, a giveaway long key and an explanation against the key", () => {
    const { lesson, quiz } = clean();
    const [first, second, third] = quiz.questions as [QuizQuestion, QuizQuestion, QuizQuestion];
    const single = first as Extract<QuizQuestion, { type: "single_choice" }>;
    const duplicate = { questions: [first, second, { ...third, prompt: `${first.prompt.replace(/\?$/, "")} then?` }] };
    expect(checkDuplicateQuestions(subject(lesson, duplicate as Quiz)).map((flag) => flag.target)).toEqual([third.id]);
    const long = {
      ...single,
      options: single.options.map((option) =>
        option.id === single.correctOptionId
          ? { ...option, text: `${option.text} because of everything the lesson said about it` }
          : option,
      ),
    };
    expect(checkLongCorrectOptions(subject(lesson, { questions: [long] })).map((flag) => flag.check)).toEqual([
      "long_correct_option",
    ]);
    const wrong = single.options.find((option) => option.id !== single.correctOptionId)!;
    const contradicting = { ...single, explanation: `The correct answer is "${wrong.text}".` };
    const agreeing = {
      ...single,
      explanation: `The correct answer is "${single.options.find((option) => option.id === single.correctOptionId)!.text}".`,
    };
    expect(checkExplanationsAgreeWithKey(subject(lesson, { questions: [contradicting] }))).toHaveLength(1);
    expect(checkExplanationsAgreeWithKey(subject(lesson, { questions: [agreeing] }))).toEqual([]);
    const trueFalse = {
      ...(second as Extract<QuizQuestion, { type: "true_false" }>),
      answer: true,
      explanation: "False: it is the other way round.",
    };
    expect(checkExplanationsAgreeWithKey(subject(lesson, { questions: [trueFalse] }))).toHaveLength(1);
  });

  it("flag the correct option sitting at one position over a course, not a spread", () => {
    const { quiz } = clean();
    const single = quiz.questions[0] as Extract<QuizQuestion, { type: "single_choice" }>;
    const at = (position: number) => ({ ...single, correctOptionId: single.options[position]!.id });
    const skewed = Array.from({ length: 12 }, () => ({ questions: [at(0)] }));
    const spread = Array.from({ length: 12 }, (_, index) => ({ questions: [at(index % 4)] }));
    expect(checkAnswerPositionSkew(skewed).map((flag) => flag.check)).toEqual(["answer_position_skew"]);
    expect(checkAnswerPositionSkew(spread)).toEqual([]);
    expect(checkAnswerPositionSkew(skewed.slice(0, 4))).toEqual([]); // too few to tell from chance
  });
});
