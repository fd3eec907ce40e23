/**
 * Prompt caching as OpenAI bills it: a prompt of at least 1024 tokens reuses the longest prefix
 * already seen for the same model (and `prompt_cache_key`), counted in 128-token blocks.
 */
import { hashIntegers, hashString } from "./random.ts";

/** Prompts shorter than this are never cached. */
export const minimumCachedPrompt = 1024;
/** Cached prefixes grow in blocks of this many tokens. */
export const cacheBlockTokens = 128;

/** A bounded LRU of prompt-prefix hashes (one per 128-token block of every prompt seen). */
export class PromptCache {
  private readonly blocks = new Map<number, true>();
  private readonly maximumBlocks: number;

  /** @param maximumBlocks how many prefix blocks to remember before the least recent are evicted */
  constructor(maximumBlocks = 200_000) {
    this.maximumBlocks = maximumBlocks;
  }

  /**
   * Returns how many of `tokens` were cached (a multiple of 128, at least 1024, or 0), then
   * remembers this prompt's prefixes.
   * @param scope model and cache key; prompts only share a cache within one scope
   * @param tokens the prompt's token ids in order
   * @param promptTokens the billed prompt size, which caps the cached count
   */
  lookupAndStore(scope: string, tokens: readonly number[], promptTokens: number): number {
    if (promptTokens < minimumCachedPrompt || tokens.length < cacheBlockTokens) return 0;
    const blockCount = Math.floor(tokens.length / cacheBlockTokens);
    const hashes: number[] = [];
    let previous = hashString(scope);
    for (let block = 0; block < blockCount; block++) {
      previous = hashIntegers(tokens, block * cacheBlockTokens, (block + 1) * cacheBlockTokens, previous);
      hashes.push(previous);
    }
    let matched = 0;
    while (matched < hashes.length && this.blocks.has(hashes[matched] as number)) matched++;
    for (const hash of hashes) {
      this.blocks.delete(hash);
      this.blocks.set(hash, true);
    }
    while (this.blocks.size > this.maximumBlocks) {
      const oldest = this.blocks.keys().next();
      if (oldest.done) break;
      this.blocks.delete(oldest.value);
    }
    const cached = Math.min(matched * cacheBlockTokens, Math.floor(promptTokens / cacheBlockTokens) * cacheBlockTokens);
    return cached >= minimumCachedPrompt ? cached : 0;
  }

  /** Forgets every prompt. */
  clear(): void {
    this.blocks.clear();
  }
}
