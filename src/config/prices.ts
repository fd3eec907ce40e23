import type { ModelPrice } from "../llm/types.ts";

/**
 * List prices in US dollars per million tokens (standard tier), used to estimate the cost of each
 * call. Override or extend with `COURSEFORGE_PRICES` (JSON); a model missing here costs 0.
 */
export const defaultPrices: Readonly<Record<string, ModelPrice>> = {
  "gpt-4.1": { inputPerMillion: 2.0, cachedInputPerMillion: 0.5, outputPerMillion: 8.0 },
  "gpt-4.1-mini": { inputPerMillion: 0.4, cachedInputPerMillion: 0.1, outputPerMillion: 1.6 },
  "gpt-4.1-nano": { inputPerMillion: 0.1, cachedInputPerMillion: 0.025, outputPerMillion: 0.4 },
  "gpt-4o": { inputPerMillion: 2.5, cachedInputPerMillion: 1.25, outputPerMillion: 10.0 },
  "gpt-4o-mini": { inputPerMillion: 0.15, cachedInputPerMillion: 0.075, outputPerMillion: 0.6 },
  "gpt-5": { inputPerMillion: 1.25, cachedInputPerMillion: 0.125, outputPerMillion: 10.0 },
  "gpt-5-mini": { inputPerMillion: 0.25, cachedInputPerMillion: 0.025, outputPerMillion: 2.0 },
  "gpt-5-nano": { inputPerMillion: 0.05, cachedInputPerMillion: 0.005, outputPerMillion: 0.4 },
  // Embeddings bill input tokens only.
  "text-embedding-3-small": { inputPerMillion: 0.02, cachedInputPerMillion: 0.02, outputPerMillion: 0 },
  "text-embedding-3-large": { inputPerMillion: 0.13, cachedInputPerMillion: 0.13, outputPerMillion: 0 },
};
