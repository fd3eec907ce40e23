import { AbortedError, CourseforgeError } from "../errors/index.ts";
import { DatabaseQueryError, DatabaseUnavailableError, redactSecret } from "./errors.ts";

const networkErrorCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ECONNABORTED",
]);

/** What the caller knows about the connection, to word an "unavailable" error. */
export interface ConnectionContext {
  /** `host:port/database`, never with credentials. */
  readonly target: string;
  /** The password, so it can be scrubbed from driver messages. */
  readonly secret?: string | undefined;
}

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "string" ? field : undefined;
}

function isSqlState(code: string | undefined): code is string {
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code);
}

function unavailableSuggestion(code: string | undefined, target: string): { suggestion: string; retryable: boolean } {
  if (code?.startsWith("28"))
    return { suggestion: `Check the user name and password in DATABASE_URL for ${target}.`, retryable: false };
  if (code === "3D000")
    return {
      suggestion: `Create the database (createdb) or fix its name in DATABASE_URL (${target}).`,
      retryable: false,
    };
  if (code === "53300")
    return {
      suggestion: "Postgres has no free connections: lower the pool size or raise max_connections.",
      retryable: true,
    };
  return { suggestion: `Is Postgres running at ${target}? Check DATABASE_URL.`, retryable: true };
}

/** True for errors that mean "cannot talk to the server" rather than "the statement failed". */
export function isConnectionFailure(error: unknown): boolean {
  const code = stringField(error, "code");
  if (code !== undefined && networkErrorCodes.has(code)) return true;
  if (isSqlState(code))
    return (
      code.startsWith("08") ||
      code.startsWith("28") ||
      code === "3D000" ||
      code === "53300" ||
      code === "57P01" ||
      code === "57P02" ||
      code === "57P03"
    );
  const message = error instanceof Error ? error.message : "";
  return /Connection terminated|timeout expired|connect ETIMEDOUT|Client has encountered a connection error/i.test(
    message,
  );
}

/**
 * Turns whatever a driver threw into one Courseforge error: `AbortedError` when `signal` fired,
 * `DatabaseUnavailableError` for connection problems, `DatabaseQueryError` (with its SQLSTATE)
 * for statement failures. Courseforge errors pass through unchanged.
 */
export function toDatabaseError(
  error: unknown,
  options: { signal?: AbortSignal | undefined; connection?: ConnectionContext | undefined },
): CourseforgeError {
  if (CourseforgeError.isInstance(error)) return error;
  const code = stringField(error, "code");
  if (options.signal?.aborted && (code === "57014" || !isSqlState(code)))
    return new AbortedError(undefined, { cause: options.signal.reason });
  const rawMessage = error instanceof Error ? error.message : String(error);
  const message = redactSecret(rawMessage, options.connection?.secret);
  if (options.connection !== undefined && isConnectionFailure(error)) {
    const { suggestion, retryable } = unavailableSuggestion(code, options.connection.target);
    return new DatabaseUnavailableError(`Cannot reach Postgres at ${options.connection.target}: ${message}`, {
      cause: error,
      retryable,
      suggestion,
      details: { target: options.connection.target, code },
    });
  }
  const details: Record<string, unknown> = {};
  for (const key of ["detail", "hint", "constraint", "table", "column", "schema", "position", "where"]) {
    const value = stringField(error, key);
    if (value !== undefined) details[key] = redactSecret(value, options.connection?.secret);
  }
  return new DatabaseQueryError(message, { sqlState: isSqlState(code) ? code : undefined, cause: error, details });
}
