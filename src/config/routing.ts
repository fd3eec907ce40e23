import type { FallbackChains } from "../llm/router/index.ts";
import { findPrice } from "../llm/pricing.ts";
import type { ModelPrice } from "../llm/types.ts";

/** The kinds of model work Courseforge routes, each to its own model, fallback chain and price. */
export const routedTasks = ["outline", "lesson", "quiz", "judge", "embedding", "regeneration"] as const;
export type RoutedTask = (typeof routedTasks)[number];

/** Where one task's calls go: the model, the models tried when its circuit is open, and what each costs. */
export interface TaskRoute {
  readonly model: string;
  /** In the order they are tried (from `COURSEFORGE_FALLBACK_MODELS`); empty: no fallback. */
  readonly fallbacks: readonly string[];
  /** The primary model's price; `null` when none is listed (the call is counted at $0). */
  readonly price: ModelPrice | null;
  /** The most expensive model of the chain, the one a budget estimate assumes (`null`: none priced). */
  readonly highestPrice: ModelPrice | null;
}

/** Every task's route. */
export type Routing = Readonly<Record<RoutedTask, TaskRoute>>;

/** The variable each task's model is read from, for error messages. */
export const routeSources: Readonly<Record<RoutedTask, string>> = {
  outline: "COURSEFORGE_OUTLINE_MODEL",
  lesson: "COURSEFORGE_LESSON_MODEL",
  quiz: "COURSEFORGE_QUIZ_MODEL",
  judge: "COURSEFORGE_JUDGE_MODEL",
  embedding: "COURSEFORGE_EMBEDDING_MODEL",
  regeneration: "COURSEFORGE_REGENERATION_MODEL",
};

// A price per million tokens larger in every part wins; otherwise the larger output price does
// (output dominates what a structured call costs).
function dearer(first: ModelPrice | null, second: ModelPrice | null): ModelPrice | null {
  if (first === null) return second;
  if (second === null) return first;
  return second.outputPerMillion > first.outputPerMillion ||
    (second.outputPerMillion === first.outputPerMillion && second.inputPerMillion > first.inputPerMillion)
    ? second
    : first;
}

/**
 * The route of every task from its model, the fallback chains and the price table. A model with
 * no listed price gets `price: null`; {@link unpricedRoutes} says which, for the config check.
 */
export function routingOf(
  models: Readonly<Record<RoutedTask, string>>,
  fallbacks: FallbackChains,
  prices: Readonly<Record<string, ModelPrice>>,
): Routing {
  const route = (task: RoutedTask): TaskRoute => {
    const model = models[task];
    const chain = fallbacks[model] ?? [];
    const price = findPrice(prices, model) ?? null;
    const highestPrice = chain.reduce<ModelPrice | null>(
      (highest, fallback) => dearer(highest, findPrice(prices, fallback) ?? null),
      price,
    );
    return { model, fallbacks: chain, price, highestPrice };
  };
  return Object.fromEntries(routedTasks.map((task) => [task, route(task)])) as Record<RoutedTask, TaskRoute>;
}

/** The tasks whose model, or one of its fallbacks, has no price: `[{ task, model }]`. */
export function unpricedRoutes(
  routing: Routing,
  prices: Readonly<Record<string, ModelPrice>>,
): { task: RoutedTask; model: string }[] {
  return routedTasks.flatMap((task) =>
    [routing[task].model, ...routing[task].fallbacks]
      .filter((model) => findPrice(prices, model) === undefined)
      .map((model) => ({ task, model })),
  );
}
