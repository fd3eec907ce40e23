import type { ModelPrice, TokenUsage } from "./types.ts";

/**
 * Cost in US dollars of one call: uncached prompt tokens at the input price, cached prompt tokens
 * at the cached-input price, completion tokens at the output price (prices per million tokens).
 */
export function costOf(usage: TokenUsage, price: ModelPrice | undefined): number {
  if (price === undefined) return 0;
  const cached = Math.min(usage.cachedPromptTokens, usage.promptTokens);
  const uncached = usage.promptTokens - cached;
  return (
    (uncached * price.inputPerMillion +
      cached * price.cachedInputPerMillion +
      usage.completionTokens * price.outputPerMillion) /
    1_000_000
  );
}

/**
 * The price of a model: the exact name, else the longest listed name that the model extends with a
 * `-` suffix (so `gpt-4o-mini-2024-07-18` finds `gpt-4o-mini`), else `undefined` (cost 0).
 */
export function findPrice(prices: Readonly<Record<string, ModelPrice>>, model: string): ModelPrice | undefined {
  if (Object.hasOwn(prices, model)) return prices[model];
  let best: string | undefined;
  for (const name of Object.keys(prices)) {
    if (model.startsWith(`${name}-`) && (best === undefined || name.length > best.length)) best = name;
  }
  return best === undefined ? undefined : prices[best];
}
