import type { TokenUsage } from "../types.ts";

/**
 * How a request uses the exact answer cache: `use` reads and writes it, `refresh` never reads it
 * but writes what it pays for (replacing a stored answer), `off` neither reads nor writes.
 */
export type CacheMode = "use" | "refresh" | "off";

/** A validated answer as the cache keeps it, with what producing it cost (what each hit saves). */
export interface CachedAnswer {
  /** The validated value (as the schema parsed it). */
  readonly answer: unknown;
  /** The model that produced it. */
  readonly model: string;
  readonly usage: TokenUsage;
  readonly costUsd: number;
}

/** What {@link AnswerCache.store} keeps. */
export interface AnswerCacheEntry extends CachedAnswer {
  readonly key: string;
  readonly task: string;
  /** The user the answer is private to (its prompt carried their material); `null`: shared. */
  readonly ownerId: string | null;
}

/**
 * The port of the exact answer cache (the database in production). `lookup` counts a hit or a
 * miss and returns the entry when it is fresh; `store` writes a validated answer, evicting what
 * the size cap and the time to live say.
 */
export interface AnswerCache {
  lookup(key: string, task: string, options: { readonly signal: AbortSignal }): Promise<CachedAnswer | undefined>;
  store(entry: AnswerCacheEntry, options: { readonly signal?: AbortSignal }): Promise<void>;
}

/** Tokens and dollars a cache hit saved: what the answer cost when it was paid for. */
export interface CacheSaving {
  readonly usage: TokenUsage;
  readonly costUsd: number;
}
