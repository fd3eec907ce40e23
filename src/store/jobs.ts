import type { Queryable } from "../db/port.ts";
import { readNewestFirstPage, type PageKey } from "./keyset-page.ts";

/** The states a course generation job moves through. */
/** Every state of a job, in the order a job passes them. */
export const jobStatuses = ["queued", "running", "awaiting_approval", "succeeded", "failed", "canceled"] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** A `course_generation_jobs` row. */
export interface JobRow {
  id: string;
  status: JobStatus;
  /** The request, with the size of an edited outline once one was saved. */
  request: unknown;
  /** The request as submitted (what an idempotent replay is compared with). */
  submittedRequest: unknown;
  /** An outline edit was saved (its text is the owner's own material: docs/cost.md, "Privacy"). */
  outlineEdited?: boolean;
  courseId: string | null;
  stepsTotal: number;
  stepsDone: number;
  failureCode: string | null;
  failureReason: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** The owner; `null` for jobs made outside the service (e.g. by `courseforge generate`). */
  userId: string | null;
  idempotencyKey: string | null;
  /** Higher runs first. */
  priority: number;
  reviewOutline: boolean;
  outlineApprovedAt: Date | null;
  cancelRequestedAt: Date | null;
  /** The worker holding the job while it runs. */
  workerId: string | null;
  heartbeatAt: Date | null;
  /** How many times a worker has claimed the job. */
  attempts: number;
  /** A revision job's order (`{ courseId, target, instruction, basedOn }`); `null` for a job that generates a course. */
  revision: unknown;
}

interface JobRecord extends Record<string, unknown> {
  id: string;
  status: JobStatus;
  request: unknown;
  submitted_request?: unknown;
  course_id: string | null;
  steps_total: number;
  steps_done: number;
  failure_code: string | null;
  failure_reason: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  user_id: string | null;
  idempotency_key: string | null;
  priority: number;
  review_outline: boolean;
  outline_approved_at: Date | null;
  cancel_requested_at: Date | null;
  worker_id: string | null;
  heartbeat_at: Date | null;
  attempts: number;
  revision?: unknown;
}

function toJob(record: JobRecord): JobRow {
  return {
    id: record.id,
    status: record.status,
    request: record.request,
    submittedRequest: record.submitted_request ?? record.request,
    outlineEdited: record.submitted_request !== undefined && record.submitted_request !== null,
    courseId: record.course_id,
    stepsTotal: record.steps_total,
    stepsDone: record.steps_done,
    failureCode: record.failure_code,
    failureReason: record.failure_reason,
    createdAt: record.created_at,
    startedAt: record.started_at,
    finishedAt: record.finished_at,
    userId: record.user_id ?? null,
    idempotencyKey: record.idempotency_key ?? null,
    priority: record.priority ?? 0,
    reviewOutline: record.review_outline ?? false,
    outlineApprovedAt: record.outline_approved_at ?? null,
    cancelRequestedAt: record.cancel_requested_at ?? null,
    workerId: record.worker_id ?? null,
    heartbeatAt: record.heartbeat_at ?? null,
    attempts: record.attempts ?? 0,
    revision: record.revision ?? null,
  };
}

/** Runs an `UPDATE … RETURNING *` (or similar) and maps its one row, if any. */
export async function oneJob(
  database: Queryable,
  sql: string,
  parameters: readonly unknown[],
  signal?: AbortSignal,
): Promise<JobRow | undefined> {
  const [record] = await database.query<JobRecord>(sql, parameters, { signal });
  return record ? toJob(record) : undefined;
}

/** Runs a statement returning job records (`RETURNING *`) and maps them. */
export async function manyJobs(
  database: Queryable,
  sql: string,
  parameters: readonly unknown[],
  signal?: AbortSignal,
): Promise<JobRow[]> {
  const records = await database.query<JobRecord>(sql, parameters, { signal });
  return records.map(toJob);
}

/** Stores a new job in `queued` state. */
export async function insertJob(
  database: Queryable,
  job: { id: string; request: unknown; status?: JobStatus },
  signal?: AbortSignal,
): Promise<void> {
  await database.query(
    `INSERT INTO course_generation_jobs (id, status, request) VALUES ($1, $2, $3::jsonb)`,
    [job.id, job.status ?? "queued", JSON.stringify(job.request)],
    { signal },
  );
}

/** A job submitted through the service, owned by a user. */
export interface NewServiceJob {
  readonly id: string;
  readonly userId: string;
  readonly request: unknown;
  readonly priority: number;
  readonly reviewOutline: boolean;
  readonly idempotencyKey: string | undefined;
  /** The job's first event (e.g. `job.queued`), stored by the same statement, or none. */
  readonly firstEvent?: { readonly type: string; readonly data: unknown } | undefined;
  /** For a revision job: what to revise (stored in `revision`; at most one active per course). */
  readonly revision?: unknown;
}

