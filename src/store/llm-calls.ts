import type { Queryable } from "../db/port.ts";
import type { LlmCallRecord, LlmCallRecorder } from "../llm/types.ts";

/** Records every model call attempt in the `llm_calls` table. */
export function createDatabaseCallRecorder(database: Queryable): LlmCallRecorder {
  return {
    // The signal is deliberately not passed on: a call that was paid for is recorded even while its
    // job is being aborted.
    async record(call: LlmCallRecord): Promise<void> {
      await database.query(
        `INSERT INTO llm_calls (job_id, step, task, provider, model, attempt, outcome, prompt_tokens, completion_tokens,
           cached_prompt_tokens, usage_reported, latency_ms, cost_usd, error_message, started_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [
          call.jobId,
          call.step,
          call.task,
          call.provider,
          call.model,
          call.attempt,
          call.outcome,
          call.promptTokens,
          call.completionTokens,
          call.cachedPromptTokens,
          call.usageReported,
          Math.round(call.latencyMs),
          call.costUsd,
          call.errorMessage,
          call.startedAt,
        ],
      );
    },
  };
}

/** Call records as one JSON array parameter, for {@link insertCallsFromJson}. */
export function callRecordsJson(calls: readonly LlmCallRecord[]): string {
  return JSON.stringify(
    calls.map((call) => ({
      job_id: call.jobId,
      step: call.step,
      task: call.task,
      provider: call.provider,
      model: call.model,
      attempt: call.attempt,
      outcome: call.outcome,
      prompt_tokens: call.promptTokens,
      completion_tokens: call.completionTokens,
      cached_prompt_tokens: call.cachedPromptTokens,
      usage_reported: call.usageReported,
      latency_ms: Math.round(call.latencyMs),
      cost_usd: call.costUsd,
      error_message: call.errorMessage,
      started_at: call.startedAt.toISOString(),
    })),
  );
}

/** An `INSERT INTO llm_calls` of the rows in a jsonb array parameter made by {@link callRecordsJson} (no RETURNING). */
export function insertCallsFromJson(parameter: string): string {
  return `INSERT INTO llm_calls (job_id, step, task, provider, model, attempt, outcome, prompt_tokens, completion_tokens,
      cached_prompt_tokens, usage_reported, latency_ms, cost_usd, error_message, started_at)
    SELECT job_id, step, task, provider, model, attempt, outcome, prompt_tokens, completion_tokens,
      cached_prompt_tokens, usage_reported, latency_ms, cost_usd, error_message, started_at
      FROM jsonb_to_recordset(${parameter}::jsonb) AS call(job_id text, step text, task text, provider text, model text,
        attempt integer, outcome text, prompt_tokens bigint, completion_tokens bigint, cached_prompt_tokens bigint,
        usage_reported boolean, latency_ms integer, cost_usd numeric, error_message text, started_at timestamptz)`;
}

/** Totals of a job's model calls (all attempts). */
export interface CallTotals {
  readonly calls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cachedPromptTokens: number;
  readonly costUsd: number;
}

/** Sums a job's recorded model calls. */
export async function sumCallsOfJob(database: Queryable, jobId: string, signal?: AbortSignal): Promise<CallTotals> {
  const [record] = await database.query<{
    calls: number;
    prompt: number | null;
    completion: number | null;
    cached: number | null;
    cost: number | null;
  }>(
    `SELECT count(*) AS calls, sum(prompt_tokens) AS prompt, sum(completion_tokens) AS completion,
            sum(cached_prompt_tokens) AS cached, sum(cost_usd) AS cost
       FROM llm_calls WHERE job_id = $1`,
    [jobId],
    { signal },
  );
  return {
    calls: record?.calls ?? 0,
    promptTokens: record?.prompt ?? 0,
    completionTokens: record?.completion ?? 0,
    cachedPromptTokens: record?.cached ?? 0,
    costUsd: record?.cost ?? 0,
  };
}
