/** One chat message sent to a model. */
export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
}

/** Token counts of one model call. */
export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Prompt tokens served from the provider's prompt cache (a subset of `promptTokens`). */
  readonly cachedPromptTokens: number;
}

/** A JSON Schema object as sent in a strict `json_schema` response format. */
export type JsonSchema = Record<string, unknown>;

/** Why the model stopped, normalized across providers. */
export type FinishReason = "stop" | "length" | "content_filter" | "refusal" | "other";

/** What the provider's `x-ratelimit-*` headers said, when it sent them. */
export interface RateLimitSnapshot {
  readonly limitRequests?: number;
  readonly remainingRequests?: number;
  readonly resetRequestsMs?: number;
  readonly limitTokens?: number;
  readonly remainingTokens?: number;
  readonly resetTokensMs?: number;
}

/**
 * Who a model call is made for. The provider budget grants waiting calls by `priority` class
 * (the role's queue priority: admin > teacher > student), fairly across `userId`s within a class,
 * and by `urgency` among one user's own calls (the pipeline's critical-path order).
 */
export interface CallerContext {
  readonly userId: string;
  /** Higher is served first (the job's role priority, e.g. admin 30, teacher 20, student 10). */
  readonly priority: number;
  /** Among one user's waiting calls, higher is served first (e.g. outline 3, lesson 2, quiz 1). */
  readonly urgency?: number;
}

/** One request to a model provider for a structured (JSON) answer. */
export interface ProviderRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  /** Strict JSON Schema the answer must follow; `name` matches `^[a-zA-Z0-9_-]+$`. */
  readonly responseFormat: { readonly name: string; readonly schema: JsonSchema };
  readonly maxOutputTokens: number;
  readonly temperature?: number;
  readonly seed?: number;
  /** Groups requests sharing a prompt prefix so the provider's prompt cache hits (OpenAI `prompt_cache_key`). */
  readonly promptCacheKey?: string;
  /** Who the call is for (fair scheduling in the provider budget); absent: an anonymous caller of middle priority. */
  readonly caller?: CallerContext;
  readonly signal: AbortSignal;
}

/** A provider's successful answer, before parsing. Refusals, truncation and filtering are thrown as typed errors instead. */
export interface ProviderResponse {
  /** The raw text the model produced (expected to be JSON). */
  readonly content: string;
  readonly finishReason: FinishReason;
  /** As reported by the provider; `undefined` when it reported nothing (then Courseforge counts tokens itself). */
  readonly usage: TokenUsage | undefined;
  /** The model that actually answered (may carry a dated suffix). */
  readonly model: string;
  readonly requestId?: string;
  readonly rateLimit?: RateLimitSnapshot;
  /**
   * The provider's own time on the request (`openai-processing-ms`): it admitted the request about
   * this long before the answer arrived, which tells the budget when the request entered the
   * provider's rate window.
   */
  readonly processingMs?: number;
}

/**
 * The port every model provider implements (openai-compatible, local). Implementations throw
 * {@link import("./errors.ts").LlmError} subclasses only, with retryability as data.
 */
export interface ModelProvider {
  /** `openai`, `simulator`, `local`, …: recorded with every call. */
  readonly name: string;
  complete(request: ProviderRequest): Promise<ProviderResponse>;
  /** Frees sockets, model weights, … Safe to call twice. */
  close(): Promise<void>;
  /**
   * True once an answer came from Courseforge's simulator (it says so in a response header), e.g. a
   * standalone `courseforge simulator` reached through the openai provider: its content is not real.
   */
  answeredBySimulator?(): boolean;
}

/**
 * Outcome of one attempt, as recorded in `llm_calls.outcome`: `success`, an error code, or `lost`
 * (its worker died before the attempt ended; tokens and cost are estimates).
 */
export type CallOutcome = "success" | string;

/** One attempt of one model call, as stored in the `llm_calls` table. */
export interface LlmCallRecord {
  readonly jobId: string | null;
  /** The pipeline step this call served, e.g. `outline`, `lesson:m1-l2`, `quiz:m1-l2`. */
  readonly step: string;
  /** What kind of output was asked for: `outline`, `lesson`, `quiz`, … */
  readonly task: string;
  readonly provider: string;
  readonly model: string;
  /** 1-based attempt number within this call. */
  readonly attempt: number;
  readonly outcome: CallOutcome;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cachedPromptTokens: number;
  /** True when the counts came from the provider's `usage`, false when counted locally with o200k. */
  readonly usageReported: boolean;
  readonly latencyMs: number;
  readonly costUsd: number;
  readonly errorMessage: string | null;
  readonly startedAt: Date;
  /** The attempt's id, shared with its {@link InFlightCall} when one was recorded before sending. */
  readonly attemptId?: string;
}

/**
 * An attempt about to be sent, recorded before it goes out so that a crash before it ends still
 * leaves a trace: its tokens and cost are estimates (the prompt counted locally plus the output
 * token limit, priced by the model it is sent to).
 */
export interface InFlightCall {
  readonly attemptId: string;
  readonly jobId: string | null;
  readonly step: string;
  readonly task: string;
  readonly provider: string;
  readonly model: string;
  readonly attempt: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly costUsd: number;
  readonly startedAt: Date;
}

/** Where `generateStructured` records every attempt (the database in production). */
export interface LlmCallRecorder {
  /**
   * Records an attempt before it is sent; {@link record} with the same `attemptId` settles it.
   * Optional: a recorder without it only learns of attempts once they end.
   */
  begin?(call: InFlightCall, options?: { signal?: AbortSignal }): Promise<void>;
  record(call: LlmCallRecord, options?: { signal?: AbortSignal }): Promise<void>;
}

/** Price of a model in US dollars per million tokens. */
export interface ModelPrice {
  readonly inputPerMillion: number;
  readonly cachedInputPerMillion: number;
  readonly outputPerMillion: number;
}
