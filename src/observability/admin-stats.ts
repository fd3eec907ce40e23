import type { Queryable } from "../db/port.ts";
import { jobStatuses, type JobStatus } from "../store/index.ts";

// What the admin dashboard shows, read from course_generation_jobs and llm_calls. Hours and days
// are UTC, whatever the session's time zone, so that every process and both drivers agree.

/** Jobs that finished in one UTC hour, by how they ended. */
export interface HourOfThroughput {
  readonly hourStart: Date;
  readonly succeeded: number;
  readonly failed: number;
  readonly canceled: number;
}

/** Model call attempts of one model in the window. */
export interface ModelCallStats {
  readonly model: string;
  readonly calls: number;
  /** Attempts whose outcome is not `success`. */
  readonly errors: number;
  /** Latency percentiles over every attempt, errors included. */
  readonly p50LatencyMs: number;
  readonly p95LatencyMs: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cachedPromptTokens: number;
  readonly costUsd: number;
}

/** Spend of one UTC day. */
export interface DayOfCost {
  /** `YYYY-MM-DD` (UTC). */
  readonly day: string;
  readonly costUsd: number;
  readonly calls: number;
}

/** The admin dashboard's figures at one instant. */
export interface AdminStats {
  readonly at: Date;
  readonly jobsByState: Readonly<Record<JobStatus, number>>;
  readonly queueDepth: number;
  /** Created time of the oldest queued job; `null` when none is queued. */
  readonly oldestQueuedAt: Date | null;
  /** The last 24 hours, oldest first, the current (partial) hour last; hours without jobs are 0. */
  readonly throughput: readonly HourOfThroughput[];
  readonly modelWindowHours: number;
  /** By model, most expensive first. */
  readonly modelCalls: readonly ModelCallStats[];
  /** The last 14 days, oldest first, today (partial) last; days without calls are 0. */
  readonly costPerDay: readonly DayOfCost[];
}

/** Options of {@link readAdminStats}. */
export interface AdminStatsOptions {
  /** Window of the model call figures, in hours (default 24). */
  readonly modelWindowHours?: number;
  /** The instant the figures are for (default: now). Rows after it are not counted. */
  readonly now?: Date;
  readonly signal?: AbortSignal;
}

/** Days of cost history the dashboard shows. */
export const costHistoryDays = 14;

const utcHour = `date_trunc('hour', $1::timestamptz AT TIME ZONE 'UTC')`;
const utcDay = `date_trunc('day', $1::timestamptz AT TIME ZONE 'UTC')`;

/** Reads the admin dashboard's figures in four statements. */
export async function readAdminStats(database: Queryable, options: AdminStatsOptions = {}): Promise<AdminStats> {
  const now = options.now ?? new Date();
  const hours = options.modelWindowHours ?? 24;
  const signal = options.signal;

  // Four independent reads: on a pool they run at once; PGlite serialises them anyway.
  const [states, throughput, models, days] = await Promise.all([
    database.query<{ status: string; count: number; oldest: Date | null }>(
      `SELECT status, count(*) AS count, min(created_at) AS oldest FROM course_generation_jobs WHERE created_at <= $1 GROUP BY status`,
      [now],
      { signal },
    ),
    database.query<{ hour_start: Date; succeeded: number; failed: number; canceled: number }>(
      `SELECT hours.start AT TIME ZONE 'UTC' AS hour_start,
              count(j.id) FILTER (WHERE j.status = 'succeeded') AS succeeded,
              count(j.id) FILTER (WHERE j.status = 'failed') AS failed,
              count(j.id) FILTER (WHERE j.status = 'canceled') AS canceled
         FROM generate_series(${utcHour} - interval '23 hours', ${utcHour}, interval '1 hour') AS hours(start)
         LEFT JOIN course_generation_jobs j
           ON j.finished_at >= hours.start AT TIME ZONE 'UTC' AND j.finished_at < (hours.start + interval '1 hour') AT TIME ZONE 'UTC'
          AND j.finished_at <= $1
        GROUP BY hours.start ORDER BY hours.start`,
      [now],
      { signal },
    ),
    database.query<{
      model: string;
      calls: number;
      errors: number;
      p50: number;
      p95: number;
      prompt: number;
      completion: number;
      cached: number;
      cost: number;
    }>(
      `SELECT model, count(*) AS calls, count(*) FILTER (WHERE outcome <> 'success') AS errors,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
              sum(prompt_tokens) AS prompt, sum(completion_tokens) AS completion, sum(cached_prompt_tokens) AS cached, sum(cost_usd) AS cost
         FROM llm_calls WHERE created_at > $1::timestamptz - make_interval(hours => $2::int) AND created_at <= $1
        GROUP BY model ORDER BY sum(cost_usd) DESC, model`,
      [now, hours],
      { signal },
    ),
    database.query<{ day: string; cost: number; calls: number }>(
      `SELECT days.start::date AS day, COALESCE(sum(c.cost_usd), 0) AS cost, count(c.id) AS calls
         FROM generate_series(${utcDay} - interval '${costHistoryDays - 1} days', ${utcDay}, interval '1 day') AS days(start)
         LEFT JOIN llm_calls c
           ON c.created_at >= days.start AT TIME ZONE 'UTC' AND c.created_at < (days.start + interval '1 day') AT TIME ZONE 'UTC'
          AND c.created_at <= $1
        GROUP BY days.start ORDER BY days.start`,
      [now],
      { signal },
    ),
  ]);
  const jobsByState = Object.fromEntries(jobStatuses.map((state) => [state, 0])) as Record<JobStatus, number>;
  for (const row of states) if (row.status in jobsByState) jobsByState[row.status as JobStatus] = row.count;
  const queued = states.find((row) => row.status === "queued");

  return {
    at: now,
    jobsByState,
    queueDepth: queued?.count ?? 0,
    oldestQueuedAt: queued?.oldest ?? null,
    throughput: throughput.map((row) => ({
      hourStart: row.hour_start,
      succeeded: row.succeeded,
      failed: row.failed,
      canceled: row.canceled,
    })),
    modelWindowHours: hours,
    modelCalls: models.map((row) => ({
      model: row.model,
      calls: row.calls,
      errors: row.errors,
      p50LatencyMs: row.p50,
      p95LatencyMs: row.p95,
      promptTokens: row.prompt,
      completionTokens: row.completion,
      cachedPromptTokens: row.cached,
      costUsd: row.cost,
    })),
    costPerDay: days.map((row) => ({ day: row.day, costUsd: row.cost, calls: row.calls })),
  };
}
