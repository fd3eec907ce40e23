import type { Queryable } from "../db/port.ts";

/** The states a course generation job moves through. */
export type JobStatus = "queued" | "running" | "awaiting_approval" | "succeeded" | "failed" | "canceled";

/** A `course_generation_jobs` row. */
export interface JobRow {
  id: string;
  status: JobStatus;
  request: unknown;
  courseId: string | null;
  stepsTotal: number;
  stepsDone: number;
  failureCode: string | null;
  failureReason: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

interface JobRecord extends Record<string, unknown> {
  id: string;
  status: JobStatus;
  request: unknown;
  course_id: string | null;
  steps_total: number;
  steps_done: number;
  failure_code: string | null;
  failure_reason: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

function toJob(record: JobRecord): JobRow {
  return {
    id: record.id,
    status: record.status,
    request: record.request,
    courseId: record.course_id,
    stepsTotal: record.steps_total,
    stepsDone: record.steps_done,
    failureCode: record.failure_code,
    failureReason: record.failure_reason,
    createdAt: record.created_at,
    startedAt: record.started_at,
    finishedAt: record.finished_at,
  };
}

/** Stores a new job in `queued` state. */
export async function insertJob(
  database: Queryable,
  job: { id: string; request: unknown; status?: JobStatus },
  signal?: AbortSignal,
): Promise<void> {
  await database.query(`INSERT INTO course_generation_jobs (id, status, request) VALUES ($1, $2, $3::jsonb)`, [job.id, job.status ?? "queued", JSON.stringify(job.request)], { signal });
}

/** Reads one job, or `undefined`. */
export async function findJob(database: Queryable, id: string, signal?: AbortSignal): Promise<JobRow | undefined> {
  const [record] = await database.query<JobRecord>(`SELECT * FROM course_generation_jobs WHERE id = $1`, [id], { signal });
  return record ? toJob(record) : undefined;
}

/** Marks a job running with its total step count (kept across resumes). */
export async function markJobRunning(database: Queryable, id: string, stepsTotal: number, signal?: AbortSignal): Promise<void> {
  await database.query(
    `UPDATE course_generation_jobs SET status = 'running', steps_total = $2, started_at = COALESCE(started_at, now()), updated_at = now() WHERE id = $1`,
    [id, stepsTotal],
    { signal },
  );
}

/** Marks a job succeeded, pointing at its stored course. */
export async function markJobSucceeded(database: Queryable, id: string, courseId: string, signal?: AbortSignal): Promise<void> {
  await database.query(
    `UPDATE course_generation_jobs SET status = 'succeeded', course_id = $2, finished_at = now(), updated_at = now() WHERE id = $1`,
    [id, courseId],
    { signal },
  );
}

/** Ends a job that did not succeed, with a stable code and a reason a person can act on. */
export async function markJobEnded(
  database: Queryable,
  id: string,
  ending: { status: "failed" | "canceled"; code: string; reason: string },
  signal?: AbortSignal,
): Promise<void> {
  await database.query(
    `UPDATE course_generation_jobs SET status = $2, failure_code = $3, failure_reason = $4, finished_at = now(), updated_at = now() WHERE id = $1`,
    [id, ending.status, ending.code, ending.reason],
    { signal },
  );
}