/**
 * A condition a job insert runs under, checked in the same statement (the rate limits of
 * src/limits): CTEs before the insert, the boolean the insert needs, CTEs after it that may read
 * the inserted row (CTE `job`, empty when nothing was inserted), and columns added to the result.
 * `bind` adds a statement parameter and returns its placeholder (`$9`).
 */
export interface InsertGuard {
  sql(bind: (value: unknown) => string): {
    readonly before: string;
    readonly condition: string;
    readonly after: string;
    readonly columns: string;
  };
}

/** What {@link insertGuardedServiceJob} returns: the job, if inserted, and the guard's columns. */
export interface GuardedJobInsert {
  readonly job: JobRow | undefined;
  readonly guard: Record<string, unknown>;
}

/**
 * Stores a queued job of a user, and its first event when given. With an idempotency key the user
 * already used, stores nothing and returns `undefined` (the unique index decides, so two racing
 * requests make one job).
 */
export async function insertServiceJob(
  database: Queryable,
  job: NewServiceJob,
  signal?: AbortSignal,
): Promise<JobRow | undefined> {
  return (await insertGuardedServiceJob(database, job, undefined, signal)).job;
}

/**
 * {@link insertServiceJob} under a guard: the job is stored only when `guard`'s condition holds,
 * and the guard's own writes (a rate limit charge) commit or roll back with it — one statement,
 * one round trip, one commit.
 */
export async function insertGuardedServiceJob(
  database: Queryable,
  job: NewServiceJob,
  guard: InsertGuard | undefined,
  signal?: AbortSignal,
): Promise<GuardedJobInsert> {
  const parameters: unknown[] = [
    job.id,
    JSON.stringify(job.request),
    job.userId,
    job.priority,
    job.reviewOutline,
    job.idempotencyKey ?? null,
    job.firstEvent?.type ?? null,
    job.firstEvent === undefined ? null : JSON.stringify(job.firstEvent.data),
    job.revision === undefined ? null : JSON.stringify(job.revision),
  ];
  const bind = (value: unknown) => `$${parameters.push(value)}`;
  const parts = guard?.sql(bind) ?? { before: "", condition: "true", after: "", columns: "" };
  // One statement for the job and its event: one round trip and one commit (a WAL flush) on the
  // submit path instead of two, and never a job without its event.
  const [record] = await database.query<Record<string, unknown>>(
    `WITH ${parts.before === "" ? "" : `${parts.before},`}
     job AS (
       INSERT INTO course_generation_jobs (id, status, request, user_id, priority, review_outline, idempotency_key, revision, course_id)
       SELECT $1::text, 'queued', $2::jsonb, $3::text, $4::integer, $5::boolean, $6::text, $9::jsonb, $9::jsonb ->> 'courseId' WHERE ${parts.condition}
       ON CONFLICT (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING *
     ), event AS (
       INSERT INTO course_generation_events (job_id, type, data)
       SELECT id, $7, $8::jsonb FROM job WHERE $7::text IS NOT NULL
     )${parts.after === "" ? "" : `, ${parts.after}`}
     SELECT ${parts.columns === "" ? "" : `${parts.columns},`} job.* FROM (SELECT 1) AS guarded LEFT JOIN job ON true`,
    parameters,
    { signal },
  );
  const inserted = record !== undefined && record.id !== null && record.id !== undefined;
  return { job: inserted ? toJob(record as JobRecord) : undefined, guard: record ?? {} };
}

/** Reads one job, or `undefined`. */
export async function findJob(database: Queryable, id: string, signal?: AbortSignal): Promise<JobRow | undefined> {
  return oneJob(database, `SELECT * FROM course_generation_jobs WHERE id = $1`, [id], signal);
}

/** Reads one job if `reader` may see it: its owner, or anyone when `reader.userId` is `undefined` (admins). */
export async function findJobOfUser(
  database: Queryable,
  id: string,
  reader: { userId: string | undefined },
  signal?: AbortSignal,
): Promise<JobRow | undefined> {
  return oneJob(
    database,
    `SELECT * FROM course_generation_jobs WHERE id = $1 AND ($2::text IS NULL OR user_id = $2)`,
    [id, reader.userId ?? null],
    signal,
  );
}

/**
 * A page of jobs, newest first: of `userId`, or of everyone when it is `undefined` (admins), in
 * one state or all; pass the returned `next` as `after` for the following page.
 */
