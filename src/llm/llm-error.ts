import { CourseforgeError } from "../errors/index.ts";
import { redactKeyShapes } from "../redaction/index.ts";
import type { FinishReason, TokenUsage } from "./types.ts";

/** Raw model text kept on an error is cut to this many characters (enough to debug, small enough to log). */
export const maxRawTextLength = 2000;

/** What was known about the call when it failed; all optional because failures happen at every stage. */
export interface LlmErrorContext {
  readonly provider?: string;
  readonly model?: string;
  /** HTTP status of the provider's answer, when there was one. */
  readonly status?: number;
  readonly requestId?: string;
  readonly finishReason?: FinishReason;
  readonly usage?: TokenUsage;
  /** The model's (or the provider's) raw text; truncated to {@link maxRawTextLength} characters. */
  readonly rawText?: string;
}

/** Options every LLM error accepts. */
export interface LlmErrorOptions extends LlmErrorContext {
  readonly cause?: unknown;
}

const llmErrorBrand = Symbol.for("courseforge.LlmError");

/** Cuts a text to `limit` characters, saying how much was dropped. */
export function truncateText(text: string, limit = maxRawTextLength): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… [${text.length - limit} more characters]`;
}

/** The base of every error of the LLM call path; `details` carries the {@link LlmErrorContext}. */
export class LlmError extends CourseforgeError {
  readonly [llmErrorBrand] = true;
  readonly provider: string | undefined;
  readonly model: string | undefined;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly finishReason: FinishReason | undefined;
  readonly usage: TokenUsage | undefined;
  readonly rawText: string | undefined;

  constructor(
    code: string,
    message: string,
    options: LlmErrorOptions & { retryable: boolean; suggestion?: string; details?: Record<string, unknown> },
  ) {
    const { cause, retryable, suggestion, details, ...context } = options;
    // A second line of defence behind each adapter's own redaction: whatever a provider says, a
    // credential-shaped string never reaches the jobs, events, logs and responses this error feeds.
    const rawText = context.rawText === undefined ? undefined : truncateText(redactKeyShapes(context.rawText));
    super(code, redactKeyShapes(message), {
      cause,
      retryable,
      ...(suggestion === undefined ? {} : { suggestion }),
      details: withoutUndefined({ ...context, rawText, ...details }),
    });
    this.provider = context.provider;
    this.model = context.model;
    this.status = context.status;
    this.requestId = context.requestId;
    this.finishReason = context.finishReason;
    this.usage = context.usage;
    this.rawText = rawText;
  }

  /** True for any LLM error, across module copies. */
  static override isInstance(value: unknown): value is LlmError {
    return CourseforgeError.isInstance(value) && (value as unknown as Record<symbol, unknown>)[llmErrorBrand] === true;
  }
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

/** True when `value` is an LLM error with this code (works across module copies). */
export function hasLlmErrorCode(value: unknown, code: string): boolean {
  return LlmError.isInstance(value) && value.code === code;
}
