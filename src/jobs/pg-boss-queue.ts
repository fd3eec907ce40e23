import type pg from "pg";
import { fromPglite, PgBoss, type Db } from "pg-boss";
import type { Database } from "../db/port.ts";
import { CourseforgeError, throwIfAborted } from "../errors/index.ts";
import { startFetchLoop, type FetchLoop } from "./fetch-loop.ts";
import { courseQueueName, type JobQueue } from "./queue.ts";

/** Where and how the pg-boss queue runs. */
export interface PgBossQueueOptions {
  /** The Courseforge database; pg-boss keeps its tables in `schema` of the same database. */
  readonly database: Database;
  /** pg-boss's own schema (created when missing), e.g. `pgboss`. */
  readonly schema: string;
  /** How often an idle worker looks for new jobs (seconds, >= 0.5). */
  readonly pollingSeconds: number;
  /** Which queue this handle sends to and works on (default the course-generation queue). */
  readonly queueName?: string;
  /** pg-boss's background errors (maintenance, polling): they do not stop the queue. */
  readonly onError?: (error: Error) => void;
  readonly signal?: AbortSignal;
}

/** The queue could not be started (schema creation or migration failed, database unreachable). */
export class QueueUnavailableError extends CourseforgeError {
  static readonly code = "QUEUE_UNAVAILABLE";
  constructor(message: string, cause: unknown) {
    super("QUEUE_UNAVAILABLE", message, {
      cause,
      retryable: true,
      suggestion: "Check that the database is reachable and that the role may create the queue schema.",
    });
  }
}

// A message that keeps failing (database outage) is retried with backoff, then dropped: the job
// row stays queued or running and the sweeper sends it again.
const queueOptions = {
  policy: "short",
  retryLimit: 5,
  retryDelay: 2,
  retryBackoff: true,
  retryDelayMax: 60,
  // The job row's heartbeat decides when a worker is dead; pg-boss's own expiry only bounds how
  // long a message of a vanished worker stays active.
  expireInSeconds: 6 * 3_600,
  deleteAfterSeconds: 24 * 3_600,
} as const;

// pg-boss runs its SQL through the same pool as the rest of Courseforge: one pool per process to
// size and to close. Multi-statement scripts without parameters return one result per statement,
// which pg-boss unwraps itself, as with its own pool.
function poolDb(pool: pg.Pool): Db {
  return { executeSql: async (text, values) => pool.query(text, values) };
}

/**
 * Starts pg-boss on the Courseforge database (PGlite through `fromPglite`, Postgres through the
 * database's pool), creating its schema and the course queue when missing.
 */
export async function openPgBossQueue(options: PgBossQueueOptions): Promise<JobQueue> {
  throwIfAborted(options.signal);
  const queueName = options.queueName ?? courseQueueName;
  const raw = options.database.raw();
  const boss = new PgBoss({
    db: raw.kind === "pglite" ? fromPglite(raw.client) : poolDb(raw.pool),
    backend: raw.kind === "pglite" ? "pglite" : "postgres",
    schema: options.schema,
    schedule: false,
  });
  boss.on("error", (error: Error) => options.onError?.(error));
  try {
    await boss.start();
    await boss.createQueue(queueName, queueOptions);
  } catch (error) {
    await boss.stop({ graceful: false, close: false }).catch(() => undefined);
    throw new QueueUnavailableError(
      `Cannot start the job queue in schema ${options.schema}: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
  let stopping: Promise<void> | undefined;
  const closing = new AbortController();
  const loops: FetchLoop[] = [];
  return {
    async enqueue(jobId, priority, signal, enqueueOptions) {
      throwIfAborted(signal);
      const transaction = enqueueOptions?.transaction;
      // pg-boss runs its insert through `db` when given: here, inside the caller's transaction.
      const db: Db | undefined = transaction && {
        executeSql: async (text, values) => ({ rows: await transaction.query(text, values ?? [], { signal }) }),
      };
      await boss.send(queueName, { jobId }, { priority, singletonKey: jobId, ...(db === undefined ? {} : { db }) });
      // Sent within a transaction, the message is visible once it commits: the caller wakes then.
      if (db === undefined) for (const loop of loops) loop.wake();
    },
    async work(handler, workOptions) {
      throwIfAborted(workOptions.signal);
      const loop = startFetchLoop({
        fetch: async (limit) =>
          (await boss.fetch<{ jobId: string }>(queueName, { batchSize: limit })).map((job) => ({
            id: job.id,
            jobId: job.data.jobId,
          })),
        complete: async (message) => void (await boss.complete(queueName, message.id)),
        fail: async (message, error) => void (await boss.fail(queueName, message.id, { message: error.message })),
        handler,
        concurrency: workOptions.concurrency,
        pollingMs: options.pollingSeconds * 1_000,
        onError: (error) => options.onError?.(error),
        signal: AbortSignal.any([workOptions.signal, closing.signal]),
      });
      loops.push(loop);
    },
    async take(limit, signal) {
      throwIfAborted(signal);
      const fetched = await boss.fetch<{ jobId: string }>(queueName, { batchSize: limit });
      return fetched.map((message) => ({
        jobId: message.data.jobId,
        complete: async () => void (await boss.complete(queueName, message.id)),
        fail: async (error: Error) => void (await boss.fail(queueName, message.id, { message: error.message })),
      }));
    },
    wake() {
      for (const loop of loops) loop.wake();
    },
    stop() {
      stopping ??= (async () => {
        closing.abort();
        const handlersTimeout = AbortSignal.timeout(30_000);
        await Promise.race([
          Promise.all(loops.map((loop) => loop.settled())),
          new Promise((resolve) => handlersTimeout.addEventListener("abort", resolve, { once: true })),
        ]);
        // `close: false`: the database (and its pool) belong to the caller, who closes it after this.
        await boss.stop({ graceful: true, close: false, timeout: 30_000 });
      })();
      return stopping;
    },
  };
}
