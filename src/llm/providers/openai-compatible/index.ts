export { chatCompletionBody, createOpenAiCompatibleProvider, toProviderResponse } from "./provider.ts";
export type { OpenAiCompatibleProviderOptions, ResponseContext } from "./provider.ts";
export { parseDurationMs, readRateLimitHeaders, readRetryAfterMs } from "./headers.ts";
export { createNodeHttpFetch } from "./node-http-fetch.ts";
export type { NodeHttpFetch } from "./node-http-fetch.ts";
export { openOpenAiEndpoint } from "./client.ts";
export type { OpenAiEndpoint, OpenAiEndpointOptions } from "./client.ts";
