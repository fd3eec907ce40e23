import type { LlmErrorOptions } from "../llm-error.ts";
import { hasLlmErrorCode, LlmError } from "../llm-error.ts";

/**
 * The circuit of a model is open (its provider failed again and again): the call was not sent.
 * Retryable: `retryAfterMs` is the time until the circuit lets a probe through (half-open).
 */
export class CircuitOpenError extends LlmError {
  static readonly code = "LLM_CIRCUIT_OPEN";
  /** Milliseconds until the circuit half-opens (0 when a probe is already in flight). */
  readonly retryAfterMs: number;
  /** The models tried, all of them with an open circuit. */
  readonly models: readonly string[];
  constructor(message: string, options: LlmErrorOptions & { retryAfterMs: number; models: readonly string[] }) {
    const { retryAfterMs, models, ...rest } = options;
    super(CircuitOpenError.code, message, {
      ...rest,
      retryable: true,
      suggestion: "The model provider is failing; calls resume by themselves once it answers again.",
      details: { retryAfterMs, models },
    });
    this.retryAfterMs = retryAfterMs;
    this.models = models;
  }
  static override isInstance(value: unknown): value is CircuitOpenError {
    return hasLlmErrorCode(value, CircuitOpenError.code);
  }
}
