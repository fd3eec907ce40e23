import type { Course } from "../course/index.ts";
import type { Database, Queryable } from "../db/port.ts";
import { manyJobs, oneJob, type JobRow } from "./jobs.ts";
import { moveLostCalls } from "./llm-calls.ts";

// A worker holds a job while `status = 'running' AND worker_id = <its id>`; every write of a
// worker is conditioned on that, so a worker that lost its job (taken for dead and re-queued)
// can never overwrite what the job's new worker does.

const held = `id = $1 AND status = 'running' AND worker_id = $2`;

/**
 * Takes the queued jobs among `ids` for `workerId` in one statement; one entry per id, in order,
 * `undefined` for an id that was not queued.
 */
export async function claimJobs(
  database: Queryable,
  ids: readonly string[],
  workerId: string,
  signal?: AbortSignal,
): Promise<(JobRow | undefined)[]> {
  const claimed = await manyJobs(
    database,
    `UPDATE course_generation_jobs SET status = 'running', worker_id = $2, heartbeat_at = now(), attempts = attempts + 1,
       started_at = COALESCE(started_at, now()), updated_at = now()
     WHERE id = ANY($1::text[]) AND status = 'queued' RETURNING *`,
    [[...ids], workerId],
    signal,
  );
  const byId = new Map(claimed.map((job) => [job.id, job]));
  return ids.map((id) => byId.get(id));
}

/**
 * Refreshes the heartbeat of the jobs a worker is running; returns those it still holds, with
 * whether a cancel was asked for. A job missing from the answer was taken from the worker.
 */
export async function heartbeatJobs(
  database: Queryable,
  workerId: string,
  jobIds: readonly string[],
  signal?: AbortSignal,
): Promise<{ id: string; cancelRequested: boolean }[]> {
  if (jobIds.length === 0) return [];
  const records = await database.query<{ id: string; cancel_requested_at: Date | null }>(
    `UPDATE course_generation_jobs SET heartbeat_at = now()
     WHERE id = ANY($1::text[]) AND status = 'running' AND worker_id = $2 RETURNING id, cancel_requested_at`,
    [[...jobIds], workerId],
    { signal },
  );
  return records.map((record) => ({ id: record.id, cancelRequested: record.cancel_requested_at !== null }));
}

/**
 * Gives a held job back (worker shutting down): queued again for another worker, or canceled
 * when a cancel was asked for meanwhile. `undefined` when the worker no longer held it.
 */
export async function releaseJob(
  database: Queryable,
  id: string,
  workerId: string,
  signal?: AbortSignal,
): Promise<JobRow | undefined> {
  return oneJob(
    database,
    `UPDATE course_generation_jobs SET ${releasedColumns}, updated_at = now() WHERE ${held} RETURNING *`,
    [id, workerId],
    signal,
  );
}

const releasedColumns = `worker_id = NULL, heartbeat_at = NULL,
  status = CASE WHEN cancel_requested_at IS NULL THEN 'queued' ELSE 'canceled' END,
  failure_code = CASE WHEN cancel_requested_at IS NULL THEN failure_code ELSE 'CANCELED' END,
  failure_reason = CASE WHEN cancel_requested_at IS NULL THEN failure_reason ELSE 'Canceled on request.' END,
  finished_at = CASE WHEN cancel_requested_at IS NULL THEN finished_at ELSE now() END`;

/**
 * Re-queues (or, with a cancel pending, cancels) every running job whose heartbeat is older than
 * `staleAfterSeconds` by the database clock: its worker died. In the same statement, the model
 * calls its worker left in flight are recorded as `lost` with their estimated tokens and cost
 * ({@link moveLostCalls}), before another worker can take the job. Returns the jobs as changed.
 */
export async function requeueStaleJobs(
  database: Queryable,
  staleAfterSeconds: number,
  signal?: AbortSignal,
): Promise<JobRow[]> {
  return manyJobs(
    database,
    `WITH stale AS (
       UPDATE course_generation_jobs SET ${releasedColumns}, updated_at = now()
        WHERE status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < now() - $1::float8 * interval '1 second')
       RETURNING *
     ), ${moveLostCalls("stale", "$1")}
     SELECT * FROM stale`,
    [staleAfterSeconds],
    signal,
  );
}

/**
 * Queued jobs untouched for `olderThanSeconds`, oldest first, marked as just looked at: their queue
 * message may be lost (a crash between storing and enqueuing), so the sweeper sends one again.
 */
export async function takeIdleQueuedJobs(
  database: Queryable,
  olderThanSeconds: number,
  limit: number,
  signal?: AbortSignal,
): Promise<{ id: string; priority: number }[]> {
  return database.query<{ id: string; priority: number }>(
    `UPDATE course_generation_jobs SET updated_at = now()
     WHERE id IN (SELECT id FROM course_generation_jobs
                  WHERE status = 'queued' AND updated_at < now() - $1::float8 * interval '1 second'
                  ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING id, priority`,
    [olderThanSeconds, limit],
    { signal },
  );
}

/** Pauses a held job after its outline, for review (running → awaiting_approval). */
export async function pauseJobForReview(
  database: Queryable,
  id: string,
  workerId: string,
  signal?: AbortSignal,
): Promise<JobRow | undefined> {
  return oneJob(
    database,
    `UPDATE course_generation_jobs SET status = 'awaiting_approval', worker_id = NULL, heartbeat_at = NULL, updated_at = now() WHERE ${held} RETURNING *`,
    [id, workerId],
    signal,
  );
}

/** Ends a held job that did not succeed; `undefined` when the worker no longer held it. */
export async function endHeldJob(
  database: Queryable,
  id: string,
  workerId: string,
  ending: { status: "failed" | "canceled"; code: string; reason: string },
  signal?: AbortSignal,
): Promise<JobRow | undefined> {
  return oneJob(
    database,
    `UPDATE course_generation_jobs SET status = $3, failure_code = $4, failure_reason = $5, worker_id = NULL, finished_at = now(), updated_at = now()
     WHERE ${held} RETURNING *`,
    [id, workerId, ending.status, ending.code, ending.reason],
    signal,
  );
}

class JobNoLongerHeld extends Error {}

/**
 * Stores a held job's course (owned by the job's user) and marks the job succeeded, in one
 * transaction. Returns `false`, storing nothing, when the worker no longer holds the job.
 */
export async function completeHeldJob(
  database: Database,
  job: { id: string; workerId: string; userId: string | null; course: Course },
  signal?: AbortSignal,
): Promise<boolean> {
  const { course } = job;
  try {
    await database.transaction(
      async (transaction) => {
        await transaction.query(
          `INSERT INTO courses (id, title, topic, language, format_version, document, user_id, job_id) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
          [
            course.id,
            course.title,
            course.topic,
            course.language,
            course.formatVersion,
            JSON.stringify(course),
            job.userId,
            job.id,
          ],
        );
        const [updated] = await transaction.query(
          `UPDATE course_generation_jobs SET status = 'succeeded', course_id = $3, worker_id = NULL, finished_at = now(), updated_at = now()
           WHERE ${held} RETURNING id`,
          [job.id, job.workerId, course.id],
        );
        if (updated === undefined) throw new JobNoLongerHeld();
      },
      { signal },
    );
    return true;
  } catch (error) {
    if (error instanceof JobNoLongerHeld) return false;
    throw error;
  }
}
