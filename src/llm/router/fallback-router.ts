import { InvalidInputError } from "../../errors/index.ts";
import { CircuitOpenError } from "../breaker/circuit-open-error.ts";
import type { CompletionMiddleware } from "../middleware.ts";

/** For each primary model, the models to try in order when its circuit is open. */
export type FallbackChains = Readonly<Record<string, readonly string[]>>;

/**
 * Parses `primary=fallback1,fallback2;other=fallback` (the `COURSEFORGE_FALLBACK_MODELS` form).
 * @throws {InvalidInputError} on an entry without `=` or with an empty model name.
 */
export function parseFallbackChains(text: string): FallbackChains {
  const chains: Record<string, string[]> = {};
  for (const entry of text
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part !== "")) {
    const [primary, list, ...rest] = entry.split("=").map((part) => part.trim());
    const fallbacks = (list ?? "").split(",").map((model) => model.trim());
    if (!primary || list === undefined || rest.length > 0 || fallbacks.some((model) => model === "")) {
      throw new InvalidInputError(
        `A fallback chain must look like "primary=fallback1,fallback2" (got ${JSON.stringify(entry)}).`,
      );
    }
    chains[primary] = fallbacks.filter((model) => model !== primary);
  }
  return chains;
}

/**
 * Sends a request to its model, or, when that model's circuit is open, to the next model of its
 * fallback chain whose circuit lets calls through. Place it outside the circuit breaker stage.
 * When every model of the chain is open it throws one {@link CircuitOpenError} naming them all,
 * with the shortest time until one of them half-opens.
 */
export function fallbackRouterMiddleware(chains: FallbackChains): CompletionMiddleware {
  return (next) => async (request) => {
    const candidates = [request.model, ...(chains[request.model] ?? [])];
    const refused: CircuitOpenError[] = [];
    for (const model of candidates) {
      try {
        return await next(model === request.model ? request : { ...request, model });
      } catch (error) {
        if (!CircuitOpenError.isInstance(error)) throw error;
        refused.push(error);
      }
    }
    const retryAfterMs = Math.min(...refused.map((error) => error.retryAfterMs));
    throw new CircuitOpenError(
      `Every model of the chain ${candidates.join(" → ")} has an open circuit; retry in ${retryAfterMs} ms.`,
      {
        model: request.model,
        retryAfterMs,
        models: candidates,
      },
    );
  };
}
