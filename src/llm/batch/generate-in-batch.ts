import type { ChatCompletion } from "openai/resources/chat/completions";
import { CourseforgeError } from "../../errors/index.ts";
import { addUsage, attemptCost, attemptUsage, buildCallRecord, noUsage } from "../call-record.ts";
import { checkAnswer } from "../check-answer.ts";
import {
  AttemptsExhaustedError,
  InvalidJsonOutputError,
  LlmError,
  OutputValidationError,
  ProviderRequestError,
  ProviderUnavailableError,
} from "../errors.ts";
import { feedbackMessages } from "../feedback.ts";
import { generateStructured } from "../generate-structured.ts";
import type { GenerateStructuredOptions, GenerateStructuredResult } from "../generate-structured.ts";
import { toStrictJsonSchema } from "../json-schema.ts";
import { chatCompletionBody, toProviderResponse } from "../providers/openai-compatible/provider.ts";
import type { ChatMessage, ProviderResponse, TokenUsage } from "../types.ts";
import type { BatchCoordinator, BatchProgress } from "./coordinator.ts";

/** A batch that ended without answering a line, when falling back to real time is off. */
export class BatchUnfinishedError extends CourseforgeError {
  static readonly code = "BATCH_UNFINISHED";
  constructor(step: string, reason: string) {
    super("BATCH_UNFINISHED", `The batch ended before answering ${step}: ${reason}`, {
      retryable: false,
      details: { step, reason },
      suggestion: "Run the course again, or set COURSEFORGE_BATCH_FALLBACK=realtime to finish such lines in real time.",
    });
  }
}

/** What economy mode adds to a structured call. */
export interface BatchLane {
  readonly coordinator: BatchCoordinator;
  /** Batch price ÷ real-time price (OpenAI: 0.5). */
  readonly priceFactor: number;
  /** What a line its batch left unanswered (expired, failed, cancelled) does: run in real time, or fail the step. */
  readonly fallback: "realtime" | "fail";
  readonly onProgress?: (progress: BatchProgress & { readonly step: string }) => void;
  /** Called when a line falls back to real time, with the reason. */
  readonly onFallback?: (fallback: { readonly step: string; readonly code: string; readonly reason: string }) => void;
}

/**
 * {@link generateStructured} through the provider's Batch API: each attempt is one line of a
 * shared batch (custom id `jobId/step/attempt`, so a resumed job finds its lines instead of
 * submitting them again), answers are checked as in real time, an invalid one is retried with
 * feedback as a line of the next batch, and a line its batch never answered runs in real time
 * (or fails, per `fallback`). Every attempt is an `llm_calls` row at the batch price.
 */
export async function generateStructuredInBatch<T>(
  options: GenerateStructuredOptions<T> & { readonly jobId: string; readonly batch: BatchLane },
): Promise<GenerateStructuredResult<T>> {
  const { batch, signal } = options;
  const provider = batch.coordinator.provider;
  const responseFormat = { name: options.schemaName, schema: toStrictJsonSchema(options.schema) };
  let messages: readonly ChatMessage[] = options.messages;
  let totalUsage: TokenUsage = noUsage;
  let totalCost = 0;
  const codes: string[] = [];
  let lastError: LlmError | undefined;

  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    const body = chatCompletionBody({
      model: options.model,
      messages,
      responseFormat,
      maxOutputTokens: options.maxOutputTokens,
      ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
      ...(options.promptCacheKey === undefined ? {} : { promptCacheKey: options.promptCacheKey }),
    });
    const lineId = `${options.jobId}/${options.step}/${attempt}`;
    const outcome = await batch.coordinator.run(
      { id: lineId, jobId: options.jobId, step: options.step, task: options.task, attempt, model: options.model, body },
      {
        signal,
        ...(batch.onProgress === undefined
          ? {}
          : { onProgress: (progress: BatchProgress) => batch.onProgress?.({ ...progress, step: options.step }) }),
      },
    );
    const { line } = outcome;
    if (outcome.kind === "unfinished") {
      const reason = line.errorMessage ?? "The batch ended without answering this line.";
      if (batch.fallback === "fail") throw new BatchUnfinishedError(options.step, reason);
      batch.onFallback?.({ step: options.step, code: line.errorCode ?? "batch_unfinished", reason });
      const realtime = await generateStructured({
        ...options,
        messages,
        maxAttempts: Math.max(1, options.maxAttempts - attempt + 1),
      });
      return {
        ...realtime,
        attempts: realtime.attempts + attempt - 1,
        usage: addUsage(totalUsage, realtime.usage),
        costUsd: totalCost + realtime.costUsd,
      };
    }

    let response: ProviderResponse | undefined;
    let value: T | undefined;
    let error: LlmError | undefined;
    try {
      if (outcome.kind === "errored") throw lineError(line.errorCode, line.errorMessage, provider, options.model);
      response = toProviderResponse(line.response as ChatCompletion, {
        provider,
        model: options.model,
        maxOutputTokens: options.maxOutputTokens,
      });
      value = checkAnswer(response, options.schema, options.semanticCheck, { provider });
    } catch (caught) {
      error = LlmError.isInstance(caught)
        ? caught
        : new ProviderRequestError(`The batch answer could not be read: ${String(caught)}`, {
            provider,
            model: options.model,
            cause: caught,
          });
    }
    const { usage, reported } = attemptUsage(messages, response, error);
    const costUsd = attemptCost(usage, options.prices, options.model, response?.model) * batch.priceFactor;
    totalUsage = addUsage(totalUsage, usage);
    totalCost += costUsd;
    const record = buildCallRecord({
      ...options,
      provider,
      attempt,
      error,
      usage,
      usageReported: reported,
      costUsd,
      startedAtMs: line.createdAt.getTime(),
      endedAtMs: Date.now(),
    });
    const retrying = error !== undefined && error.retryable && attempt < options.maxAttempts;
    // A successful attempt is recorded with its step's checkpoint (the step runner defers it); a
    // failed one once, whichever run of the job read it first.
    if (error === undefined || (await batch.coordinator.claimRecord(lineId))) await options.recorder.record(record);
    options.onAttempt?.(record, { retrying });
    if (error === undefined) {
      return { value: value as T, attempts: attempt, usage: totalUsage, costUsd: totalCost, model: response!.model };
    }
    codes.push(error.code);
    lastError = error;
    if (!error.retryable) throw error;
    if (InvalidJsonOutputError.isInstance(error) || OutputValidationError.isInstance(error)) {
      const issues = OutputValidationError.isInstance(error) ? error.issues : [{ path: [], message: error.message }];
      messages = feedbackMessages(options.messages, response?.content ?? "", issues);
    }
  }
  const last = lastError!;
  throw new AttemptsExhaustedError(
    `${options.task} (${options.step}) failed after ${codes.length} batch attempts [${codes.join(", ")}]: ${last.message}`,
    { cause: last, attempts: codes.length, attemptCodes: codes, provider, model: options.model, usage: totalUsage },
  );
}

// A line the provider answered with an error status: 5xx and 429 are worth another line, 4xx is not.
function lineError(code: string | null, message: string | null, provider: string, model: string): LlmError {
  const text = `The batch line failed (${code ?? "unknown"}): ${message ?? "no message"}`;
  const status = Number(/^http_(\d+)$/.exec(code ?? "")?.[1] ?? Number.NaN);
  if (Number.isFinite(status) && status >= 400 && status < 500 && status !== 429)
    return new ProviderRequestError(text, { provider, model, status });
  return new ProviderUnavailableError(text, { provider, model, ...(Number.isFinite(status) ? { status } : {}) });
}
