// Model routing of the LLM call path: fallback chains around open circuits.
export { fallbackRouterMiddleware, parseFallbackChains } from "./fallback-router.ts";
export type { FallbackChains } from "./fallback-router.ts";
