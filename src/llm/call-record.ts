import type { AbortedError } from "../errors/index.ts";
import { countChatTokens, countTextTokens } from "../tokens/index.ts";
import type { LlmError } from "./errors.ts";
import { costOf, findPrice } from "./pricing.ts";
import type { ChatMessage, LlmCallRecord, ModelPrice, ProviderResponse, TokenUsage } from "./types.ts";

/** Zero tokens. */
export const noUsage: TokenUsage = Object.freeze({ promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0 });

/** Adds two token counts. */
export function addUsage(left: TokenUsage, right: TokenUsage): TokenUsage {
  return {
    promptTokens: left.promptTokens + right.promptTokens,
    completionTokens: left.completionTokens + right.completionTokens,
    cachedPromptTokens: left.cachedPromptTokens + right.cachedPromptTokens,
  };
}

// Errors raised after the model produced an answer: tokens were spent (and billed) even though it failed.
const answeredCodes = new Set([
  "LLM_REFUSAL",
  "LLM_OUTPUT_TRUNCATED",
  "LLM_CONTENT_FILTERED",
  "LLM_INVALID_JSON",
  "LLM_OUTPUT_INVALID",
]);

/**
 * The tokens one attempt used: the provider's `usage` when it reported one; else counted locally
 * with o200k when the model answered; else zero (the request never reached a model: 429, 5xx, …).
 */
export function attemptUsage(
  messages: readonly ChatMessage[],
  response: ProviderResponse | undefined,
  error: LlmError | AbortedError | undefined,
): { usage: TokenUsage; reported: boolean } {
  const reported = response?.usage ?? (error as LlmError | undefined)?.usage;
  if (reported !== undefined) return { usage: reported, reported: true };
  const answer =
    response?.content ??
    (error !== undefined && answeredCodes.has(error.code) ? ((error as LlmError).rawText ?? "") : undefined);
  if (answer === undefined) return { usage: noUsage, reported: false };
  return {
    usage: {
      promptTokens: countChatTokens(messages),
      completionTokens: countTextTokens(answer),
      cachedPromptTokens: 0,
    },
    reported: false,
  };
}

/** The cost of an attempt, priced by the requested model, else by the model that answered; 0 when unknown. */
export function attemptCost(
  usage: TokenUsage,
  prices: Readonly<Record<string, ModelPrice>>,
  model: string,
  answeredBy: string | undefined,
): number {
  const price = findPrice(prices, model) ?? (answeredBy === undefined ? undefined : findPrice(prices, answeredBy));
  return costOf(usage, price);
}

/** Builds the `llm_calls` row of one attempt. */
export function buildCallRecord(fields: {
  jobId: string | null;
  step: string;
  task: string;
  provider: string;
  model: string;
  attempt: number;
  error: LlmError | AbortedError | undefined;
  usage: TokenUsage;
  usageReported: boolean;
  costUsd: number;
  startedAtMs: number;
  endedAtMs: number;
  attemptId?: string;
}): LlmCallRecord {
  return {
    jobId: fields.jobId,
    step: fields.step,
    task: fields.task,
    provider: fields.provider,
    model: fields.model,
    attempt: fields.attempt,
    outcome: fields.error?.code ?? "success",
    promptTokens: fields.usage.promptTokens,
    completionTokens: fields.usage.completionTokens,
    cachedPromptTokens: fields.usage.cachedPromptTokens,
    usageReported: fields.usageReported,
    latencyMs: Math.max(0, fields.endedAtMs - fields.startedAtMs),
    costUsd: fields.costUsd,
    errorMessage: fields.error?.message ?? null,
    startedAt: new Date(fields.startedAtMs),
    ...(fields.attemptId === undefined ? {} : { attemptId: fields.attemptId }),
  };
}
