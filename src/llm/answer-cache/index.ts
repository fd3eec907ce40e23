// The exact cache of validated model answers: the key, the port, and the call behind it.
export { answerCacheKey } from "./key.ts";
export type { AnswerKeyParts } from "./key.ts";
export { generateStructuredCached } from "./cached-call.ts";
export type { AnswerCachePolicy, CachedStructuredResult } from "./cached-call.ts";

export type { AnswerCache, AnswerCacheEntry, CachedAnswer, CacheMode, CacheSaving } from "./types.ts";
