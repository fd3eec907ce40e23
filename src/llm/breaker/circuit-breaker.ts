import { BrokenCircuitError, circuitBreaker, CircuitState, ConsecutiveBreaker, handleWhen } from "cockatiel";
import type { CircuitBreakerPolicy } from "cockatiel";
import { hasLlmErrorCode } from "../llm-error.ts";
import type { CompletionMiddleware } from "../middleware.ts";
import { CircuitOpenError } from "./circuit-open-error.ts";

/** When a model's circuit opens and how long it stays open. */
export interface CircuitBreakerOptions {
  /** Consecutive provider failures (unavailable, timeout, unexpected) that open the circuit. */
  readonly failureThreshold: number;
  /** Milliseconds the circuit stays open before one probe call is let through (half-open). */
  readonly halfOpenAfterMs: number;
  /** Milliseconds clock; `Date` by default (cockatiel reads `Date.now()` too). */
  readonly clock?: { now(): number };
  /** Called when a model's circuit changes state (for logs and metrics). */
  readonly onStateChange?: (model: string, state: CircuitStateName) => void;
}

/** A circuit's state, as named in logs and metrics. */
export type CircuitStateName = "closed" | "open" | "half-open";

/** Counters of one model's circuit, e.g. for tests and a metrics endpoint. */
export interface CircuitStats {
  readonly state: CircuitStateName;
  /** How many times the circuit opened. */
  readonly opened: number;
  /** Calls refused while open. */
  readonly rejected: number;
}

// Errors saying the provider (not the request or the answer) is in trouble.
const providerFailureCodes = ["LLM_PROVIDER_UNAVAILABLE", "LLM_TIMEOUT", "LLM_UNEXPECTED_ERROR"];

/** True for errors that count against a circuit: the provider failed, not the request or the answer. */
export function isProviderFailure(error: unknown): boolean {
  return providerFailureCodes.some((code) => hasLlmErrorCode(error, code));
}

interface ModelCircuit {
  readonly policy: CircuitBreakerPolicy;
  openedAtMs: number;
  opened: number;
  rejected: number;
}

/**
 * One circuit breaker (cockatiel) per model, shared by every job of the process. A circuit opens
 * after `failureThreshold` consecutive provider failures; while open, calls fail at once with
 * {@link CircuitOpenError}; after `halfOpenAfterMs` one probe call is let through and its outcome
 * closes or reopens the circuit.
 */
export class CircuitBreakers {
  readonly #options: CircuitBreakerOptions;
  readonly #circuits = new Map<string, ModelCircuit>();

  constructor(options: CircuitBreakerOptions) {
    this.#options = options;
  }

  /** The middleware stage: runs each call through its model's circuit. */
  middleware(): CompletionMiddleware {
    return (next) => async (request) => {
      const circuit = this.#circuit(request.model);
      const waitMs = this.retryAfterMs(request.model);
      if (waitMs > 0) throw this.#refuse(circuit, request.model, waitMs);
      try {
        return await circuit.policy.execute(() => next(request), request.signal);
      } catch (error) {
        if (error instanceof BrokenCircuitError)
          throw this.#refuse(circuit, request.model, this.retryAfterMs(request.model));
        throw error;
      }
    };
  }

  /** The state of a model's circuit (`closed` for a model never called). */
  state(model: string): CircuitStateName {
    const circuit = this.#circuits.get(model);
    return circuit === undefined ? "closed" : stateName(circuit.policy.state);
  }

  /** Milliseconds until the model's open circuit half-opens; 0 when calls may go through. */
  retryAfterMs(model: string): number {
    const circuit = this.#circuits.get(model);
    if (circuit === undefined || circuit.policy.state !== CircuitState.Open) return 0;
    return Math.max(0, circuit.openedAtMs + this.#options.halfOpenAfterMs - this.#now());
  }

  /** Counters of a model's circuit. */
  stats(model: string): CircuitStats {
    const circuit = this.#circuits.get(model);
    return { state: this.state(model), opened: circuit?.opened ?? 0, rejected: circuit?.rejected ?? 0 };
  }

  #refuse(circuit: ModelCircuit, model: string, retryAfterMs: number): CircuitOpenError {
    circuit.rejected++;
    return new CircuitOpenError(
      `The circuit of ${model} is open after repeated provider failures; retry in ${retryAfterMs} ms.`,
      {
        model,
        retryAfterMs,
        models: [model],
      },
    );
  }

  #circuit(model: string): ModelCircuit {
    let circuit = this.#circuits.get(model);
    if (circuit !== undefined) return circuit;
    const policy = circuitBreaker(handleWhen(isProviderFailure), {
      halfOpenAfter: this.#options.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(this.#options.failureThreshold),
    });
    const created: ModelCircuit = { policy, openedAtMs: 0, opened: 0, rejected: 0 };
    policy.onBreak(() => {
      created.openedAtMs = this.#now();
      created.opened++;
    });
    policy.onStateChange((state) => this.#options.onStateChange?.(model, stateName(state)));
    this.#circuits.set(model, created);
    circuit = created;
    return circuit;
  }

  #now(): number {
    return (this.#options.clock ?? Date).now();
  }
}

function stateName(state: CircuitState): CircuitStateName {
  if (state === CircuitState.Closed) return "closed";
  if (state === CircuitState.HalfOpen) return "half-open";
  return "open";
}
