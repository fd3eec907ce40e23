import { CourseforgeError } from "../errors/index.ts";

/** The database cannot be reached (refused, timed out, wrong credentials, missing database). */
export class DatabaseUnavailableError extends CourseforgeError {
  static readonly code = "DATABASE_UNAVAILABLE";
  constructor(
    message: string,
    options: { cause?: unknown; retryable?: boolean; details?: Record<string, unknown>; suggestion?: string } = {},
  ) {
    super("DATABASE_UNAVAILABLE", message, { retryable: true, ...options });
  }
}

/** Another process (or another `openDatabase` in this one) holds the embedded database folder. */
export class DatabaseLockedError extends CourseforgeError {
  static readonly code = "DATABASE_LOCKED";
  /** The PID of the holder, when the lock file names one. */
  readonly ownerPid: number | undefined;

  constructor(
    message: string,
    options: { ownerPid?: number; details?: Record<string, unknown>; suggestion?: string; cause?: unknown },
  ) {
    super("DATABASE_LOCKED", message, { ...options, retryable: false });
    this.ownerPid = options.ownerPid;
  }
}

/** A statement failed on the server (constraint, syntax, serialization…). */
export class DatabaseQueryError extends CourseforgeError {
  static readonly code = "DATABASE_QUERY_FAILED";
  /** The five-character SQLSTATE (`23505` unique violation, `40001` serialization failure…), if any. */
  readonly sqlState: string | undefined;

  constructor(message: string, options: { sqlState?: string; cause?: unknown; details?: Record<string, unknown> }) {
    // Serialization failures and deadlocks succeed when the transaction is simply run again.
    const retryable = options.sqlState === "40001" || options.sqlState === "40P01";
    super("DATABASE_QUERY_FAILED", message, {
      cause: options.cause,
      details: { sqlState: options.sqlState, ...options.details },
      retryable,
    });
    this.sqlState = options.sqlState;
  }
}

/** A migration file failed to apply; its transaction was rolled back. */
export class MigrationFailedError extends CourseforgeError {
  static readonly code = "MIGRATION_FAILED";
  constructor(message: string, options: { cause?: unknown; details?: Record<string, unknown>; suggestion?: string }) {
    super("MIGRATION_FAILED", message, { ...options, retryable: false });
  }
}

/** A migration that was already applied has been edited since. */
export class MigrationChecksumMismatchError extends CourseforgeError {
  static readonly code = "MIGRATION_CHECKSUM_MISMATCH";
  constructor(message: string, options: { details?: Record<string, unknown>; suggestion?: string }) {
    super("MIGRATION_CHECKSUM_MISMATCH", message, { ...options, retryable: false });
  }
}

/** Replaces the password (and any `password=` query parameter) of a connection URL with `***`. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    for (const key of [...parsed.searchParams.keys()]) {
      if (/pass|secret|token/i.test(key)) parsed.searchParams.set(key, "***");
    }
    return parsed.toString();
  } catch {
    // Not a parseable URL (often an unencoded `/` or `#` in the password): hide everything between
    // the user name and the last `@`, since a host never contains `@`.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):.*@/i, "$1:***@");
  }
}

/** Removes every occurrence of `secret` from `text` (driver messages sometimes echo the URL). */
export function redactSecret(text: string, secret: string | undefined): string {
  if (secret === undefined || secret === "") return text;
  return text.split(secret).join("***");
}
