export { createOpenAiCompatibleProvider } from "./provider.ts";
export type { OpenAiCompatibleProviderOptions } from "./provider.ts";
export { parseDurationMs, readRateLimitHeaders, readRetryAfterMs } from "./headers.ts";
