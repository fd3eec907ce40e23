import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { countChatTokens } from "../tokens/index.ts";
import { AbortedError, CourseforgeError, InvalidInputError, throwIfAborted } from "../errors/index.ts";
import { backoffDelayMs, defaultBackoff, sleep as defaultSleep } from "./backoff.ts";
import type { BackoffPolicy } from "./backoff.ts";
import { addUsage, attemptCost, attemptUsage, buildCallRecord, noUsage } from "./call-record.ts";
import { CallNotAdmittedError, type AdmitCall } from "./admission.ts";
import { checkAnswer } from "./check-answer.ts";
import type { SemanticCheck } from "./check-answer.ts";
import {
  AttemptsExhaustedError,
  InvalidJsonOutputError,
  LlmError,
  OutputTruncatedError,
  OutputValidationError,
  UnexpectedProviderError,
} from "./errors.ts";
import { CircuitOpenError } from "./breaker/circuit-open-error.ts";
import { feedbackMessages } from "./feedback.ts";
import { toStrictJsonSchema } from "./json-schema.ts";
import { composeCompletion, raceAbort, timeoutMiddleware } from "./middleware.ts";
import type { CompletionMiddleware } from "./middleware.ts";
import { isOutage, outageDelayMs, scaledTimeoutMs } from "./outage.ts";
import type { OutageWait, TimeoutScale } from "./outage.ts";
import type {
  CallerContext,
  ChatMessage,
  InFlightCall,
  LlmCallRecord,
  LlmCallRecorder,
  ModelPrice,
  ModelProvider,
  ProviderRequest,
  ProviderResponse,
  TokenUsage,
} from "./types.ts";

/** Options of {@link generateStructured}. */
export interface GenerateStructuredOptions<T> {
  readonly provider: ModelProvider;
  readonly model: string;
  /** What kind of output: `outline`, `lesson`, `quiz`, … */
  readonly task: string;
  /** The pipeline step served, e.g. `lesson:m1-l2`. */
  readonly step: string;
  readonly jobId: string | null;
  readonly schema: z.ZodType<T>;
  /** Name of the response format, `^[a-zA-Z0-9_-]{1,64}$`. */
  readonly schemaName: string;
  readonly messages: readonly ChatMessage[];
  readonly maxOutputTokens: number;
  /** Upper bound when a truncated answer raises the token limit by 1.5× (default 2 × `maxOutputTokens`). */
  readonly maxOutputTokensLimit?: number;
  readonly temperature?: number;
  /** Attempt n is sent with `seed + n − 1`, so a retry is reproducible but not a copy of the failed answer. */
  readonly seed?: number;
  readonly promptCacheKey?: string;
  /** Who the call is for: the provider budget schedules waiting calls fairly by it. */
  readonly caller?: CallerContext;
  readonly semanticCheck?: SemanticCheck<T>;
  /** Attempts in total, at least 1. */
  readonly maxAttempts: number;
  /** Per-attempt time limit; none when absent (the provider's own applies). */
  readonly timeoutMs?: number;
  /** Per-attempt time limit sized to the answer (`baseMs + maxOutputTokens / tokensPerSecond`); wins over `timeoutMs`. */
  readonly timeoutScale?: TimeoutScale;
  /**
   * Total milliseconds a call may wait out a provider outage (open circuits, unreachable provider)
   * without spending attempts; 0 (default): an outage spends attempts like any retryable error.
   */
  readonly outageWaitMs?: number;
  /** Called each time the call starts waiting out an outage. */
  readonly onWaiting?: (wait: OutageWait) => void;
  /** Stages placed around the provider, outermost first, outside the timeout (cache, router, budget, breaker). */
  readonly middleware?: readonly CompletionMiddleware[];
  /** Asked before each attempt is sent; a refused attempt throws {@link CallNotAdmittedError}, unrecorded. */
  readonly admit?: AdmitCall;
  readonly recorder: LlmCallRecorder;
  /** Prices per model name (dated names fall back to their base name); unknown models cost 0. */
  readonly prices: Readonly<Record<string, ModelPrice>>;
  readonly signal: AbortSignal;
  readonly clock?: { now(): number };
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly backoff?: BackoffPolicy;
  /** Source of jitter in [0, 1); `Math.random` by default. */
  readonly random?: () => number;
  /** Called after each attempt is recorded; `retrying`: another attempt follows (false for the last, a success, or an error never retried). */
  readonly onAttempt?: (record: LlmCallRecord, outcome: { readonly retrying: boolean }) => void;
}

/** What {@link generateStructured} returns. */
export interface GenerateStructuredResult<T> {
  readonly value: T;
  /** Attempts made, including the successful one. */
  readonly attempts: number;
  /** Tokens of all attempts together. */
  readonly usage: TokenUsage;
  /** Cost of all attempts together, in US dollars. */
  readonly costUsd: number;
  /** The model that produced the accepted answer, as the provider named it. */
  readonly model: string;
}

const schemaNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Asks a model for JSON matching `schema` and returns the validated value. Every attempt is
 * recorded. Invalid JSON, schema and semantic failures are retried with feedback naming the failing
 * paths; retryable provider errors (429, 5xx, timeout, refusal, truncation) back off with full
 * jitter, honouring the provider's `retry-after`; other errors are thrown at once.
 *
 * @throws {AttemptsExhaustedError} when every attempt failed (`cause` is the last error).
 * @throws {AbortedError} when `signal` fires.
 * @throws {LlmError} a non-retryable error of the provider (auth, bad request, content filter, …).
 */
export async function generateStructured<T>(
  options: GenerateStructuredOptions<T>,
): Promise<GenerateStructuredResult<T>> {
  validateOptions(options);
  const { signal, provider } = options;
  const responseFormat = { name: options.schemaName, schema: toStrictJsonSchema(options.schema) };
  const clock = options.clock ?? Date;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const outageWaitMs = options.outageWaitMs ?? 0;
  const tokenLimit = options.maxOutputTokensLimit ?? options.maxOutputTokens * 2;

  let messages: readonly ChatMessage[] = options.messages;
  let maxOutputTokens = options.maxOutputTokens;
  let totalUsage = noUsage;
  let totalCost = 0;
  const codes: string[] = [];
  let lastError: LlmError | undefined;
  let waitedMs = 0;
  let outageTries = 0;

  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    throwIfAborted(signal);
    // The model that actually served the attempt (a router stage may pick a fallback).
    let servedModel = options.model;
    const attemptId = randomUUID();
    const startedAtMs = clock.now();
    // Set once the attempt passed every stage and is about to be sent; its settlement waits for it.
    let begun: Promise<void> | undefined;
    // The attempt could not be recorded in flight, so it was not sent: that error, as it is.
    let unrecorded: { error: unknown } | undefined;
    // Set when the admission check refused the attempt: nothing was sent, so nothing is recorded.
    let refused: CallNotAdmittedError | undefined;
    const timeoutMs =
      options.timeoutScale === undefined ? options.timeoutMs : scaledTimeoutMs(options.timeoutScale, maxOutputTokens);
    const handler = composeCompletion(provider, [
      ...(options.middleware ?? []),
      (next) => async (routed) => {
        servedModel = routed.model;
        if (options.admit !== undefined) {
          const admission = {
            jobId: options.jobId,
            step: options.step,
            task: options.task,
            model: routed.model,
            maxOutputTokens: routed.maxOutputTokens,
            attempt,
          };
          if (!(await options.admit(admission))) {
            refused = new CallNotAdmittedError(admission);
            throw refused;
          }
        }
        const begin = options.recorder.begin;
        if (begin !== undefined) {
          begun = begin.call(options.recorder, inFlightCall(options, routed, attempt, attemptId, startedAtMs), {
            signal,
          });
          await begun.catch((error: unknown) => {
            unrecorded = { error };
            throw error;
          });
          throwIfAborted(signal);
        }
        return next(routed);
      },
      ...(timeoutMs === undefined ? [] : [timeoutMiddleware(timeoutMs)]),
    ]);
    const request: ProviderRequest = {
      model: options.model,
      messages,
      responseFormat,
      maxOutputTokens,
      signal,
      ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
      ...(options.seed === undefined ? {} : { seed: options.seed + attempt - 1 }),
      ...(options.promptCacheKey === undefined ? {} : { promptCacheKey: options.promptCacheKey }),
      ...(options.caller === undefined ? {} : { caller: options.caller }),
    };
    let response: ProviderResponse | undefined;
    let value: T | undefined;
    let error: LlmError | AbortedError | undefined;
    try {
      response = await raceAbort(handler(request), signal);
      value = checkAnswer(response, options.schema, options.semanticCheck, { provider: provider.name });
    } catch (caught) {
      error = normalizeError(caught, signal, provider.name, options.model);
    }
    const endedAtMs = clock.now();
    if (unrecorded !== undefined) throw unrecorded.error;
    if (refused !== undefined) throw refused;

    const { usage, reported } = attemptUsage(messages, response, error);
    const costUsd = attemptCost(
      usage,
      options.prices,
      servedModel,
      response?.model ?? (error as LlmError | undefined)?.model,
    );
    totalUsage = addUsage(totalUsage, usage);
    totalCost += costUsd;
    // A refusal by an open circuit sent nothing to the provider: no llm_calls row.
    if (!CircuitOpenError.isInstance(error)) {
      const fields = {
        ...options,
        model: servedModel,
        provider: provider.name,
        attempt,
        error,
        usage,
        usageReported: reported,
        costUsd,
        startedAtMs,
        endedAtMs,
        attemptId,
      };
      // A settlement stored before its in-flight row would leave that row to be declared lost.
      await begun?.catch(() => {});
      // An outage being waited out is reported through onWaiting, not as a retry.
      const retrying =
        LlmError.isInstance(error) &&
        error.retryable &&
        attempt < options.maxAttempts &&
        !(isOutage(error) && waitedMs < outageWaitMs);
      await recordAttempt(options, buildCallRecord(fields), retrying);
    }

    if (error === undefined) {
      return {
        value: value as T,
        attempts: attempt,
        usage: totalUsage,
        costUsd: totalCost,
        model: response?.model ?? servedModel,
      };
    }
    if (!LlmError.isInstance(error)) throw error;
    if (isOutage(error) && waitedMs < outageWaitMs) {
      // An outage is not this request's fault: wait it out without spending an attempt.
      outageTries++;
      const waitMs = outageDelayMs(error, outageTries, {
        policy: options.backoff ?? defaultBackoff,
        random,
        remainingMs: outageWaitMs - waitedMs,
      });
      options.onWaiting?.({
        reason: "provider_unavailable",
        step: options.step,
        model: options.model,
        code: error.code,
        waitMs,
        waitedMs,
      });
      await sleep(waitMs, signal).catch((caught: unknown) => {
        throw normalizeError(caught, signal, provider.name, options.model);
      });
      waitedMs += waitMs;
      attempt--;
      continue;
    }
    outageTries = 0;
    codes.push(error.code);
    lastError = error;
    if (!error.retryable) throw error;
    if (attempt === options.maxAttempts) break;

    if (InvalidJsonOutputError.isInstance(error) || OutputValidationError.isInstance(error)) {
      const issues = OutputValidationError.isInstance(error) ? error.issues : [{ path: [], message: error.message }];
      messages = feedbackMessages(options.messages, response?.content ?? "", issues);
      continue;
    }
    if (OutputTruncatedError.isInstance(error))
      maxOutputTokens = Math.min(tokenLimit, Math.max(maxOutputTokens, Math.ceil(maxOutputTokens * 1.5)));
    const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs;
    const delay = backoffDelayMs(attempt, {
      policy: options.backoff ?? defaultBackoff,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      random,
    });
    await sleep(delay, signal).catch((caught: unknown) => {
      throw normalizeError(caught, signal, provider.name, options.model);
    });
  }

  const last = lastError as LlmError;
  throw new AttemptsExhaustedError(
    `${options.task} (${options.step}) failed after ${codes.length} attempts [${codes.join(", ")}]: ${last.message}`,
    {
      cause: last,
      attempts: codes.length,
      attemptCodes: codes,
      provider: provider.name,
      model: options.model,
      usage: totalUsage,
    },
  );
}

