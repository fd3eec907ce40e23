import type { Database, Queryable } from "../db/port.ts";
import type { StepCheckpoint } from "../generation/ports.ts";

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
export async function loadCheckpoints(database: Database, jobId: string, signal?: AbortSignal): Promise<Map<string, StepCheckpoint>> {
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

/**
 * Stores a succeeded step and advances the job's progress in one transaction, so a crash leaves
 * either both or neither.
 */
export async function saveCheckpoint(database: Database, jobId: string, checkpoint: StepCheckpoint, signal?: AbortSignal): Promise<void> {
  await database.transaction(
    async (transaction) => {
      // Lock the job row first: steps finishing at once then count one after the other, each
      // seeing the others' committed steps (a count taken without the lock misses them).
      await transaction.query(`SELECT 1 FROM course_generation_jobs WHERE id = $1 FOR UPDATE`, [jobId]);
      await transaction.query(
        `INSERT INTO course_generation_job_steps
           (job_id, step, status, output, prompt_tokens, completion_tokens, cached_prompt_tokens, cost_usd, attempts, duration_ms)
         VALUES ($1, $2, 'succeeded', $3::jsonb, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (job_id, step) DO UPDATE SET status = 'succeeded', output = EXCLUDED.output,
           prompt_tokens = EXCLUDED.prompt_tokens, completion_tokens = EXCLUDED.completion_tokens,
           cached_prompt_tokens = EXCLUDED.cached_prompt_tokens, cost_usd = EXCLUDED.cost_usd,
           attempts = EXCLUDED.attempts, duration_ms = EXCLUDED.duration_ms,
           error_code = NULL, error_message = NULL, finished_at = now()`,
        [
          jobId,
          checkpoint.step,
          JSON.stringify(checkpoint.output),
          checkpoint.promptTokens,
          checkpoint.completionTokens,
          checkpoint.cachedPromptTokens,
          checkpoint.costUsd,
          checkpoint.attempts,
          Math.round(checkpoint.durationMs),
        ],
      );
      await transaction.query(
        `UPDATE course_generation_jobs SET steps_done = (SELECT count(*) FROM course_generation_job_steps WHERE job_id = $1 AND status = 'succeeded'), updated_at = now() WHERE id = $1`,
        [jobId],
      );
    },
    { signal },
  );
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
export async function loadStepOutput(database: Queryable, jobId: string, step: string, signal?: AbortSignal): Promise<unknown> {
  const [record] = await database.query<{ output: unknown }>(
    `SELECT output FROM course_generation_job_steps WHERE job_id = $1 AND step = $2 AND status = 'succeeded'`,
    [jobId, step],
    { signal },
  );
  return record?.output;
}

/**
 * Replaces the outline checkpoint of a job awaiting approval (one transaction, the job row locked),
 * drops every other step (their ids may mean other lessons now) and sets the job's step counts.
 * Returns `false`, changing nothing, when the job is not awaiting approval.
 */
export async function replaceOutlineCheckpoint(
  database: Database,
  jobId: string,
  outline: unknown,
  stepsTotal: number,
  signal?: AbortSignal,
): Promise<boolean> {
  return database.transaction(
    async (transaction) => {
      const [job] = await transaction.query<{ status: string }>(`SELECT status FROM course_generation_jobs WHERE id = $1 FOR UPDATE`, [jobId]);
      if (job?.status !== "awaiting_approval") return false;
      const [updated] = await transaction.query(
        `UPDATE course_generation_job_steps SET output = $2::jsonb, finished_at = now() WHERE job_id = $1 AND step = 'outline' AND status = 'succeeded' RETURNING step`,
        [jobId, JSON.stringify(outline)],
      );
      if (updated === undefined) return false;
      await transaction.query(`DELETE FROM course_generation_job_steps WHERE job_id = $1 AND step <> 'outline'`, [jobId]);
      await transaction.query(`UPDATE course_generation_jobs SET steps_total = $2, steps_done = 1, updated_at = now() WHERE id = $1`, [jobId, stepsTotal]);
      return true;
    },
    { signal },
  );
}
