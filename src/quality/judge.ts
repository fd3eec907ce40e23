import { z } from "zod";
import type { CourseRequest, Lesson, Quiz, Rubric, RubricCriterion } from "../course/index.ts";
import { rubricCriteria } from "../course/index.ts";
import { generateStructured, type CallPolicy } from "../llm/index.ts";
import type { CallerContext, LlmCallRecorder, ModelPrice, ModelProvider } from "../llm/types.ts";

/** The task name of judge calls: the router, the call records and the simulator know them by it. */
export const judgeTask = "judge";

const criterionDraft = z.strictObject({
  score: z.int().min(1).max(5).describe("1 (poor) to 5 (excellent)."),
  reason: z.string().max(300).describe("One sentence: why this score."),
});

/** What the judge answers: a 1–5 score and a one-sentence reason per criterion (strict-mode JSON Schema). */
export const rubricDraftSchema = z.strictObject({
  accuracy: criterionDraft.describe("Facts, terms and worked steps are correct."),
  clarity: criterionDraft.describe("Easy to follow: one idea at a time, concrete wording."),
  alignment: criterionDraft.describe("Sections teach and questions test the lesson's objectives."),
  audienceFit: criterionDraft.describe("Pitched at the audience and level of the brief."),
  workedExample: criterionDraft.describe("The worked example is realistic and solved step by step."),
});

const judgeSystemPrompt = `You are a strict reviewer of course material for Courseforge.
Score the lesson and its quiz on each criterion from 1 (poor) to 5 (excellent), with one sentence saying why:
- accuracy: facts, terms, numbers and worked steps are correct; quiz keys are right and explanations agree with them;
- clarity: one idea at a time, concrete wording, no filler, placeholders or repetition;
- alignment: every objective is taught by a section and tested by a question;
- audienceFit: vocabulary, sentence length and depth fit the audience and level of the brief;
- workedExample: the worked example is realistic and solved step by step.
A 3 is acceptable, 4 good, 5 excellent. Score what is written, not what was intended. Answer with the JSON object only.`;

/** The messages of a judge call: its own system prompt, then the brief, the lesson and its quiz. */
export function judgeMessages(
  request: Pick<CourseRequest, "topic" | "audience" | "level" | "language">,
  lesson: Lesson,
  quiz: Quiz,
) {
  const lines = [
    `Course brief`,
    `Topic: ${request.topic}`,
    `Audience: ${request.audience}`,
    `Level: ${request.level}`,
    `Language: ${request.language}`,
    ``,
    `Task: review lesson ${lesson.id}, "${lesson.title}".`,
    `Objectives: ${lesson.objectives.map((objective) => `${objective.id} (${objective.text})`).join("; ")}`,
    ...lesson.sections.map((section) => `\n## ${section.title} [${section.kind}]\n${section.body}`),
    ``,
    `Key terms: ${lesson.keyTerms.map((term) => `${term.term}: ${term.definition}`).join("; ")}`,
    ``,
    `Quiz:`,
    ...quiz.questions.map((question, index) => {
      const options =
        "options" in question
          ? question.options.map((option) => `   ${option.id.slice(-1)}) ${option.text}`).join("\n")
          : "";
      const key =
        question.type === "single_choice"
          ? question.correctOptionId.slice(-1)
          : question.type === "multiple_choice"
            ? question.correctOptionIds.map((id) => id.slice(-1)).join(", ")
            : question.type === "true_false"
              ? String(question.answer)
              : question.acceptedAnswers.join(" | ");
      return `${index + 1}. [${question.objectiveId}] ${question.prompt}\n${options}\n   Key: ${key}\n   Explanation: ${question.explanation}`;
    }),
  ];
  return [
    { role: "system" as const, content: judgeSystemPrompt },
    { role: "user" as const, content: lines.join("\n") },
  ];
}

/** How judge calls are made: the same call path, budget and records as every call, with the judge's own model. */
export interface JudgeSettings {
  readonly provider: ModelProvider;
  readonly model: string;
  readonly jobId: string;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  readonly callPolicy?: CallPolicy;
  readonly prices: Readonly<Record<string, ModelPrice>>;
  readonly recorder: LlmCallRecorder;
  readonly caller?: Omit<CallerContext, "urgency">;
}

/** Token figures of a judge call. */
export interface JudgeFigures {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cachedPromptTokens: number;
  readonly costUsd: number;
}

/** Asks the judge model for a lesson's rubric through `generateStructured` (retries, budget, call records). */
export async function judgeLesson(
  settings: JudgeSettings,
  subject: {
    readonly request: Pick<CourseRequest, "topic" | "audience" | "level" | "language">;
    readonly lesson: Lesson;
    readonly quiz: Quiz;
  },
  signal: AbortSignal,
): Promise<{ readonly rubric: Rubric; readonly figures: JudgeFigures }> {
  const result = await generateStructured({
    provider: settings.provider,
    model: settings.model,
    task: judgeTask,
    step: `judge:${subject.lesson.id}`,
    jobId: settings.jobId,
    schema: rubricDraftSchema,
    schemaName: judgeTask,
    messages: judgeMessages(subject.request, subject.lesson, subject.quiz),
    maxOutputTokens: 600,
    // Scores should not depend on sampling.
    temperature: 0,
    ...(settings.caller === undefined ? {} : { caller: { ...settings.caller, urgency: 1 } }),
    maxAttempts: settings.maxAttempts,
    timeoutMs: settings.timeoutMs,
    ...settings.callPolicy,
    recorder: settings.recorder,
    prices: settings.prices,
    signal,
  });
  const rubric = Object.fromEntries(
    rubricCriteria.map((criterion: RubricCriterion) => {
      const { score, reason } = result.value[criterion];
      return [criterion, { score, reason: reason.trim() === "" ? "(no reason given)" : reason.trim() }];
    }),
  ) as Rubric;
  return { rubric, figures: { ...result.usage, costUsd: result.costUsd } };
}
