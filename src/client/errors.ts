/** An error answered by the API (`{error: {code, message, details}}`), or code `NETWORK` when it did not answer. */
export class CourseforgeApiError extends Error {
  readonly status: number;
  /** The API's stable error code, e.g. `RATE_LIMITED` (docs/api.md, "Errors"). */
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
  /** From `Retry-After` on a 429 or 503: seconds to wait before trying again. */
  readonly retryAfterSeconds: number | undefined;

  constructor(options: {
    status: number;
    code: string;
    message: string;
    details?: Record<string, unknown>;
    retryAfterSeconds?: number | undefined;
    cause?: unknown;
  }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CourseforgeApiError";
    this.status = options.status;
    this.code = options.code;
    this.details = options.details ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** The field a validation error names (`details.field`), if any. */
  get field(): string | undefined {
    return typeof this.details.field === "string" ? this.details.field : undefined;
  }
}

function retryAfterOf(response: Response): number | undefined {
  const header = response.headers.get("retry-after");
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The {@link CourseforgeApiError} of a non-2xx response, from its parsed body (`undefined` when it had none). */
export function apiErrorOf(response: Response, body: unknown): CourseforgeApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  return new CourseforgeApiError({
    status: response.status,
    code: typeof error?.code === "string" ? error.code : `HTTP_${response.status}`,
    message:
      typeof error?.message === "string"
        ? error.message
        : `The server answered ${response.status} ${response.statusText}.`,
    details:
      typeof error?.details === "object" && error.details !== null ? (error.details as Record<string, unknown>) : {},
    retryAfterSeconds: retryAfterOf(response),
  });
}
