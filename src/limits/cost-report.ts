import type { Queryable } from "../db/port.ts";

/** One group's cost: dollars, attempts and tokens of its model calls. */
export interface CostLine {
  readonly costUsd: number;
  readonly calls: number;
  readonly tokens: number;
}

/** Cost of model calls since a moment, by user, role, model and UTC day (highest cost first; days in order). */
export interface CostReport {
  readonly since: string;
  readonly totalUsd: number;
  readonly byUser: ReadonlyArray<CostLine & { readonly userId: string | null }>;
  readonly byRole: ReadonlyArray<CostLine & { readonly role: string | null }>;
  readonly byModel: ReadonlyArray<CostLine & { readonly model: string }>;
  readonly byDay: ReadonlyArray<CostLine & { readonly day: string }>;
}

/**
 * The cost report, read from `llm_calls` (every attempt, lost ones at their estimate) joined to the
 * job's user and that user's role; calls of no job (knowledge-base embeddings) have a null user.
 */
export async function readCostReport(
  database: Queryable,
  window: { readonly sinceMs: number },
  signal?: AbortSignal,
): Promise<CostReport> {
  const since = new Date(window.sinceMs);
  const rows = await database.query(
    `WITH calls AS (
       SELECT j.user_id, u.role, c.model, to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
              c.cost_usd, c.prompt_tokens + c.completion_tokens AS tokens
         FROM llm_calls c
         LEFT JOIN course_generation_jobs j ON j.id = c.job_id
         LEFT JOIN users u ON u.id = j.user_id
        WHERE c.created_at >= $1
     )
     SELECT 'user' AS dimension, user_id AS value, sum(cost_usd) AS cost, count(*) AS calls, sum(tokens) AS tokens FROM calls GROUP BY user_id
     UNION ALL SELECT 'role', role, sum(cost_usd), count(*), sum(tokens) FROM calls GROUP BY role
     UNION ALL SELECT 'model', model, sum(cost_usd), count(*), sum(tokens) FROM calls GROUP BY model
     UNION ALL SELECT 'day', day, sum(cost_usd), count(*), sum(tokens) FROM calls GROUP BY day`,
    [since],
    { signal },
  );
  const lines = (dimension: string) =>
    rows
      .filter((row) => row.dimension === dimension)
      .map((row) => ({
        value: row.value === null ? null : String(row.value),
        costUsd: Number(row.cost),
        calls: Number(row.calls),
        tokens: Number(row.tokens),
      }))
      .sort((first, second) => second.costUsd - first.costUsd);
  const strip = ({ value: _value, ...line }: { value: string | null } & CostLine): CostLine => line;
  return {
    since: since.toISOString(),
    totalUsd: lines("model").reduce((total, line) => total + line.costUsd, 0),
    byUser: lines("user").map((line) => ({ userId: line.value, ...strip(line) })),
    byRole: lines("role").map((line) => ({ role: line.value, ...strip(line) })),
    byModel: lines("model").map((line) => ({ model: line.value ?? "", ...strip(line) })),
    byDay: lines("day")
      .map((line) => ({ day: line.value ?? "", ...strip(line) }))
      .sort((first, second) => first.day.localeCompare(second.day)),
  };
}
