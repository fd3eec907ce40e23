import { pino, type Logger } from "pino";
import type { Database } from "../db/port.ts";
import { CourseforgeError } from "../errors/index.ts";
import { currentLogContext } from "./log-context.ts";
import { createLogSink, type LogEntry, type LogSink, type LogSinkOptions } from "./log-sink.ts";
import { suggestionFor } from "./suggestions.ts";
import { createRedactor } from "../redaction/index.ts";

/** Severities, lowest first (pino's levels). */
export const logLevels = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
export type LogLevel = (typeof logLevels)[number];

/** Where the JSON lines go besides the database (default stdout). */
export interface LogDestination {
  write(line: string): void;
}

/** What {@link createLogger} needs. */
export interface CreateLoggerOptions {
  /** Also write every entry to `course_generation_logs` (batched, never blocking). */
  readonly database?: Database;
  readonly level?: LogLevel;
  readonly destination?: LogDestination;
  readonly sink?: Partial<LogSinkOptions>;
  /** The configured secrets (`configuredSecrets(config)`): removed from every line, as is anything credential-shaped. */
  readonly secrets?: readonly string[];
}

/** A pino logger with its database sink. Log with `logger.info({ event, jobId, ... }, "message")`; pass errors as `error`. */
export interface CourseforgeLogger {
  readonly logger: Logger;
  /** The database sink, when there is a database. */
  readonly sink: LogSink | undefined;
  /** Writes what the sink holds. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

// Anything that may carry a credential, at the top level and one level down (pino `redact` paths).
const secretKeys = [
  "authorization",
  "apiKey",
  "api_key",
  "token",
  "accessToken",
  "password",
  "secret",
  "cookie",
  "databaseUrl",
];
/** Paths pino replaces with `[Redacted]`. */
export const redactedPaths: readonly string[] = [
  ...secretKeys,
  ...secretKeys.map((key) => `*.${key}`),
  "headers.authorization",
  "request.headers.authorization",
  "*.headers.authorization",
  'headers["x-api-key"]',
];

/** Serializes an error for a log line: name, message, code, stack, suggestion, cause. */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: "NonError", message: String(error) };
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(CourseforgeError.isInstance(error)
      ? { code: error.code, retryable: error.retryable, details: { ...error.details } }
      : {}),
    suggestion: suggestionFor(error),
    ...(error.cause instanceof Error ? { cause: { name: error.cause.name, message: error.cause.message } } : {}),
  };
}

const stringOrNull = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const pinoFields = new Set(["level", "time", "msg", "pid", "hostname", "jobId", "userId", "traceId", "event", "error"]);

/** Turns one pino JSON line into a row of `course_generation_logs`. */
export function entryOfLine(record: Record<string, unknown>): LogEntry {
  const error =
    typeof record.error === "object" && record.error !== null ? (record.error as Record<string, unknown>) : undefined;
  const details = Object.fromEntries(Object.entries(record).filter(([key]) => !pinoFields.has(key)));
  if (error !== undefined)
    details.error = { message: error.message, code: error.code, details: error.details, cause: error.cause };
  return {
    severity: stringOrNull(record.level) ?? "info",
    jobId: stringOrNull(record.jobId),
    userId: stringOrNull(record.userId),
    traceId: stringOrNull(record.traceId),
    event: stringOrNull(record.event),
    message: typeof record.msg === "string" ? record.msg : "",
    details,
    errorName: stringOrNull(error?.name),
    errorStack: stringOrNull(error?.stack),
    suggestion: stringOrNull(error?.suggestion) ?? stringOrNull(record.suggestion),
    createdAt: typeof record.time === "string" ? new Date(record.time) : new Date(),
  };
}

/**
 * Creates the structured logger: JSON lines (pino) to `destination` (stdout by default) and, when a
 * database is given, the same entries batched into `course_generation_logs`. Secrets are redacted
 * before either sees them: fields named like credentials, `options.secrets` and credential-shaped
 * text anywhere in the line.
 */
export function createLogger(options: CreateLoggerOptions = {}): CourseforgeLogger {
  const destination = options.destination ?? process.stdout;
  const sink = options.database === undefined ? undefined : createLogSink(options.database, options.sink);
  const redact = createRedactor(options.secrets ?? []);
  const stream = {
    // Key-based redaction (below) misses a secret inside a message or an error's text; the whole
    // line is scrubbed before stdout or the database sees it.
    write(rawLine: string) {
      const line = redact(rawLine);
      destination.write(line);
      if (sink === undefined) return;
      try {
        sink.push(entryOfLine(JSON.parse(line) as Record<string, unknown>));
      } catch {
        // A line pino wrote is JSON; nothing to do if it were not.
      }
    },
  };
  const logger = pino(
    {
      level: options.level ?? "info",
      base: undefined,
      messageKey: "msg",
      mixin: () => ({ ...currentLogContext() }),
      errorKey: "error",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { error: serializeError },
      redact: { paths: [...redactedPaths], censor: "[Redacted]" },
    },
    stream,
  );
  return {
    logger,
    sink,
    flush: async () => sink?.flush(),
    close: async () => sink?.close(),
  };
}
