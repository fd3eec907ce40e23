import type { Database, Queryable } from "../db/port.ts";
import type { StepCheckpoint } from "../generation/ports.ts";
import type { LlmCallRecord } from "../llm/types.ts";
import type { InsertGuard } from "./jobs.ts";
import { callRecordsJson, insertCallsFromJson, onAttemptConflict, settleInFlight } from "./llm-calls.ts";

interface StepRecord extends Record<string, unknown> {
  step: string;
  output: unknown;
  prompt_tokens: number;
  completion_tokens: number;
  cached_prompt_tokens: number;
  cost_usd: number;
  attempts: number;
  duration_ms: number;
}

/** Reads every succeeded step of a job, by step name. */
export async function loadCheckpoints(
  database: Database,
  jobId: string,
  signal?: AbortSignal,
): Promise<Map<string, StepCheckpoint>> {
  const records = await database.query<StepRecord>(
    `SELECT step, output, prompt_tokens, completion_tokens, cached_prompt_tokens, cost_usd, attempts, duration_ms
       FROM course_generation_job_steps WHERE job_id = $1 AND status = 'succeeded'`,
    [jobId],
    { signal },
  );
  return new Map(
    records.map((record) => [
      record.step,
      {
        step: record.step,
        output: record.output,
        promptTokens: record.prompt_tokens,
        completionTokens: record.completion_tokens,
        cachedPromptTokens: record.cached_prompt_tokens,
        costUsd: record.cost_usd,
        attempts: record.attempts,
        durationMs: record.duration_ms,
      },
    ]),
  );
}

/** What a finished step stores besides its checkpoint: its deferred call records and its `step.finished` event. */
export interface FinishedStep {
  readonly checkpoint: StepCheckpoint;
  /** `llm_calls` rows not yet stored (the successful attempt); earlier attempts were stored as they ended. */
  readonly calls: readonly LlmCallRecord[];
  readonly event: { readonly type: string; readonly data: unknown };
}

// One statement, so one round trip and one commit per finished step. `steps_done` is incremented
// rather than recounted: the UPDATE waits for the job row lock and then re-reads the row, so steps
// finishing at once each add theirs, while a count in the same statement would use the
// statement's snapshot and miss a concurrent step. `prior` keeps a step stored twice from counting
// twice; a call already stored (the same write retried after a lost connection) is not stored again,
// and the call's in-flight row is deleted in the same statement.
const finishStepSql = `WITH prior AS (
    SELECT status FROM course_generation_job_steps WHERE job_id = $1 AND step = $2
  ), saved AS (
    INSERT INTO course_generation_job_steps
      (job_id, step, status, output, prompt_tokens, completion_tokens, cached_prompt_tokens, cost_usd, attempts, duration_ms,
       served_from, saved_prompt_tokens, saved_completion_tokens, saved_cost_usd)
    VALUES ($1, $2, 'succeeded', $3::jsonb, $4, $5, $6, $7, $8, $9, $13, $14, $15, $16)
    ON CONFLICT (job_id, step) DO UPDATE SET status = 'succeeded', output = EXCLUDED.output,
      prompt_tokens = EXCLUDED.prompt_tokens, completion_tokens = EXCLUDED.completion_tokens,
      cached_prompt_tokens = EXCLUDED.cached_prompt_tokens, cost_usd = EXCLUDED.cost_usd,
      attempts = EXCLUDED.attempts, duration_ms = EXCLUDED.duration_ms, served_from = EXCLUDED.served_from,
      saved_prompt_tokens = EXCLUDED.saved_prompt_tokens, saved_completion_tokens = EXCLUDED.saved_completion_tokens,
      saved_cost_usd = EXCLUDED.saved_cost_usd, error_code = NULL, error_message = NULL, finished_at = now()
    RETURNING step
  ), advanced AS (
    UPDATE course_generation_jobs
       SET steps_done = steps_done + CASE WHEN EXISTS (SELECT 1 FROM prior WHERE status = 'succeeded') THEN 0 ELSE 1 END, updated_at = now()
     WHERE id = $1 AND EXISTS (SELECT 1 FROM saved)
    RETURNING id
  ), ${settleInFlight("$10")}, calls AS (
    ${insertCallsFromJson("$10")}
     WHERE call.attempt_id IS NOT NULL
        OR NOT EXISTS (SELECT 1 FROM llm_calls stored WHERE stored.job_id = call.job_id AND stored.step = call.step
                         AND stored.attempt = call.attempt AND stored.started_at = call.started_at)
    ${onAttemptConflict}
    RETURNING id
  )
  INSERT INTO course_generation_events (job_id, type, data)
  SELECT $1, $11, $12::jsonb WHERE NOT EXISTS (SELECT 1 FROM prior WHERE status = 'succeeded')
  RETURNING id`;

