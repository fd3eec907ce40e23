import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { AbortedError, CourseforgeError } from "../../../errors/index.ts";
import type { LlmError, LlmErrorContext } from "../../errors.ts";
import {
  ProviderAuthError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderTimeoutError,
  ProviderUnavailableError,
  UnexpectedProviderError,
} from "../../errors.ts";
import { redactedError, redactKeyShapes, type Redact } from "../../../redaction/index.ts";
import { readRetryAfterMs } from "./headers.ts";

/**
 * Turns whatever the `openai` SDK threw into one typed Courseforge error: an {@link LlmError}
 * subclass, or an {@link AbortedError} when the caller's signal stopped the request. Provider
 * text (message, raw answer, the SDK error kept as cause) passes through `context.redact` first:
 * a proxy's 401 may echo the key, and these errors end up in jobs, events, logs and responses.
 */
export function mapOpenAiError(
  error: unknown,
  context: {
    provider: string;
    model: string;
    signal: AbortSignal;
    timeoutMs: number;
    nowMs: number;
    redact?: Redact | undefined;
  },
): LlmError | AbortedError {
  const redact = context.redact ?? redactKeyShapes;
  if (context.signal.aborted || error instanceof APIUserAbortError)
    return new AbortedError(undefined, { cause: context.signal.reason ?? error });
  if (CourseforgeError.isInstance(error) && error.code.startsWith("LLM_")) return error as LlmError;
  const base: LlmErrorContext = { provider: context.provider, model: context.model };
  if (error instanceof APIConnectionTimeoutError) {
    return new ProviderTimeoutError(`${context.provider} did not answer within ${context.timeoutMs} ms`, {
      ...base,
      cause: redactedError(error, redact),
      timeoutMs: context.timeoutMs,
    });
  }
  if (error instanceof APIConnectionError) {
    return new ProviderUnavailableError(redact(`Could not reach ${context.provider}: ${describeCause(error)}`), {
      ...base,
      cause: redactedError(error, redact),
    });
  }
  if (!(error instanceof APIError) || error.status === undefined) {
    return new UnexpectedProviderError(redact(`${context.provider} failed unexpectedly: ${String(error)}`), {
      ...base,
      cause: redactedError(error, redact),
    });
  }
  const status = error.status;
  const withStatus = {
    ...base,
    cause: redactedError(error, redact),
    status,
    ...(error.requestID ? { requestId: error.requestID } : {}),
    ...(error.error === undefined ? {} : { rawText: redact(JSON.stringify(error.error)) }),
  };
  const message = redact(`${context.provider} ${error.message}`);
  if (status === 429) {
    // OpenAI answers 429 `insufficient_quota` when billing is exhausted: waiting does not help.
    const quota = error.code === "insufficient_quota";
    return new ProviderRateLimitError(message, {
      ...withStatus,
      retryable: !quota,
      ...(quota ? { suggestion: "The provider account is out of quota: check its billing." } : {}),
      ...optionalRetryAfter(readRetryAfterMs(error.headers, context.nowMs)),
    });
  }
  if (status === 401 || status === 403) return new ProviderAuthError(message, withStatus);
  if (status === 408) return new ProviderTimeoutError(message, { ...withStatus, timeoutMs: context.timeoutMs });
  if (status === 409 || status >= 500) return new ProviderUnavailableError(message, withStatus);
  return new ProviderRequestError(message, withStatus);
}

function optionalRetryAfter(retryAfterMs: number | undefined): { retryAfterMs?: number } {
  return retryAfterMs === undefined ? {} : { retryAfterMs };
}

function describeCause(error: APIConnectionError): string {
  const cause = error.cause;
  if (cause instanceof Error) {
    const inner = (cause as Error & { cause?: unknown }).cause;
    return inner instanceof Error ? `${cause.message} (${inner.message})` : cause.message;
  }
  return error.message;
}
