import { AbortedError, CourseforgeError } from "../../errors/index.ts";
import { countTextTokens } from "../../tokens/index.ts";
import { backoffDelayMs, defaultBackoff, sleep, type BackoffPolicy } from "../backoff.ts";
import { CircuitOpenError } from "../breaker/index.ts";
import type { CallPolicy } from "../call-policy.ts";
import { buildCallRecord } from "../call-record.ts";
import { UnexpectedProviderError, type LlmError } from "../errors.ts";
import { composeCompletion } from "../middleware.ts";
import { isOutage, outageDelayMs } from "../outage.ts";
import { costOf, findPrice } from "../pricing.ts";
import type { CallerContext, LlmCallRecorder, ModelPrice, ProviderRequest } from "../types.ts";
import type { EmbeddingProvider, EmbeddingResponse } from "./types.ts";

/** Options of {@link createEmbedder}. */
export interface EmbedderOptions {
  readonly provider: EmbeddingProvider;
  /** e.g. `text-embedding-3-small`. */
  readonly model: string;
  /** Requested vector size; `undefined`: the model's own. */
  readonly dimensions?: number;
  /** Texts per request (default 64). */
  readonly batchSize?: number;
  /** The process's call policy: the same router, breakers and provider budget as chat calls. */
  readonly callPolicy?: CallPolicy;
  /** Where each attempt is recorded (`llm_calls`), with its cost. */
  readonly recorder?: LlmCallRecorder;
  readonly prices?: Readonly<Record<string, ModelPrice>>;
  /** Attempts per batch for retryable failures (default 4). */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffPolicy;
}

/** What one {@link Embedder.embed} call is for (recorded with each attempt). */
export interface EmbedOptions {
  readonly signal: AbortSignal;
  readonly jobId?: string | null;
  /** e.g. `knowledge:ingest` or `knowledge:query`. */
  readonly step?: string;
  readonly caller?: CallerContext;
}

/** Turns texts into unit-length vectors with one embedding model. */
export interface Embedder {
  readonly model: string;
  readonly dimensions: number | undefined;
  /** One unit vector per text, in order. */
  embed(texts: readonly string[], options: EmbedOptions): Promise<number[][]>;
}

/**
 * An {@link Embedder} whose requests go through the same call path as chat: the policy's
 * middleware (fallback router, per-model circuit breaker, provider budget with its RPM/TPM and
 * concurrency), retries with backoff on retryable failures, and a `llm_calls` row per attempt
 * (task `embedding`) priced as input tokens.
 */