export async function listJobsOfUser(
  database: Queryable,
  options: {
    readonly userId: string | undefined;
    readonly status?: JobStatus | undefined;
    readonly limit: number;
    readonly after?: PageKey | undefined;
  },
  signal?: AbortSignal,
): Promise<{ jobs: JobRow[]; next: PageKey | undefined }> {
  const page = await readNewestFirstPage<JobRecord>(
    database,
    {
      table: "course_generation_jobs",
      columns: "*",
      where: { user_id: options.userId, status: options.status },
      limit: options.limit,
      after: options.after,
    },
    signal,
  );
  return { jobs: page.rows.map(toJob), next: page.next };
}

/** Reads the job a user made with an idempotency key, or `undefined`. */
export async function findJobByIdempotencyKey(
  database: Queryable,
  userId: string,
  key: string,
  signal?: AbortSignal,
): Promise<JobRow | undefined> {
  return oneJob(
    database,
    `SELECT * FROM course_generation_jobs WHERE user_id = $1 AND idempotency_key = $2`,
    [userId, key],
    signal,
  );
}

/** Marks a job running with its total step count (kept across resumes). */
export async function markJobRunning(
  database: Queryable,
  id: string,
  stepsTotal: number,
  signal?: AbortSignal,
): Promise<void> {
  await database.query(
    `UPDATE course_generation_jobs SET status = 'running', steps_total = $2, started_at = COALESCE(started_at, now()), updated_at = now() WHERE id = $1`,
    [id, stepsTotal],
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

/** Sets a job's planned step count (after its outline changed). */
export async function setJobStepsTotal(
  database: Queryable,
  id: string,
  stepsTotal: number,
  signal?: AbortSignal,
): Promise<void> {
  await database.query(
    `UPDATE course_generation_jobs SET steps_total = $2,
       steps_done = (SELECT count(*) FROM course_generation_job_steps WHERE job_id = $1 AND status = 'succeeded'), updated_at = now()
     WHERE id = $1`,
    [id, stepsTotal],
    { signal },
  );
}

/**
 * Asks a job to stop. A job no worker holds (queued, awaiting approval) is canceled at once; a
 * running one gets `cancel_requested_at`, which its worker sees at its next heartbeat. Returns
 * the job as it is afterwards, or `undefined` when it has already ended (nothing changed).
 */
export async function requestJobCancel(
  database: Queryable,
  id: string,
  signal?: AbortSignal,
): Promise<JobRow | undefined> {
  return oneJob(
    database,
    `UPDATE course_generation_jobs SET
       cancel_requested_at = COALESCE(cancel_requested_at, now()),
       status = CASE WHEN status = 'running' THEN status ELSE 'canceled' END,
       failure_code = CASE WHEN status = 'running' THEN failure_code ELSE 'CANCELED' END,
       failure_reason = CASE WHEN status = 'running' THEN failure_reason ELSE 'Canceled on request.' END,
       finished_at = CASE WHEN status = 'running' THEN finished_at ELSE now() END,
       updated_at = now()
     WHERE id = $1 AND status IN ('queued', 'running', 'awaiting_approval')
     RETURNING *`,
    [id],
    signal,
  );
}

/** Approves the outline of a job awaiting approval and queues it again; `undefined` when it was not awaiting approval. */
export async function approveJobOutline(
  database: Queryable,
  id: string,
  signal?: AbortSignal,
): Promise<JobRow | undefined> {
  return oneJob(
    database,
    `UPDATE course_generation_jobs SET outline_approved_at = now(), status = 'queued', updated_at = now()
     WHERE id = $1 AND status = 'awaiting_approval' RETURNING *`,
    [id],
    signal,
  );
}

/** How many jobs wait in `queued` (for a tick that had too little time to take any). */
export async function countQueuedJobs(database: Queryable, signal?: AbortSignal): Promise<number> {
  const [record] = await database.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM course_generation_jobs WHERE status = 'queued'`,
    [],
    { signal },
  );
  return Number(record?.count ?? 0);
}

/**
 * Puts a job that a budget stopped (failed with `BUDGET_EXCEEDED`) back in the queue, its
 * checkpoints kept; `undefined` when it is not such a job. The next run reserves again: it stops
 * at once, for nothing, if the cap is still too low.
 */
export async function resumeBudgetStoppedJob(
  database: Queryable,
  id: string,
  signal?: AbortSignal,
): Promise<JobRow | undefined> {
  return oneJob(
    database,
    `UPDATE course_generation_jobs SET status = 'queued', failure_code = NULL, failure_reason = NULL, finished_at = NULL, updated_at = now()
     WHERE id = $1 AND status = 'failed' AND failure_code = 'BUDGET_EXCEEDED' RETURNING *`,
    [id],
    signal,
  );
}
