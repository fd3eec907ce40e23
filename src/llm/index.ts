// The public surface of the LLM call layer: the pipeline imports from here only.
export { generateStructured } from "./generate-structured.ts";
export type { GenerateStructuredOptions, GenerateStructuredResult } from "./generate-structured.ts";
export type { SemanticCheck } from "./check-answer.ts";
export { composeCompletion, timeoutMiddleware } from "./middleware.ts";
export type { CompletionHandler, CompletionMiddleware } from "./middleware.ts";
export { createProviderResilience } from "./call-policy.ts";
export { CallNotAdmittedError } from "./admission.ts";
export type { AdmitCall, CallAdmission } from "./admission.ts";
export type { CallPolicy, LimiterObserver, ProviderResilience, ResilienceSettings } from "./call-policy.ts";
export { scaledTimeoutMs } from "./outage.ts";
export type { OutageWait, TimeoutScale } from "./outage.ts";
export { CircuitBreakers, CircuitOpenError, isProviderFailure } from "./breaker/index.ts";
export type { CircuitBreakerOptions, CircuitStateName, CircuitStats } from "./breaker/index.ts";
export { AdaptiveLimit, createDatabaseBudget, parseModelLimits, ProviderBudget } from "./budget/index.ts";
export type {
  DatabaseBudgetOptions,
  ModelBudgetState,
  ModelLimits,
  ProviderBudgetOptions,
  SharedBudget,
  SharedReservation,
} from "./budget/index.ts";
export { fallbackRouterMiddleware, parseFallbackChains } from "./router/index.ts";
export type { FallbackChains } from "./router/index.ts";
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
export { simulatedContentHeader } from "./simulated-content.ts";
export type * from "./types.ts";
export {
  createEmbedder,
  createLocalEmbeddings,
  createOpenAiCompatibleEmbeddings,
  unitLength,
} from "./embeddings/index.ts";
export type {
  Embedder,
  EmbedderOptions,
  EmbedOptions,
  EmbeddingProvider,
  EmbeddingRequest,
  EmbeddingResponse,
  LocalEmbeddingsOptions,
  OpenAiCompatibleEmbeddingsOptions,
} from "./embeddings/index.ts";
export { answerCacheKey, generateStructuredCached } from "./answer-cache/index.ts";
export type {
  AnswerCache,
  AnswerCacheEntry,
  AnswerCachePolicy,
  AnswerKeyParts,
  CachedAnswer,
  CachedStructuredResult,
  CacheMode,
  CacheSaving,
} from "./answer-cache/index.ts";
export {
  BatchUnfinishedError,
  batchKeyMetadata,
  createBatchCoordinator,
  createOpenAiBatchApi,
  generateStructuredInBatch,
} from "./batch/index.ts";
export type { BatchApi, BatchCoordinator, BatchCoordinatorOptions, BatchLane, BatchProgress } from "./batch/index.ts";
