import type { Queryable } from "../db/port.ts";
import type { LogEntry } from "./log-sink.ts";
import type { LogLevel } from "./logger.ts";
import { logLevels } from "./logger.ts";

/** A stored log entry, as the admin API shows it: the logged entry plus its id. */
export interface StoredLog extends Omit<LogEntry, "severity"> {
  readonly id: number;
  readonly severity: LogLevel;
}

/** Filters of {@link listLogs}; `severity` is a minimum (`warn` lists warn, error and fatal). */
export interface LogFilter {
  readonly jobId?: string;
  readonly severity?: LogLevel;
  readonly since?: Date;
  readonly until?: Date;
  /** Newest first, at most this many (default 100). */
  readonly limit?: number;
}

/** Stored log entries matching the filter, newest first. */
export async function listLogs(database: Queryable, filter: LogFilter, signal?: AbortSignal): Promise<StoredLog[]> {
  const severities =
    filter.severity === undefined ? [...logLevels] : logLevels.slice(logLevels.indexOf(filter.severity));
  const rows = await database.query(
    `SELECT id, severity, job_id, user_id, trace_id, event, message, details, error_name, error_stack, suggestion, created_at
       FROM course_generation_logs
      WHERE severity = ANY($1::text[])
        AND ($2::text IS NULL OR job_id = $2)
        AND ($3::timestamptz IS NULL OR created_at >= $3)
        AND ($4::timestamptz IS NULL OR created_at < $4)
      ORDER BY created_at DESC, id DESC
      LIMIT $5`,
    [severities, filter.jobId ?? null, filter.since ?? null, filter.until ?? null, filter.limit ?? 100],
    { signal },
  );
  return rows.map((row) => ({
    id: row.id as number,
    severity: row.severity as LogLevel,
    jobId: row.job_id as string | null,
    userId: row.user_id as string | null,
    traceId: row.trace_id as string | null,
    event: row.event as string | null,
    message: row.message as string,
    details: row.details as Record<string, unknown>,
    errorName: row.error_name as string | null,
    errorStack: row.error_stack as string | null,
    suggestion: row.suggestion as string | null,
    createdAt: row.created_at as Date,
  }));
}

/** Deletes log entries older than `retentionDays` before `now`; returns how many. */
export async function deleteExpiredLogs(
  database: Queryable,
  retentionDays: number,
  now = new Date(),
  signal?: AbortSignal,
): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const rows = await database.query(
    `WITH gone AS (DELETE FROM course_generation_logs WHERE created_at < $1 RETURNING 1) SELECT count(*) AS count FROM gone`,
    [cutoff],
    { signal },
  );
  return (rows[0]?.count as number | undefined) ?? 0;
}

/** Runs {@link deleteExpiredLogs} now and every `intervalMs` (default hourly) until stopped. */
export function startLogRetention(options: {
  readonly database: Queryable;
  readonly retentionDays: number;
  readonly intervalMs?: number;
  readonly onError?: (error: unknown) => void;
}): { stop(): void } {
  const run = () =>
    void deleteExpiredLogs(options.database, options.retentionDays).catch((error: unknown) => options.onError?.(error));
  run();
  const timer = setInterval(run, options.intervalMs ?? 3_600_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
