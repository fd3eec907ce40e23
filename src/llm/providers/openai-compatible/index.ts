export { createOpenAiCompatibleProvider } from "./provider.ts";
export type { OpenAiCompatibleProviderOptions } from "./provider.ts";
export { parseDurationMs, readRateLimitHeaders, readRetryAfterMs } from "./headers.ts";
export { createNodeHttpFetch } from "./node-http-fetch.ts";
export type { NodeHttpFetch } from "./node-http-fetch.ts";
