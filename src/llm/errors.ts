// The error classes of the LLM call path, in one import. Split across files only to keep each small.
export { LlmError, hasLlmErrorCode, maxRawTextLength, truncateText } from "./llm-error.ts";
export type { LlmErrorContext, LlmErrorOptions } from "./llm-error.ts";
export {
  ContentFilteredError,
  ModelRefusalError,
  OutputTruncatedError,
  ProviderAuthError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderTimeoutError,
  ProviderUnavailableError,
} from "./provider-errors.ts";
export {
  AttemptsExhaustedError,
  InvalidJsonOutputError,
  LocalModelLoadError,
  LocalModelNotFoundError,
  OutputValidationError,
  UnexpectedProviderError,
  UnsupportedSchemaError,
} from "./output-errors.ts";
export type { OutputIssue } from "./output-errors.ts";
