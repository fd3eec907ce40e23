/**
 * The base of every error Courseforge throws across a boundary.
 *
 * Each subclass has a stable `code` (never reworded: clients, logs and alerts key on it), keeps the
 * original `cause`, carries the context needed to debug it in `details`, and says in `retryable`
 * whether trying the same thing again can succeed, so callers never match on message text.
 */
export class CourseforgeError extends Error {
  /** Stable, machine-readable code, e.g. `LLM_RATE_LIMITED`. */
  readonly code: string;
  /** Whether the same operation may succeed if tried again later. */
  readonly retryable: boolean;
  /** Context for debugging (never secrets). */
  readonly details: Readonly<Record<string, unknown>>;
  /** What a person can do about it, when we know. */
  readonly suggestion: string | undefined;

  constructor(
    code: string,
    message: string,
    options: {
      cause?: unknown;
      retryable?: boolean;
      details?: Record<string, unknown>;
      suggestion?: string;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = Object.freeze({ ...options.details });
    this.suggestion = options.suggestion;
  }

  /** True for any Courseforge error, across module copies (checks a brand, not the prototype). */
  static isInstance(value: unknown): value is CourseforgeError {
    return (
      typeof value === "object" &&
      value !== null &&
      typeof (value as { code?: unknown }).code === "string" &&
      typeof (value as { retryable?: unknown }).retryable === "boolean" &&
      value instanceof Error
    );
  }

  /** A plain object safe to log or to return in an API error body. */
  toJSON(): { name: string; code: string; message: string; retryable: boolean; details: Record<string, unknown> } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      details: { ...this.details },
    };
  }
}

/** Input that failed validation at a boundary (CLI flag, config variable, HTTP body, file). */
export class InvalidInputError extends CourseforgeError {
  constructor(
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown>; suggestion?: string } = {},
  ) {
    super("INVALID_INPUT", message, { ...options, retryable: false });
  }
}

/** The operation was stopped through its AbortSignal. */
export class AbortedError extends CourseforgeError {
  constructor(message = "The operation was aborted.", options: { cause?: unknown } = {}) {
    super("ABORTED", message, { ...options, retryable: false });
  }
}

/** Throws an {@link AbortedError} carrying the signal's reason when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError(undefined, { cause: signal.reason });
}