export function createEmbedder(options: EmbedderOptions): Embedder {
  const batchSize = options.batchSize ?? 64;
  const maxAttempts = options.maxAttempts ?? 4;
  const prices = options.prices ?? {};

  async function embedBatch(inputs: readonly string[], call: EmbedOptions): Promise<number[][]> {
    const outageWaitMs = options.callPolicy?.outageWaitMs ?? 0;
    let waitedMs = 0;
    let outageTries = 0;
    for (let attempt = 1; ; attempt++) {
      let answer: EmbeddingResponse | undefined;
      // The stages see an ordinary request (inputs as messages, so the budget counts their
      // tokens; no output); the innermost handler makes the embeddings call instead of a chat call.
      const handler = composeCompletion(
        {
          name: options.provider.name,
          complete: async (request) => {
            answer = await options.provider.embed({
              model: request.model,
              inputs,
              signal: request.signal,
              ...(options.dimensions === undefined ? {} : { dimensions: options.dimensions }),
            });
            return { content: "", finishReason: "stop", usage: undefined, model: answer.model };
          },
          close: async () => undefined,
        },
        options.callPolicy?.middleware ?? [],
      );
      const request: ProviderRequest = {
        model: options.model,
        messages: inputs.map((content) => ({ role: "user", content })),
        responseFormat: { name: "embedding", schema: {} },
        maxOutputTokens: 0,
        signal: call.signal,
        ...(call.caller === undefined ? {} : { caller: call.caller }),
      };
      const startedAtMs = Date.now();
      let failure: LlmError | AbortedError | undefined;
      let vectors: number[][] | undefined;
      try {
        await handler(request);
        vectors = normalizeAll(answer!, inputs.length);
      } catch (error) {
        failure = toCallError(error, options.model, options.provider.name);
      }
      const promptTokens =
        answer?.promptTokens ??
        (answer === undefined ? 0 : inputs.reduce((sum, text) => sum + countTextTokens(text), 0));
      const usage = { promptTokens, completionTokens: 0, cachedPromptTokens: 0 };
      const answeredBy = answer?.model ?? options.model;
      await options.recorder
        ?.record(
          buildCallRecord({
            jobId: call.jobId ?? null,
            step: call.step ?? "embedding",
            task: "embedding",
            provider: options.provider.name,
            model: answeredBy,
            attempt,
            error: failure,
            usage,
            usageReported: answer?.promptTokens !== undefined,
            costUsd: costOf(usage, findPrice(prices, options.model) ?? findPrice(prices, answeredBy)),
            startedAtMs,
            endedAtMs: Date.now(),
          }),
          call.signal.aborted ? {} : { signal: call.signal },
        )
        .catch((error: unknown) => {
          if (!call.signal.aborted) throw error;
        });
      if (vectors !== undefined) return vectors;
      if (failure instanceof AbortedError) throw failure;
      if (isOutage(failure!) && waitedMs < outageWaitMs) {
        // As for chat calls: an outage is waited out without spending an attempt.
        const waitMs = outageDelayMs(failure!, ++outageTries, {
          policy: options.backoff ?? defaultBackoff,
          random: Math.random,
          remainingMs: outageWaitMs - waitedMs,
        });
        await sleep(waitMs, call.signal);
        waitedMs += waitMs;
        attempt--;
        continue;
      }
      if (!failure!.retryable || CircuitOpenError.isInstance(failure) || attempt >= maxAttempts) throw failure;
      const retryAfterMs = (failure as { retryAfterMs?: number }).retryAfterMs;
      await sleep(
        backoffDelayMs(attempt, {
          ...(options.backoff === undefined ? {} : { policy: options.backoff }),
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        }),
        call.signal,
      );
    }
  }

  return {
    model: options.model,
    dimensions: options.dimensions,
    async embed(texts, call) {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += batchSize)
        vectors.push(...(await embedBatch(texts.slice(start, start + batchSize), call)));
      return vectors;
    },
  };
}

function toCallError(error: unknown, model: string, provider: string): LlmError | AbortedError {
  if (error instanceof AbortedError) return error;
  if (CourseforgeError.isInstance(error) && error.code.startsWith("LLM_")) return error as LlmError;
  return new UnexpectedProviderError(`Embedding call failed: ${(error as Error)?.message ?? String(error)}`, {
    provider,
    model,
    cause: error,
  });
}

function normalizeAll(answer: EmbeddingResponse, expected: number): number[][] {
  if (answer.vectors.length !== expected)
    throw new UnexpectedProviderError(`Expected ${expected} embeddings, got ${answer.vectors.length}`, {
      model: answer.model,
    });
  const size = answer.vectors[0]?.length ?? 0;
  return answer.vectors.map((vector) => {
    if (vector.length !== size || size === 0 || vector.some((value) => !Number.isFinite(value)))
      throw new UnexpectedProviderError("The provider returned embeddings of differing sizes or non-finite values", {
        model: answer.model,
      });
    return unitLength(vector);
  });
}

/** Scales a vector to length 1 (a zero vector stays zero): cosine similarity becomes a dot product. */
export function unitLength(vector: readonly number[]): number[] {
  let norm = 0;
  for (const value of vector) norm += value * value;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return vector.map((value) => value * scale);
}