// The estimate a lost attempt is counted with: the prompt as sent plus the most it may have produced.
function inFlightCall<T>(
  options: GenerateStructuredOptions<T>,
  request: ProviderRequest,
  attempt: number,
  attemptId: string,
  startedAtMs: number,
): InFlightCall {
  const usage = {
    promptTokens: countChatTokens(request.messages),
    completionTokens: request.maxOutputTokens,
    cachedPromptTokens: 0,
  };
  return {
    attemptId,
    jobId: options.jobId,
    step: options.step,
    task: options.task,
    provider: options.provider.name,
    model: request.model,
    attempt,
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    costUsd: attemptCost(usage, options.prices, request.model, undefined),
    startedAt: new Date(startedAtMs),
  };
}

function validateOptions<T>(options: GenerateStructuredOptions<T>): void {
  if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1) {
    throw new InvalidInputError(`maxAttempts must be an integer >= 1, got ${options.maxAttempts}`);
  }
  if (!Number.isInteger(options.maxOutputTokens) || options.maxOutputTokens < 1) {
    throw new InvalidInputError(`maxOutputTokens must be an integer >= 1, got ${options.maxOutputTokens}`);
  }
  if (!schemaNamePattern.test(options.schemaName)) {
    throw new InvalidInputError(
      `schemaName must match ${schemaNamePattern.source}, got ${JSON.stringify(options.schemaName)}`,
    );
  }
}

function normalizeError(error: unknown, signal: AbortSignal, provider: string, model: string): LlmError | AbortedError {
  if (signal.aborted)
    return error instanceof AbortedError ? error : new AbortedError(undefined, { cause: signal.reason });
  if (LlmError.isInstance(error)) return error;
  if (CourseforgeError.isInstance(error) && error.code === "ABORTED") return error as AbortedError;
  return new UnexpectedProviderError(
    `${provider} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
    { provider, model, cause: error },
  );
}

async function recordAttempt<T>(
  options: GenerateStructuredOptions<T>,
  record: LlmCallRecord,
  retrying: boolean,
): Promise<void> {
  if (options.signal.aborted) {
    // Still record what an aborted attempt may have cost, but never let that hide the abort.
    await options.recorder.record(record).catch(() => {});
  } else {
    await options.recorder.record(record, { signal: options.signal });
  }
  options.onAttempt?.(record, { retrying });
}
