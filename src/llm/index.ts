// The public surface of the LLM call layer: the pipeline imports from here only.
export { generateStructured } from "./generate-structured.ts";
export type { GenerateStructuredOptions, GenerateStructuredResult } from "./generate-structured.ts";
export type { SemanticCheck } from "./check-answer.ts";
export { composeCompletion, timeoutMiddleware } from "./middleware.ts";
export type { CompletionHandler, CompletionMiddleware } from "./middleware.ts";
export { backoffDelayMs, defaultBackoff, sleep } from "./backoff.ts";
export type { BackoffPolicy } from "./backoff.ts";
export { toStrictJsonSchema } from "./json-schema.ts";
export { costOf, findPrice } from "./pricing.ts";
export { describeZodIssues, feedbackMessages, formatPath } from "./feedback.ts";
export { createOpenAiCompatibleProvider } from "./providers/openai-compatible/index.ts";
export type { OpenAiCompatibleProviderOptions } from "./providers/openai-compatible/index.ts";
export { createLocalProvider } from "./providers/local/index.ts";
export type { LocalProviderOptions } from "./providers/local/index.ts";
export * from "./errors.ts";
export type * from "./types.ts";