/**
 * Stores a succeeded step, its remaining call records, its progress event and the job's step
 * count in one statement: a crash leaves all or none, and the event is replayable as soon as the
 * checkpoint exists. Storing a step again (a write retried after its commit was lost) changes
 * neither the count, nor the calls, nor the events. Takes no signal on purpose: a step that was
 * paid for is kept even while its job is being canceled.
 */
export async function saveFinishedStep(database: Queryable, jobId: string, finished: FinishedStep): Promise<void> {
  const { checkpoint, calls, event } = finished;
  await database.query(finishStepSql, [
    jobId,
    checkpoint.step,
    JSON.stringify(checkpoint.output),
    checkpoint.promptTokens,
    checkpoint.completionTokens,
    checkpoint.cachedPromptTokens,
    checkpoint.costUsd,
    checkpoint.attempts,
    Math.round(checkpoint.durationMs),
    callRecordsJson(calls),
    event.type,
    JSON.stringify(event.data),
    checkpoint.servedFrom ?? null,
    checkpoint.saved?.promptTokens ?? 0,
    checkpoint.saved?.completionTokens ?? 0,
    checkpoint.saved?.costUsd ?? 0,
  ]);
}

/** Records a step that failed for good (its attempts are in `llm_calls`). */
export async function saveStepFailure(
  database: Database,
  jobId: string,
  failure: { step: string; code: string; message: string; attempts: number },
  signal?: AbortSignal,
): Promise<void> {
  await database.query(
    `INSERT INTO course_generation_job_steps (job_id, step, status, attempts, error_code, error_message)
     VALUES ($1, $2, 'failed', $3, $4, $5)
     ON CONFLICT (job_id, step) DO UPDATE SET status = 'failed', attempts = EXCLUDED.attempts,
       error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message, finished_at = now()
     WHERE course_generation_job_steps.status <> 'succeeded'`,
    [jobId, failure.step, failure.attempts, failure.code, failure.message],
    { signal },
  );
}

/** The stored output of one succeeded step, or `undefined`. */
export async function loadStepOutput(
  database: Queryable,
  jobId: string,
  step: string,
  signal?: AbortSignal,
): Promise<unknown> {
  const [record] = await database.query<{ output: unknown }>(
    `SELECT output FROM course_generation_job_steps WHERE job_id = $1 AND step = $2 AND status = 'succeeded'`,
    [jobId, step],
    { signal },
  );
  return record?.output;
}

