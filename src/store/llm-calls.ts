import type { Queryable } from "../db/port.ts";
import type { InFlightCall, LlmCallRecord, LlmCallRecorder } from "../llm/types.ts";
import { createBatcher } from "./batcher.ts";

/**
 * Records every model call attempt in the `llm_calls` table. An attempt is first written to
 * `llm_calls_in_flight` before it is sent (attempts begun together share one statement); its
 * `llm_calls` row is then stored and its in-flight row deleted in one statement, so a crash leaves
 * either, never neither. {@link settleLostCalls} turns what a dead worker left in flight into rows.
 */
export function createDatabaseCallRecorder(database: Queryable): LlmCallRecorder {
  const begin = createBatcher<InFlightCall, void>(async (calls) => {
    await database.query(insertInFlightSql, [inFlightJson(calls)]);
    return calls.map(() => undefined);
  });
  return {
    // No signal: an attempt about to be paid for is recorded even while its job is being aborted
    // (the caller checks the signal before sending).
    begin: (call) => begin(call),
    // The signal is deliberately not passed on: a call that was paid for is recorded even while its
    // job is being aborted.
    async record(call: LlmCallRecord): Promise<void> {
      await database.query(`WITH ${settleInFlight("$1")} ${insertCallsFromJson("$1")} ${onAttemptConflict}`, [
        callRecordsJson([call]),
      ]);
    },
  };
}

const insertInFlightSql = `INSERT INTO llm_calls_in_flight (attempt_id, job_id, step, task, provider, model, attempt,
    prompt_tokens, completion_tokens, cost_usd, started_at)
  SELECT attempt_id, job_id, step, task, provider, model, attempt, prompt_tokens, completion_tokens, cost_usd, started_at
    FROM jsonb_to_recordset($1::jsonb) AS call(attempt_id text, job_id text, step text, task text, provider text,
      model text, attempt integer, prompt_tokens bigint, completion_tokens bigint, cost_usd numeric, started_at timestamptz)
  ON CONFLICT (attempt_id) DO NOTHING`;

function inFlightJson(calls: readonly InFlightCall[]): string {
  return JSON.stringify(
    calls.map((call) => ({
      attempt_id: call.attemptId,
      job_id: call.jobId,
      step: call.step,
      task: call.task,
      provider: call.provider,
      model: call.model,
      attempt: call.attempt,
      prompt_tokens: call.promptTokens,
      completion_tokens: call.completionTokens,
      cost_usd: call.costUsd,
      started_at: call.startedAt.toISOString(),
    })),
  );
}

/**
 * A CTE (`settled_in_flight AS (…)`) deleting the in-flight rows of the calls in a jsonb array
 * parameter made by {@link callRecordsJson}; to precede {@link insertCallsFromJson} in one statement.
 */
export function settleInFlight(parameter: string): string {
  return `settled_in_flight AS (
    DELETE FROM llm_calls_in_flight
     WHERE attempt_id IN (SELECT call->>'attempt_id' FROM jsonb_array_elements(${parameter}::jsonb) AS settled(call))
  )`;
}

