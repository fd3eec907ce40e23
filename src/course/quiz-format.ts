import { z } from "zod";
import { closedObject } from "./closed-object.ts";
import { documented, idOf, listOf, nonBlank } from "./format-parts.ts";
import { courseCounts, courseTextLimits } from "./text-bounds.ts";

/** Quiz question types. */
export const questionTypes = ["single_choice", "multiple_choice", "true_false", "short_answer"] as const;

/** A quiz question type. */
export type QuestionType = (typeof questionTypes)[number];

/** One answer option of a choice question. */
export const QuizOption = documented(closedObject({ id: idOf("option"), text: nonBlank(courseTextLimits.longText) }), {
  id: "QuizOption",
  description: "One answer option. Its id is the question id plus a letter: m1-l1-q1-a, m1-l1-q1-b, …",
});
/** One answer option of a choice question. */
export type QuizOption = z.output<typeof QuizOption>;

const common = {
  id: idOf("question"),
  prompt: documented(nonBlank(courseTextLimits.longText), {
    description: "The question, Markdown allowed (for true_false: the statement to judge).",
  }),
};
const explanation = nonBlank(courseTextLimits.longText);
const objectiveId = idOf("objective");
const options = listOf(QuizOption, courseCounts.options);

/** A question with exactly one correct option. */
export const SingleChoiceQuestion = documented(
  closedObject({
    ...common,
    type: z.literal("single_choice"),
    options,
    correctOptionId: idOf("option"),
    explanation,
    objectiveId,
  }),
  {
    id: "SingleChoiceQuestion",
    description: "Exactly one option is correct: correctOptionId is the id of one of options.",
  },
);
/** A question with exactly one correct option. */
export type SingleChoiceQuestion = z.output<typeof SingleChoiceQuestion>;

/** A question with one or more correct options. */
export const MultipleChoiceQuestion = documented(
  closedObject({
    ...common,
    type: z.literal("multiple_choice"),
    options,
    correctOptionIds: listOf(idOf("option"), { min: 1, max: courseCounts.options.max }),
    explanation,
    objectiveId,
  }),
  { id: "MultipleChoiceQuestion", description: "One or more options are correct: correctOptionIds lists each, once." },
);
/** A question with one or more correct options. */
export type MultipleChoiceQuestion = z.output<typeof MultipleChoiceQuestion>;

/** A statement the learner judges true or false. */
export const TrueFalseQuestion = documented(
  closedObject({ ...common, type: z.literal("true_false"), answer: z.boolean(), explanation, objectiveId }),
  { id: "TrueFalseQuestion", description: "prompt is a statement; answer says whether it is true." },
);
/** A statement the learner judges true or false. */
export type TrueFalseQuestion = z.output<typeof TrueFalseQuestion>;

/** A question answered with a few words. */
export const ShortAnswerQuestion = documented(
  closedObject({
    ...common,
    type: z.literal("short_answer"),
    acceptedAnswers: listOf(nonBlank(courseTextLimits.shortText), courseCounts.acceptedAnswers),
    explanation,
    objectiveId,
  }),
  {
    id: "ShortAnswerQuestion",
    description:
      "Answered with a few words; a reply is correct when it matches one of acceptedAnswers (compare case-insensitively, trimmed).",
  },
);
/** A question answered with a few words. */
export type ShortAnswerQuestion = z.output<typeof ShortAnswerQuestion>;

/** One quiz question, told apart by `type`. */
export const QuizQuestion = documented(
  z.discriminatedUnion("type", [SingleChoiceQuestion, MultipleChoiceQuestion, TrueFalseQuestion, ShortAnswerQuestion]),
  { id: "QuizQuestion", description: "One question; the type field says which shape it has." },
);
/** One quiz question, told apart by `type`. */
export type QuizQuestion = z.output<typeof QuizQuestion>;

/** The quiz of one lesson. */
export const Quiz = documented(closedObject({ questions: listOf(QuizQuestion, courseCounts.questions) }), {
  id: "Quiz",
  description: "The quiz at the end of a lesson. Every question tests one of the lesson's objectives.",
});
/** The quiz of one lesson. */
export type Quiz = z.output<typeof Quiz>;
