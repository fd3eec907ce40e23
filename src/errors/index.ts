// Marks every Courseforge error, whichever copy of this module made it (Symbol.for is global):
// `isInstance` trusts the brand, not a prototype or the shape of the object.
const courseforgeErrorBrand = Symbol.for("courseforge.error");

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
    Object.defineProperty(this, courseforgeErrorBrand, { value: true });
  }

  /**
   * True for a Courseforge error of this class, across module copies: any Courseforge error for
   * `CourseforgeError.isInstance`, one with the class's `code` for a subclass that declares a static
   * `code` (e.g. `InvalidInputError.isInstance` is true only for `INVALID_INPUT`).
   */
  static isInstance(value: unknown): value is CourseforgeError {
    if (typeof value !== "object" || value === null) return false;
    if ((value as Record<symbol, unknown>)[courseforgeErrorBrand] !== true) return false;
    // Called unbound (e.g. passed as a predicate), `this` is undefined: any Courseforge error then.
    const code = (this as { readonly code?: unknown } | undefined)?.code;
    return typeof code !== "string" || (value as CourseforgeError).code === code;
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
  static readonly code = "INVALID_INPUT";
  constructor(
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown>; suggestion?: string } = {},
  ) {
    super(InvalidInputError.code, message, { ...options, retryable: false });
  }
  static override isInstance(value: unknown): value is InvalidInputError {
    return CourseforgeError.isInstance.call(InvalidInputError, value);
  }
}

/** The operation was stopped through its AbortSignal. */
export class AbortedError extends CourseforgeError {
  static readonly code = "ABORTED";
  constructor(message = "The operation was aborted.", options: { cause?: unknown } = {}) {
    super(AbortedError.code, message, { ...options, retryable: false });
  }
  static override isInstance(value: unknown): value is AbortedError {
    return CourseforgeError.isInstance.call(AbortedError, value);
  }
}

/** Throws an {@link AbortedError} carrying the signal's reason when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError(undefined, { cause: signal.reason });
}
