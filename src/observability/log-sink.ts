import type { Database } from "../db/port.ts";

/** One row of `course_generation_logs`, as the logger hands it to the sink. */
export interface LogEntry {
  readonly severity: string;
  readonly jobId: string | null;
  readonly userId: string | null;
  readonly traceId: string | null;
  readonly event: string | null;
  readonly message: string;
  readonly details: Record<string, unknown>;
  readonly errorName: string | null;
  readonly errorStack: string | null;
  readonly suggestion: string | null;
  readonly createdAt: Date;
}

/** Tuning of the database sink. */
export interface LogSinkOptions {
  /** Flush at least this often (default 500 ms). */
  readonly flushIntervalMs: number;
  /** Flush as soon as this many entries wait (default 100); also the largest insert. */
  readonly batchSize: number;
  /** Most entries kept while the database is down (default 10 000); the oldest are dropped beyond. */
  readonly maxBuffered: number;
  /** A failed insert (the entries stay buffered). */
  readonly onError?: (error: unknown) => void;
}

/** Writes log entries to the database in batches, off the caller's path. */
export interface LogSink {
  /** Buffers an entry; never blocks, never throws. */
  push(entry: LogEntry): void;
  /** Writes what is buffered now (resolves even when the database fails). */
  flush(): Promise<void>;
  /** Entries dropped because the buffer was full. */
  dropped(): number;
  /** Entries waiting. */
  buffered(): number;
  /** Flushes and stops the timer. */
  close(): Promise<void>;
}

const columns = `severity text, job_id text, user_id text, trace_id text, event text, message text, details jsonb,
  error_name text, error_stack text, suggestion text, created_at timestamptz`;

/** Starts a batched sink into `course_generation_logs`. */
export function createLogSink(database: Database, options: Partial<LogSinkOptions> = {}): LogSink {
  const flushIntervalMs = options.flushIntervalMs ?? 500;
  const batchSize = options.batchSize ?? 100;
  const maxBuffered = options.maxBuffered ?? 10_000;
  let buffer: LogEntry[] = [];
  let droppedCount = 0;
  let writing: Promise<void> | undefined;
  let closed = false;

  const keepWithinBound = () => {
    const excess = buffer.length - maxBuffered;
    if (excess > 0) {
      buffer.splice(0, excess);
      droppedCount += excess;
    }
  };

  const writeBatches = async () => {
    while (buffer.length > 0) {
      const batch = buffer.splice(0, batchSize);
      try {
        await insert(database, batch);
      } catch (error) {
        // Back to the front, in order: written on a later flush unless the bound drops them.
        buffer = [...batch, ...buffer];
        keepWithinBound();
        options.onError?.(error);
        return;
      }
    }
  };

  const flush = (): Promise<void> => {
    writing ??= writeBatches().finally(() => (writing = undefined));
    return writing;
  };

  const timer = setInterval(() => void flush(), flushIntervalMs);
  timer.unref();

  return {
    push(entry) {
      if (closed) return;
      buffer.push(entry);
      keepWithinBound();
      if (buffer.length >= batchSize && writing === undefined) void flush();
    },
    flush: async () => {
      await writing;
      await flush();
    },
    dropped: () => droppedCount,
    buffered: () => buffer.length,
    async close() {
      clearInterval(timer);
      await writing;
      await flush();
      closed = true;
    },
  };
}

async function insert(database: Database, batch: readonly LogEntry[]): Promise<void> {
  const rows = batch.map((entry) => ({
    severity: entry.severity,
    job_id: entry.jobId,
    user_id: entry.userId,
    trace_id: entry.traceId,
    event: entry.event,
    message: entry.message,
    details: entry.details,
    error_name: entry.errorName,
    error_stack: entry.errorStack,
    suggestion: entry.suggestion,
    created_at: entry.createdAt.toISOString(),
  }));
  await database.query(
    `INSERT INTO course_generation_logs (severity, job_id, user_id, trace_id, event, message, details, error_name, error_stack, suggestion, created_at)
     SELECT severity, job_id, user_id, trace_id, event, message, COALESCE(details, '{}'::jsonb), error_name, error_stack, suggestion, created_at
       FROM jsonb_to_recordset($1::jsonb) AS entry(${columns})`,
    [JSON.stringify(rows)],
  );
}
