import { CourseforgeError } from "../errors/index.ts";

/** The body of every error response. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details: Record<string, unknown> };
}

/** No credentials, or credentials that authenticate no one (401). */
export class UnauthenticatedError extends CourseforgeError {
  constructor(message = "Authentication required: send `Authorization: Bearer <API token or Supabase access token>`.") {
    super("UNAUTHENTICATED", message, {
      suggestion: "Create a token with `courseforge users create --email E --role R`.",
    });
  }
}

/** The caller is known but the route is for admins (403). */
export class ForbiddenError extends CourseforgeError {
  constructor(message = "This route is for admins.") {
    super("FORBIDDEN", message);
  }
}

/** No such resource, or one the caller may not see: the two are never told apart (404). */
export class NotFoundError extends CourseforgeError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("NOT_FOUND", message, { details });
  }
}

/** The body is larger than the limit (413). */
export class PayloadTooLargeError extends CourseforgeError {
  constructor(limitBytes: number) {
    super("PAYLOAD_TOO_LARGE", `The request body is larger than ${limitBytes} bytes.`, { details: { limitBytes } });
  }
}

/** The body is not JSON, or not declared as JSON (400 / 415). */
export class MalformedJsonError extends CourseforgeError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("MALFORMED_JSON", message, { details });
  }
}

/** A body sent with a content type other than JSON (415). */
export class UnsupportedMediaTypeError extends CourseforgeError {
  constructor(contentType: string) {
    super(
      "UNSUPPORTED_MEDIA_TYPE",
      `The request body must be JSON (Content-Type: application/json); got ${contentType}.`,
      {
        details: { contentType },
      },
    );
  }
}

/**
 * HTTP status of each error code. Codes not listed are 500 and answered with a generic message
 * (their text may hold internals). 4xx bodies carry the error's message and details.
 */
export const statusOfCode: Readonly<Record<string, number>> = {
  INVALID_INPUT: 400,
  MALFORMED_JSON: 400,
  MODEL_NOT_ALLOWED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  OUTLINE_NOT_READY: 404,
  USER_NOT_FOUND: 404,
  KNOWLEDGE_NOT_FOUND: 404,
  WEBHOOK_NOT_FOUND: 404,
  WEBHOOK_URL_REJECTED: 400,
  REVISION_TARGET_NOT_FOUND: 404,
  REVISION_NOT_FOUND: 404,
  KNOWLEDGE_FILE_TOO_LARGE: 413,
  KNOWLEDGE_UNSUPPORTED_TYPE: 415,
  KNOWLEDGE_QUOTA_EXCEEDED: 429,
  JOB_NOT_AWAITING_APPROVAL: 409,
  JOB_ALREADY_FINISHED: 409,
  JOB_NOT_RESUMABLE: 409,
  BUDGET_EXCEEDED: 429,
  COURSE_NOT_READY: 409,
  REVISION_IN_PROGRESS: 409,
  REVISION_IS_CURRENT: 409,
  USER_EXISTS: 409,
  USER_DISABLED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  OUTLINE_INVALID: 422,
  RATE_LIMITED: 429,
  QUOTA_EXCEEDED: 429,
  TOO_MANY_STREAMS: 429,
  DATABASE_UNAVAILABLE: 503,
  DATABASE_LOCKED: 503,
};

// What each SQLSTATE of class 22 ("data exception") says about the value that caused it.
const dataExceptionMeanings: Readonly<Record<string, string>> = {
  "22001": "a text is longer than its column allows",
  "22003": "a number is out of range",
  "22007": "a date or time is not valid",
  "22008": "a date or time is out of range",
  "22021": "a text is not valid UTF-8",
  "22P02": "a value has the wrong form for its type",
  "22P05": "a text holds a character Postgres cannot store (NUL)",
};

/**
 * The SQLSTATE of a Postgres data exception (class 22) in `error` or its causes. A request that
 * passed validation but holds a value the database refuses is still the caller's bad input: 400.
 */
export function dataExceptionState(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (CourseforgeError.isInstance(current)) {
      const sqlState = current.details.sqlState;
      if (typeof sqlState === "string" && sqlState.startsWith("22")) return sqlState;
    }
    current = current.cause;
  }
  return undefined;
}

/** Maps anything thrown by a handler to a status and an error body that never leaks internals. */
export function errorResponse(error: unknown): {
  status: number;
  body: ErrorBody;
  retryAfterSeconds: number | undefined;
} {
  const sqlState = dataExceptionState(error);
  if (sqlState !== undefined) {
    const meaning = dataExceptionMeanings[sqlState] ?? "a value cannot be stored";
    return {
      status: 400,
      body: {
        error: {
          code: "INVALID_INPUT",
          message: `The request holds a value the database cannot store: ${meaning}. Check numbers against their documented ranges and remove NUL characters and invalid Unicode from texts.`,
          details: { sqlState },
        },
      },
      retryAfterSeconds: undefined,
    };
  }
  if (CourseforgeError.isInstance(error)) {
    const status = statusOfCode[error.code];
    if (status === 503) {
      return {
        status,
        body: { error: { code: error.code, message: "The database is unavailable; try again shortly.", details: {} } },
        retryAfterSeconds: 5,
      };
    }
    if (status !== undefined) {
      const retryAfterMs = error.details.retryAfterMs;
      return {
        status,
        body: { error: { code: error.code, message: error.message, details: { ...error.details } } },
        retryAfterSeconds: typeof retryAfterMs === "number" ? Math.max(1, Math.ceil(retryAfterMs / 1000)) : undefined,
      };
    }
  }
  return {
    status: 500,
    body: { error: { code: "INTERNAL", message: "An internal error occurred; it has been logged.", details: {} } },
    retryAfterSeconds: undefined,
  };
}
