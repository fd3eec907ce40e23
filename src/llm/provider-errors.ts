import type { LlmErrorOptions } from "./llm-error.ts";
import { hasLlmErrorCode as hasCode, LlmError } from "./llm-error.ts";

/** The provider said "too many requests" (HTTP 429). */
export class ProviderRateLimitError extends LlmError {
  static readonly code = "LLM_RATE_LIMITED";
  /** How long the provider asked us to wait, from `retry-after-ms` / `retry-after`. */
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    options: LlmErrorOptions & { retryAfterMs?: number; retryable?: boolean; suggestion?: string } = {},
  ) {
    const { retryAfterMs, retryable, suggestion, ...rest } = options;
    super(ProviderRateLimitError.code, message, {
      ...rest,
      retryable: retryable ?? true,
      ...(suggestion === undefined ? {} : { suggestion }),
      details: { retryAfterMs },
    });
    this.retryAfterMs = retryAfterMs;
  }
  static override isInstance(value: unknown): value is ProviderRateLimitError {
    return hasCode(value, ProviderRateLimitError.code);
  }
}

/** The provider failed or could not be reached (5xx, 503, connection refused or reset). */
export class ProviderUnavailableError extends LlmError {
  static readonly code = "LLM_PROVIDER_UNAVAILABLE";
  constructor(message: string, options: LlmErrorOptions = {}) {
    super(ProviderUnavailableError.code, message, { ...options, retryable: true });
  }
  static override isInstance(value: unknown): value is ProviderUnavailableError {
    return hasCode(value, ProviderUnavailableError.code);
  }
}

/** No answer within the time limit. */
export class ProviderTimeoutError extends LlmError {
  static readonly code = "LLM_TIMEOUT";
  constructor(message: string, options: LlmErrorOptions & { timeoutMs?: number } = {}) {
    const { timeoutMs, ...rest } = options;
    super(ProviderTimeoutError.code, message, { ...rest, retryable: true, details: { timeoutMs } });
  }
  static override isInstance(value: unknown): value is ProviderTimeoutError {
    return hasCode(value, ProviderTimeoutError.code);
  }
}

/** The provider rejected the credentials (401/403). */
export class ProviderAuthError extends LlmError {
  static readonly code = "LLM_AUTH_FAILED";
  constructor(message: string, options: LlmErrorOptions = {}) {
    super(ProviderAuthError.code, message, {
      ...options,
      retryable: false,
      suggestion: "Check OPENAI_API_KEY (or the key configured for this provider) and that it may use this model.",
    });
  }
  static override isInstance(value: unknown): value is ProviderAuthError {
    return hasCode(value, ProviderAuthError.code);
  }
}

/** The provider rejected the request itself (400/404/422: unknown model, invalid schema, …); the message is the provider's. */
export class ProviderRequestError extends LlmError {
  static readonly code = "LLM_BAD_REQUEST";
  constructor(message: string, options: LlmErrorOptions = {}) {
    super(ProviderRequestError.code, message, {
      ...options,
      retryable: false,
      suggestion: "Check the model name, the base URL and the output schema against what this provider supports.",
    });
  }
  static override isInstance(value: unknown): value is ProviderRequestError {
    return hasCode(value, ProviderRequestError.code);
  }
}

/** The model refused to answer (OpenAI `message.refusal`); a retry may pass. */
export class ModelRefusalError extends LlmError {
  static readonly code = "LLM_REFUSAL";
  constructor(message: string, options: LlmErrorOptions = {}) {
    super(ModelRefusalError.code, message, {
      ...options,
      retryable: true,
      finishReason: options.finishReason ?? "refusal",
    });
  }
  static override isInstance(value: unknown): value is ModelRefusalError {
    return hasCode(value, ModelRefusalError.code);
  }
}

/** The answer hit the output token limit (`finish_reason: length`); `rawText` holds the partial answer. */
export class OutputTruncatedError extends LlmError {
  static readonly code = "LLM_OUTPUT_TRUNCATED";
  constructor(message: string, options: LlmErrorOptions & { maxOutputTokens?: number } = {}) {
    const { maxOutputTokens, ...rest } = options;
    super(OutputTruncatedError.code, message, {
      ...rest,
      retryable: true,
      finishReason: "length",
      details: { maxOutputTokens },
    });
  }
  static override isInstance(value: unknown): value is OutputTruncatedError {
    return hasCode(value, OutputTruncatedError.code);
  }
}

/** The provider's content filter stopped the answer. */
export class ContentFilteredError extends LlmError {
  static readonly code = "LLM_CONTENT_FILTERED";
  constructor(message: string, options: LlmErrorOptions = {}) {
    super(ContentFilteredError.code, message, {
      ...options,
      retryable: false,
      finishReason: "content_filter",
      suggestion: "Rephrase the topic or the source material; the provider's content filter blocked the answer.",
    });
  }
  static override isInstance(value: unknown): value is ContentFilteredError {
    return hasCode(value, ContentFilteredError.code);
  }
}
