import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { ContentFilteredError, InvalidJsonOutputError, ModelRefusalError, OutputTruncatedError } from "../../errors.ts";
import type { FinishReason, ModelProvider, ProviderRequest, ProviderResponse, TokenUsage } from "../../types.ts";
import { simulatedContentHeader } from "../../simulated-content.ts";
import { readRateLimitHeaders } from "./headers.ts";
import { mapOpenAiError } from "./map-error.ts";
import { openOpenAiEndpoint } from "./client.ts";

/** Options of {@link createOpenAiCompatibleProvider}. */
export interface OpenAiCompatibleProviderOptions {
  /** Recorded with every call: `openai` (default), `simulator`, `azure`, `ollama`, … */
  readonly name?: string;
  readonly apiKey: string;
  /** e.g. `http://localhost:11434/v1` for Ollama; the SDK's default (api.openai.com) when absent. */
  readonly baseUrl?: string;
  readonly organization?: string;
  /** Per-request timeout enforced by the SDK (default 600 000 ms). */
  readonly timeoutMs?: number;
  /** Older servers (and Azure before 2024-09) only know `max_tokens`. Default `max_completion_tokens`. */
  readonly maxTokensParameter?: "max_completion_tokens" | "max_tokens";
  /**
   * The `fetch` the SDK sends with. Default: a lean `node:http` one with keep-alive sockets
   * ({@link createNodeHttpFetch}), freed by `close()`; pass `globalThis.fetch` for undici's.
   */
  readonly fetch?: typeof globalThis.fetch;
}

const defaultTimeoutMs = 600_000;

/**
 * A {@link ModelProvider} for any OpenAI-compatible chat completions API (OpenAI, Azure, Ollama,
 * vLLM, LM Studio, OpenRouter, the Courseforge simulator), through the official `openai` SDK with
 * its own retries off: Courseforge's `generateStructured` is the only layer that retries.
 */
export function createOpenAiCompatibleProvider(options: OpenAiCompatibleProviderOptions): ModelProvider {
  const name = options.name ?? "openai";
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const maxTokensParameter = options.maxTokensParameter ?? "max_completion_tokens";
  const { client, redact, close } = openOpenAiEndpoint({ ...options, timeoutMs });

  let answeredBySimulator = false;

  async function complete(request: ProviderRequest): Promise<ProviderResponse> {
    const body = chatCompletionBody(request, maxTokensParameter);
    try {
      const { data, response, request_id } = await client.chat.completions
        .create(body, { signal: request.signal })
        .withResponse();
      const requestId = request_id ?? response.headers.get("x-request-id") ?? undefined;
      if (response.headers.get(simulatedContentHeader) === "true") answeredBySimulator = true;
      const rateLimit = readRateLimitHeaders(response.headers);
      const processingMs = Number(response.headers.get("openai-processing-ms") ?? Number.NaN);
      const mapped = toProviderResponse(data, {
        provider: name,
        model: request.model,
        maxOutputTokens: request.maxOutputTokens,
        ...(requestId === undefined ? {} : { requestId }),
        ...(rateLimit === undefined ? {} : { rateLimit }),
      });
      return Number.isFinite(processingMs) && processingMs >= 0 ? { ...mapped, processingMs } : mapped;
    } catch (error) {
      throw mapOpenAiError(error, {
        provider: name,
        model: request.model,
        signal: request.signal,
        timeoutMs,
        nowMs: Date.now(),
        redact,
      });
    }
  }

  return {
    name,
    complete,
    close,
    answeredBySimulator: () => answeredBySimulator,
  };
}

/** The chat completions body of a request: what is sent in real time, and what a batch line carries. */
export function chatCompletionBody(
  request: Omit<ProviderRequest, "signal" | "caller">,
  maxTokensParameter: "max_completion_tokens" | "max_tokens" = "max_completion_tokens",
): ChatCompletionCreateParamsNonStreaming {
  return {
    model: request.model,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    response_format: {
      type: "json_schema",
      json_schema: { name: request.responseFormat.name, strict: true, schema: request.responseFormat.schema },
    },
    [maxTokensParameter]: request.maxOutputTokens,
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(request.promptCacheKey === undefined ? {} : { prompt_cache_key: request.promptCacheKey }),
  };
}

/** What {@link toProviderResponse} needs besides the completion. */
export interface ResponseContext {
  readonly provider: string;
  readonly model: string;
  readonly maxOutputTokens: number;
  readonly requestId?: string;
  readonly rateLimit?: ProviderResponse["rateLimit"];
}

/**
 * Maps a chat completion to a {@link ProviderResponse}.
 * @throws {LlmError} for a refusal, truncation, content filtering or an empty answer (typed, with usage)
 */
export function toProviderResponse(data: ChatCompletion, context: ResponseContext): ProviderResponse {
  const usage = toUsage(data.usage);
  const choice = data.choices[0];
  const model = data.model || context.model;
  const errorContext = {
    provider: context.provider,
    model,
    ...(context.requestId === undefined ? {} : { requestId: context.requestId }),
    ...(usage === undefined ? {} : { usage }),
  };
  if (choice === undefined) throw new InvalidJsonOutputError(`${context.provider} returned no choices`, errorContext);
  const content = choice.message.content ?? "";
  const refusal = choice.message.refusal;
  if (refusal) throw new ModelRefusalError(`The model refused: ${refusal}`, { ...errorContext, rawText: refusal });
  if (choice.finish_reason === "length") {
    throw new OutputTruncatedError(`The answer hit the limit of ${context.maxOutputTokens} output tokens`, {
      ...errorContext,
      rawText: content,
      maxOutputTokens: context.maxOutputTokens,
    });
  }
  if (choice.finish_reason === "content_filter") {
    throw new ContentFilteredError(`${context.provider}'s content filter stopped the answer`, {
      ...errorContext,
      rawText: content,
    });
  }
  const finishReason = toFinishReason(choice.finish_reason);
  if (content.trim() === "") {
    throw new InvalidJsonOutputError(`The model returned an empty answer (finish reason ${choice.finish_reason})`, {
      ...errorContext,
      finishReason,
    });
  }
  return {
    content,
    finishReason,
    usage,
    model,
    ...(context.requestId === undefined ? {} : { requestId: context.requestId }),
    ...(context.rateLimit === undefined ? {} : { rateLimit: context.rateLimit }),
  };
}

function toUsage(usage: ChatCompletion["usage"]): TokenUsage | undefined {
  if (usage === undefined || usage === null) return undefined;
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    cachedPromptTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
  };
}

function toFinishReason(reason: string | null): FinishReason {
  return reason === "stop" ? "stop" : "other";
}
