/** Reads a job's model calls back from the `llm_calls` table. */
import type { Queryable } from "../../src/db/index.ts";

/** One attempt of one model call of a job. */
export interface JobCall {
  readonly step: string;
  readonly model: string;
  readonly attempt: number;
  readonly outcome: string;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cachedPromptTokens: number;
  /** As measured by the client around the provider call. */
  readonly latencyMs: number;
  readonly startedAt: Date;
}

/** Every recorded attempt of the job, oldest first. */
export async function readJobCalls(database: Queryable, jobId: string, signal: AbortSignal): Promise<JobCall[]> {
  const rows = await database.query<{
    step: string;
    model: string;
    attempt: number;
    outcome: string;
    prompt_tokens: number;
    completion_tokens: number;
    cached_prompt_tokens: number;
    latency_ms: number;
    started_at: Date;
  }>(
    `SELECT step, model, attempt, outcome, prompt_tokens, completion_tokens, cached_prompt_tokens, latency_ms, started_at
       FROM llm_calls WHERE job_id = $1 ORDER BY started_at, id`,
    [jobId],
    { signal },
  );
  return rows.map((row) => ({
    step: row.step,
    model: row.model,
    attempt: row.attempt,
    outcome: row.outcome,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    cachedPromptTokens: row.cached_prompt_tokens,
    latencyMs: row.latency_ms,
    startedAt: row.started_at,
  }));
}

/** Token totals over all attempts. */
export function sumCalls(calls: readonly JobCall[]): {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
} {
  return calls.reduce(
    (total, call) => ({
      inputTokens: total.inputTokens + call.promptTokens,
      outputTokens: total.outputTokens + call.completionTokens,
      cachedInputTokens: total.cachedInputTokens + call.cachedPromptTokens,
    }),
    { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 },
  );
}
