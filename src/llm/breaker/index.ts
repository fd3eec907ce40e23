// Per-model circuit breakers of the LLM call path.
export { CircuitBreakers, isProviderFailure } from "./circuit-breaker.ts";
export type { CircuitBreakerOptions, CircuitStateName, CircuitStats } from "./circuit-breaker.ts";
export { CircuitOpenError } from "./circuit-open-error.ts";