/** The outcome of {@link replaceOutlineCheckpoint}. */
export interface ReplacedOutline {
  /** False when nothing changed: the job is not awaiting approval, or the guard refused the edit. */
  readonly replaced: boolean;
  /** The guard's columns (see {@link InsertGuard}); `undefined` when the guarded statement did not run (the job was not awaiting approval). */
  readonly guard: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Replaces the outline checkpoint of a job awaiting approval with an edited one, in one transaction:
 * drops every other step (their ids may mean other lessons now), sets the job's step counts and
 * records the edited size in its `request` (the request as submitted is kept in
 * `submitted_request`, which idempotent replays are compared with). With a `guard` (the limits'
 * admission of an edit that grows the job), the job is changed only when the guard admits it, and
 * the guard's CTEs see the updated job row as `job`. Changes nothing when the job is not awaiting
 * approval or the guard refuses.
 */
export async function replaceOutlineCheckpoint(
  database: Database,
  jobId: string,
  edit: {
    readonly outline: unknown;
    readonly stepsTotal: number;
    readonly request: unknown;
    readonly guard?: InsertGuard;
  },
  signal?: AbortSignal,
): Promise<ReplacedOutline> {
  const refused = { replaced: false, guard: undefined };
  return database.transaction(
    async (transaction) => {
      const [job] = await transaction.query<{ status: string }>(
        `SELECT status FROM course_generation_jobs WHERE id = $1 FOR UPDATE`,
        [jobId],
      );
      if (job?.status !== "awaiting_approval") return refused;
      const [outlineStep] = await transaction.query(
        `SELECT step FROM course_generation_job_steps WHERE job_id = $1 AND step = 'outline' AND status = 'succeeded'`,
        [jobId],
      );
      if (outlineStep === undefined) return refused;
      const parameters: unknown[] = [jobId, JSON.stringify(edit.request), edit.stepsTotal];
      const bind = (value: unknown) => `$${parameters.push(value)}`;
      const parts = edit.guard?.sql(bind) ?? { before: "", condition: "true", after: "", columns: "" };
      const [record] = await transaction.query<Record<string, unknown>>(
        `WITH ${parts.before === "" ? "" : `${parts.before},`}
         job AS (
           UPDATE course_generation_jobs
              SET submitted_request = coalesce(submitted_request, request), request = $2::jsonb,
                  steps_total = $3, steps_done = 1, updated_at = now()
            WHERE id = $1 AND ${parts.condition}
           RETURNING *
         )${parts.after === "" ? "" : `, ${parts.after}`}
         SELECT ${parts.columns === "" ? "" : `${parts.columns},`} job.id AS edited_job FROM (SELECT 1) AS guarded LEFT JOIN job ON true`,
        parameters,
      );
      const guard = record ?? {};
      if (record?.edited_job === null || record?.edited_job === undefined) return { replaced: false, guard };
      await transaction.query(
        `UPDATE course_generation_job_steps SET output = $2::jsonb, finished_at = now() WHERE job_id = $1 AND step = 'outline'`,
        [jobId, JSON.stringify(edit.outline)],
      );
      await transaction.query(`DELETE FROM course_generation_job_steps WHERE job_id = $1 AND step <> 'outline'`, [
        jobId,
      ]);
      return { replaced: true, guard };
    },
    { signal },
  );
}

/** What the steps of a job served without a model call saved (answer cache, reused course). */
export interface JobSavings {
  readonly steps: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly costUsd: number;
}

/** Sums {@link JobSavings} over a job's succeeded steps. */
export async function sumSavingsOfJob(database: Queryable, jobId: string, signal?: AbortSignal): Promise<JobSavings> {
  const [row] = await database.query<{
    steps: number;
    prompt_tokens: number;
    completion_tokens: number;
    cost_usd: number;
  }>(
    `SELECT count(*) FILTER (WHERE served_from IS NOT NULL)::bigint AS steps,
            coalesce(sum(saved_prompt_tokens), 0)::bigint AS prompt_tokens,
            coalesce(sum(saved_completion_tokens), 0)::bigint AS completion_tokens,
            coalesce(sum(saved_cost_usd), 0)::numeric AS cost_usd
       FROM course_generation_job_steps WHERE job_id = $1 AND status = 'succeeded'`,
    [jobId],
    { signal },
  );
  return {
    steps: row?.steps ?? 0,
    promptTokens: row?.prompt_tokens ?? 0,
    completionTokens: row?.completion_tokens ?? 0,
    costUsd: row?.cost_usd ?? 0,
  };
}
