import type { LlmErrorOptions } from "./llm-error.ts";
import { hasLlmErrorCode as hasCode, LlmError } from "./llm-error.ts";

/** One reason an answer was rejected: where in the JSON, and why. */
export interface OutputIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The answer was not JSON (or was empty); retried with feedback. */
export class InvalidJsonOutputError extends LlmError {
  static readonly code = "LLM_INVALID_JSON";
  constructor(message: string, options: LlmErrorOptions = {}) {
    super(InvalidJsonOutputError.code, message, { ...options, retryable: true });
  }
  static override isInstance(value: unknown): value is InvalidJsonOutputError {
    return hasCode(value, InvalidJsonOutputError.code);
  }
}

/** The answer was JSON but broke the schema or a semantic rule; `issues` says where. Retried with feedback. */
export class OutputValidationError extends LlmError {
  static readonly code = "LLM_OUTPUT_INVALID";
  readonly issues: readonly OutputIssue[];
  /** Whether the zod schema or the task's semantic check rejected it. */
  readonly source: "schema" | "semantic";
  constructor(
    message: string,
    options: LlmErrorOptions & { issues: readonly OutputIssue[]; source: "schema" | "semantic" },
  ) {
    const { issues, source, ...rest } = options;
    super(OutputValidationError.code, message, { ...rest, retryable: true, details: { issues, source } });
    this.issues = issues;
    this.source = source;
  }
  static override isInstance(value: unknown): value is OutputValidationError {
    return hasCode(value, OutputValidationError.code);
  }
}

/** Every allowed attempt failed; `cause` is the last attempt's error. */
export class AttemptsExhaustedError extends LlmError {
  static readonly code = "LLM_ATTEMPTS_EXHAUSTED";
  readonly attempts: number;
  /** The error code of each attempt, in order. */
  readonly attemptCodes: readonly string[];
  constructor(
    message: string,
    options: LlmErrorOptions & { cause: unknown; attempts: number; attemptCodes: readonly string[] },
  ) {
    const { attempts, attemptCodes, ...rest } = options;
    super(AttemptsExhaustedError.code, message, {
      ...rest,
      retryable: false,
      details: { attempts, attemptCodes },
      suggestion: "Look at the last error (cause); raise the attempts, simplify the schema or use a stronger model.",
    });
    this.attempts = attempts;
    this.attemptCodes = attemptCodes;
  }
  static override isInstance(value: unknown): value is AttemptsExhaustedError {
    return hasCode(value, AttemptsExhaustedError.code);
  }
}

/** A provider threw something that is not an LLM error (a bug or an unknown failure); never retried. */
export class UnexpectedProviderError extends LlmError {
  static readonly code = "LLM_UNEXPECTED_ERROR";
  constructor(message: string, options: LlmErrorOptions = {}) {
    super(UnexpectedProviderError.code, message, { ...options, retryable: false });
  }
  static override isInstance(value: unknown): value is UnexpectedProviderError {
    return hasCode(value, UnexpectedProviderError.code);
  }
}

/** A zod schema cannot be sent as a strict JSON Schema (a developer error, found before any call). */
export class UnsupportedSchemaError extends LlmError {
  static readonly code = "LLM_SCHEMA_UNSUPPORTED";
  /** JSON pointer-like path of the offending part of the schema. */
  readonly schemaPath: string;
  constructor(message: string, options: { schemaPath: string; suggestion: string }) {
    super(UnsupportedSchemaError.code, `${message} (at ${options.schemaPath})`, {
      retryable: false,
      suggestion: options.suggestion,
      details: { schemaPath: options.schemaPath },
    });
    this.schemaPath = options.schemaPath;
  }
  static override isInstance(value: unknown): value is UnsupportedSchemaError {
    return hasCode(value, UnsupportedSchemaError.code);
  }
}

/** The local provider's GGUF file does not exist. */
export class LocalModelNotFoundError extends LlmError {
  static readonly code = "LLM_LOCAL_MODEL_NOT_FOUND";
  readonly modelPath: string;
  constructor(modelPath: string, options: LlmErrorOptions = {}) {
    super(LocalModelNotFoundError.code, `Local model file not found: ${modelPath}`, {
      ...options,
      provider: options.provider ?? "local",
      retryable: false,
      details: { modelPath },
      suggestion:
        "Point the local provider's modelPath at an existing .gguf file (an absolute path, or relative to the working directory).",
    });
    this.modelPath = modelPath;
  }
  static override isInstance(value: unknown): value is LocalModelNotFoundError {
    return hasCode(value, LocalModelNotFoundError.code);
  }
}

/** node-llama-cpp could not load the model or build a grammar (corrupt file, unsupported schema, no memory). */
export class LocalModelLoadError extends LlmError {
  static readonly code = "LLM_LOCAL_MODEL_LOAD_FAILED";
  constructor(message: string, options: LlmErrorOptions & { modelPath?: string } = {}) {
    const { modelPath, ...rest } = options;
    super(LocalModelLoadError.code, message, {
      ...rest,
      provider: rest.provider ?? "local",
      retryable: false,
      details: { modelPath },
    });
  }
  static override isInstance(value: unknown): value is LocalModelLoadError {
    return hasCode(value, LocalModelLoadError.code);
  }
}