/** Call records as one JSON array parameter, for {@link insertCallsFromJson}. */
export function callRecordsJson(calls: readonly LlmCallRecord[]): string {
  return JSON.stringify(
    calls.map((call) => ({
      attempt_id: call.attemptId ?? null,
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

const callColumns = `attempt_id, job_id, step, task, provider, model, attempt, outcome, prompt_tokens, completion_tokens,
      cached_prompt_tokens, usage_reported, latency_ms, cost_usd, error_message, started_at`;

/**
 * An `INSERT INTO llm_calls` of the rows in a jsonb array parameter made by {@link callRecordsJson}
 * (no RETURNING; may be followed by a WHERE on `call`). A row whose attempt was already declared
 * lost replaces that estimate when followed by {@link onAttemptConflict}.
 */
export function insertCallsFromJson(parameter: string): string {
  return `INSERT INTO llm_calls (${callColumns})
    SELECT ${callColumns}
      FROM jsonb_to_recordset(${parameter}::jsonb) AS call(attempt_id text, job_id text, step text, task text,
        provider text, model text, attempt integer, outcome text, prompt_tokens bigint, completion_tokens bigint,
        cached_prompt_tokens bigint, usage_reported boolean, latency_ms integer, cost_usd numeric, error_message text,
        started_at timestamptz)`;
}

/**
 * The ON CONFLICT clause for {@link insertCallsFromJson}: an attempt stored again (a write retried
 * after its commit was lost, or a late settlement of an attempt declared lost) replaces its row.
 */
export const onAttemptConflict = `ON CONFLICT (attempt_id) DO UPDATE SET outcome = EXCLUDED.outcome,
    prompt_tokens = EXCLUDED.prompt_tokens, completion_tokens = EXCLUDED.completion_tokens,
    cached_prompt_tokens = EXCLUDED.cached_prompt_tokens, usage_reported = EXCLUDED.usage_reported,
    latency_ms = EXCLUDED.latency_ms, cost_usd = EXCLUDED.cost_usd, error_message = EXCLUDED.error_message`;

/** The `error_message` of a call declared lost. */
export const lostCallMessage =
  "The worker stopped before this attempt ended (crash or kill): its tokens and cost are estimates (the prompt plus the output token limit).";

/**
 * CTEs that move attempts left in flight into `llm_calls` as outcome `lost`, with their estimated
 * tokens and cost: those of the jobs in the CTE named `staleJobs` (their worker died), and any left
 * for longer than `secondsParameter` by a job that is not running (its settlement failed). An
 * attempt already settled is not counted again.
 */
export function moveLostCalls(staleJobs: string, secondsParameter: string): string {
  return `lost_in_flight AS (
    DELETE FROM llm_calls_in_flight flight
     WHERE flight.job_id IN (SELECT id FROM ${staleJobs})
        OR (flight.created_at < now() - ${secondsParameter}::float8 * interval '1 second'
            AND NOT EXISTS (SELECT 1 FROM course_generation_jobs job WHERE job.id = flight.job_id AND job.status = 'running'))
    RETURNING flight.*
  ), lost_calls AS (
    INSERT INTO llm_calls (${callColumns})
    SELECT attempt_id, job_id, step, task, provider, model, attempt, 'lost', prompt_tokens, completion_tokens, 0, false, 0,
           cost_usd, '${lostCallMessage}', started_at
      FROM lost_in_flight
    ON CONFLICT (attempt_id) DO NOTHING
    RETURNING id
  )`;
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

/** One recorded successful attempt's latency and output size. */
export interface CallLatencySample {
  readonly model: string;
  readonly task: string;
  readonly latencyMs: number;
  readonly completionTokens: number;
}

/**
 * The latest successful attempts per model and task (up to `perTask` each), read from the most
 * recent `window` call rows only, so the query stays cheap on a large table.
 */
export async function recentCallLatencies(
  database: Queryable,
  options: { readonly perTask: number; readonly window: number },
  signal?: AbortSignal,
): Promise<CallLatencySample[]> {
  const records = await database.query<{ model: string; task: string; latency_ms: number; completion_tokens: number }>(
    `SELECT model, task, latency_ms, completion_tokens FROM (
       SELECT model, task, latency_ms, completion_tokens,
              row_number() OVER (PARTITION BY model, task ORDER BY id DESC) AS position
         FROM llm_calls
        WHERE outcome = 'success' AND id > (SELECT COALESCE(max(id), 0) - $2 FROM llm_calls)
     ) recent WHERE position <= $1`,
    [options.perTask, options.window],
    { signal },
  );
  return records.map((record) => ({
    model: record.model,
    task: record.task,
    latencyMs: Number(record.latency_ms),
    completionTokens: Number(record.completion_tokens),
  }));
}
