import type { Queryable } from "../db/port.ts";
import type { CompletionSizes, RecordedCompletions, StepKind } from "../generation/index.ts";
import { sizingPolicy } from "../generation/index.ts";

/** What {@link readCompletionSizes} reads. */
export interface CompletionSizeQuery {
  /** From 0 to 1, e.g. 0.95. */
  readonly percentile: number;
  /** Only calls recorded since then. */
  readonly since: Date;
  /** The most recent this many successful calls of each task and model. */
  readonly recent: number;
}

/**
 * A high percentile of the completion tokens of recent successful calls, per task and model; an
 * outline's tokens are divided by its course's lesson count (the size it was asked for), so the
 * figure scales to courses of any size. Truncated or failed attempts are left out.
 */
export async function readCompletionSizes(
  database: Queryable,
  query: CompletionSizeQuery,
  signal?: AbortSignal,
): Promise<Map<string, RecordedCompletions>> {
  const rows = await database.query(
    `SELECT task, model, percentile_cont($1::double precision) WITHIN GROUP (ORDER BY per_unit) AS tokens, count(*) AS samples
       FROM (SELECT c.task, c.model,
                    c.completion_tokens::double precision / CASE WHEN c.task = 'outline' THEN greatest(1,
                      coalesce(((coalesce(j.submitted_request, j.request)->>'modules')::int
                              * (coalesce(j.submitted_request, j.request)->>'lessonsPerModule')::int), 1)) ELSE 1 END AS per_unit,
                    row_number() OVER (PARTITION BY c.task, c.model ORDER BY c.created_at DESC) AS recency
               FROM llm_calls c LEFT JOIN course_generation_jobs j ON j.id = c.job_id
              WHERE c.outcome = 'success' AND c.task IN ('outline', 'lesson', 'quiz') AND c.created_at >= $2) recent
      WHERE recency <= $3
      GROUP BY task, model`,
    [query.percentile, query.since, query.recent],
    { signal },
  );
  return new Map(
    rows.map((row) => [
      `${String(row.task)}\u0000${String(row.model)}`,
      { tokens: Number(row.tokens), samples: Number(row.samples) },
    ]),
  );
}

/**
 * The recorded completion sizes of this process's jobs, read from `llm_calls` at most once per
 * `refreshMs` (one query serves every step of every job meanwhile; a failed read sizes steps with
 * the cold-start defaults rather than failing them).
 */
export function createCompletionSizes(
  database: Queryable,
  options: {
    readonly refreshMs?: number;
    readonly now?: () => number;
    readonly days?: number;
    readonly recent?: number;
  } = {},
): CompletionSizes {
  const refreshMs = options.refreshMs ?? 5_000;
  const now = options.now ?? Date.now;
  let current: { readAtMs: number; sizes: Promise<Map<string, RecordedCompletions>> } | undefined;
  const sizes = () => {
    const nowMs = now();
    if (current === undefined || nowMs - current.readAtMs >= refreshMs) {
      current = {
        readAtMs: nowMs,
        sizes: readCompletionSizes(database, {
          percentile: sizingPolicy.percentile,
          since: new Date(nowMs - (options.days ?? 14) * 86_400_000),
          recent: options.recent ?? 500,
        }).catch(() => new Map()),
      };
    }
    return current.sizes;
  };
  return {
    async recorded(task: StepKind, model: string) {
      return (await sizes()).get(`${task}\u0000${model}`);
    },
  };
}
