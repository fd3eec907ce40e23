/** Builders of the JSON objects OpenAI's API returns, field for field. */
import { randomBytes } from "node:crypto";

/** Why a choice stopped. */
export type FinishReason = "stop" | "length" | "content_filter";

/** OpenAI's `usage` object of a chat completion. */
export interface CompletionUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
  readonly prompt_tokens_details: { readonly cached_tokens: number; readonly audio_tokens: number };
  readonly completion_tokens_details: {
    readonly reasoning_tokens: number;
    readonly audio_tokens: number;
    readonly accepted_prediction_tokens: number;
    readonly rejected_prediction_tokens: number;
  };
}

/** What one simulated completion produced. */
export interface CompletionParts {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  readonly systemFingerprint: string;
  readonly content: string | null;
  readonly refusal: string | null;
  readonly finishReason: FinishReason;
  readonly usage: CompletionUsage;
}

const alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A random id with a prefix, like `chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT`. */
export function randomId(prefix: string, length = 29): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (const byte of bytes) id += alphanumeric[byte % alphanumeric.length];
  return id;
}

/** An `x-request-id` value (`req_` and 32 hex digits). */
export function requestId(): string {
  return `req_${randomBytes(16).toString("hex")}`;
}

/** OpenAI's error body. */
export function errorBody(message: string, type: string, param: string | null = null, code: string | null = null) {
  return { error: { message, type, param, code } };
}

/** The `usage` object for the given counts. */
export function completionUsage(promptTokens: number, completionTokens: number, cachedTokens: number): CompletionUsage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** A `chat.completion` object with one choice. */
export function chatCompletion(parts: CompletionParts) {
  return {
    id: parts.id,
    object: "chat.completion" as const,
    created: parts.created,
    model: parts.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant" as const, content: parts.content, refusal: parts.refusal, annotations: [] },
        logprobs: null,
        finish_reason: parts.finishReason,
      },
    ],
    usage: parts.usage,
    service_tier: "default" as const,
    system_fingerprint: parts.systemFingerprint,
  };
}

/** A delta of one streamed chunk. */
export interface ChunkDelta {
  readonly role?: "assistant";
  readonly content?: string | null;
  readonly refusal?: string | null;
}

/** A `chat.completion.chunk` object; `choice: undefined` gives the usage-only last chunk. */
export function chatCompletionChunk(
  parts: Pick<CompletionParts, "id" | "created" | "model" | "systemFingerprint">,
  choice: { readonly delta: ChunkDelta; readonly finishReason: FinishReason | null } | undefined,
  usage: CompletionUsage | null | undefined,
) {
  return {
    id: parts.id,
    object: "chat.completion.chunk" as const,
    created: parts.created,
    model: parts.model,
    service_tier: "default" as const,
    system_fingerprint: parts.systemFingerprint,
    choices:
      choice === undefined
        ? []
        : [{ index: 0, delta: choice.delta, logprobs: null, finish_reason: choice.finishReason }],
    ...(usage === undefined ? {} : { usage }),
  };
}

/** Creation time reported for every simulated model (fixed, so listings are stable). */
export const modelCreated = 1_700_000_000;

/** A `model` object. */
export function modelObject(id: string) {
  return { id, object: "model" as const, created: modelCreated, owned_by: "courseforge-simulator" };
}

/** A `list` object. */
export function listObject<T>(data: readonly T[]) {
  return { object: "list" as const, data };
}

/** An embeddings `list` response. */
export function embeddingsList(
  model: string,
  embeddings: readonly (readonly number[] | string)[],
  promptTokens: number,
) {
  return {
    object: "list" as const,
    data: embeddings.map((embedding, index) => ({ object: "embedding" as const, index, embedding })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}
