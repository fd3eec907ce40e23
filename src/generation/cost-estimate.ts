import type { CourseRequest } from "../course/index.ts";
import { costOf, findPrice } from "../llm/index.ts";
import type { ModelPrice } from "../llm/types.ts";
import { countChatTokens } from "../tokens/index.ts";
import type { StepModels } from "./pipeline.ts";
import { outlineMessages } from "./prompts.ts";

/** Tokens a lesson prompt adds to the outline prompt and the outline itself (its task and rules). */
const lessonInstructionTokens = 450;

/** What is left to pay for: steps not yet checkpointed. */
export interface RemainingSteps {
  readonly outline: boolean;
  readonly lessons: number;
  readonly quizzes: number;
}

/** What {@link estimateCourseCost} needs. */
export interface CostEstimateInput {
  readonly request: CourseRequest;
  readonly models: StepModels;
  readonly prices: Readonly<Record<string, ModelPrice>>;
  /** The `max_tokens` each kind of step will be sent with (see `sizeStepOutput`). */
  readonly outputTokens: { readonly outline: number; readonly lesson: number; readonly quiz: number };
  /** Default: every step of the request. */
  readonly remaining?: RemainingSteps;
  /** Knowledge-base passages added to each lesson prompt (the retrieval token budget), if grounded. */
  readonly groundingTokens?: number;
}

/** An estimate in US dollars, whole and per kind of step. */
export interface CostEstimate {
  readonly totalUsd: number;
  readonly outlineUsd: number;
  readonly lessonsUsd: number;
  readonly quizzesUsd: number;
}

/**
 * The most a course (or what is left of it) should cost before a call is made: each step's prompt
 * (the outline prompt counted exactly; a lesson's as the outline prompt plus the outline plus its
 * instructions and passages; a quiz's as a lesson's prompt plus the lesson) at the uncached input
 * price, plus its whole `max_tokens` at the output price, for the model each step is routed to.
 * Retries are not in it: the job's reservation grows call by call when they happen.
 */
export function estimateCourseCost(input: CostEstimateInput): CostEstimate {
  const { request, models, prices, outputTokens } = input;
  const lessons = request.modules * request.lessonsPerModule;
  const remaining = input.remaining ?? { outline: true, lessons, quizzes: lessons };
  const outlinePrompt = countChatTokens(outlineMessages(request));
  const lessonPrompt = outlinePrompt + outputTokens.outline + lessonInstructionTokens + (input.groundingTokens ?? 0);
  const quizPrompt = lessonPrompt + outputTokens.lesson;
  const cost = (model: string, promptTokens: number, completionTokens: number) =>
    costOf({ promptTokens, completionTokens, cachedPromptTokens: 0 }, findPrice(prices, model));
  const outlineUsd = remaining.outline ? cost(models.outline, outlinePrompt, outputTokens.outline) : 0;
  const lessonsUsd = remaining.lessons * cost(models.lesson, lessonPrompt, outputTokens.lesson);
  const quizzesUsd = remaining.quizzes * cost(models.quiz, quizPrompt, outputTokens.quiz);
  return { totalUsd: outlineUsd + lessonsUsd + quizzesUsd, outlineUsd, lessonsUsd, quizzesUsd };
}
