import type { Queryable } from "../db/port.ts";
import type { AlertCondition } from "./alert-store.ts";

/** Thresholds of the alert rules. */
export interface AlertThresholds {
  /** Window of the job-failure, error-rate, 429-share and circuit rules (default 15 min). */
  readonly windowMinutes: number;
  /** Share of failed model call attempts, per model, above which `error_rate` fires (default 0.25). */
  readonly errorRate: number;
  /** Share of `LLM_RATE_LIMITED` attempts, per model, above which `rate_limited` fires (default 0.10). */
  readonly rateLimitedShare: number;
  /** Fewest attempts in the window for a share to count (default 20). */
  readonly minimumCalls: number;
  /** Age of the oldest queued job above which `queue_stalled` fires (default 10 min). */
  readonly queueAgeMinutes: number;
  /** Spend of the current UTC day above which `daily_budget` fires; no rule when undefined. */
  readonly dailyBudgetUsd: number | undefined;
}

export const defaultAlertThresholds: AlertThresholds = {
  windowMinutes: 15,
  errorRate: 0.25,
  rateLimitedShare: 0.1,
  minimumCalls: 20,
  queueAgeMinutes: 10,
  dailyBudgetUsd: undefined,
};

/** A rule: the conditions it finds now (an empty list clears its alerts). */
export type AlertRule = (database: Queryable, now: Date, thresholds: AlertThresholds) => Promise<AlertCondition[]>;

const windowStart = (now: Date, thresholds: AlertThresholds) =>
  new Date(now.getTime() - thresholds.windowMinutes * 60_000);
const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** The rules the evaluator runs, by name (the `rule` column). */
export const alertRules: Readonly<Record<string, AlertRule>> = {
  async job_failed(database, now, thresholds) {
    const rows = await database.query(
      `SELECT COALESCE(failure_code, 'UNKNOWN') AS code, count(*) AS count, max(id) AS last_job, max(failure_reason) AS reason
         FROM course_generation_jobs WHERE status = 'failed' AND finished_at > $1 AND finished_at <= $2 GROUP BY 1`,
      [windowStart(now, thresholds), now],
    );
    return rows.map((row) => ({
      key: row.code as string,
      severity: "warning",
      message: `${String(row.count)} job(s) failed with ${String(row.code)} in the last ${thresholds.windowMinutes} min (e.g. ${String(row.last_job)}: ${String(row.reason ?? "")})`,
      details: { code: row.code, jobs: row.count, exampleJobId: row.last_job },
    }));
  },
  async error_rate(database, now, thresholds) {
    return shareRule(
      database,
      now,
      thresholds,
      `outcome <> 'success'`,
      thresholds.errorRate,
      "critical",
      "of model calls failed",
    );
  },
  async rate_limited(database, now, thresholds) {
    return shareRule(
      database,
      now,
      thresholds,
      `outcome = 'LLM_RATE_LIMITED'`,
      thresholds.rateLimitedShare,
      "warning",
      "of model calls were rate limited (429)",
    );
  },
  async queue_stalled(database, now, thresholds) {
    const [row] = await database.query(
      `SELECT min(created_at) AS oldest, count(*) AS depth FROM course_generation_jobs WHERE status = 'queued'`,
    );
    const oldest = row?.oldest as Date | null | undefined;
    if (!oldest) return [];
    const ageMinutes = (now.getTime() - oldest.getTime()) / 60_000;
    if (ageMinutes <= thresholds.queueAgeMinutes) return [];
    return [
      {
        key: "queue",
        severity: "critical",
        message: `The oldest queued job has waited ${Math.round(ageMinutes)} min (${String(row?.depth)} queued): are workers running?`,
        details: { ageMinutes, depth: row?.depth },
      },
    ];
  },
  async daily_budget(database, now, thresholds) {
    if (thresholds.dailyBudgetUsd === undefined) return [];
    const day = now.toISOString().slice(0, 10);
    const [row] = await database.query(
      `SELECT COALESCE(sum(cost_usd), 0) AS spent FROM llm_calls WHERE created_at >= $1 AND created_at <= $2`,
      [new Date(`${day}T00:00:00Z`), now],
    );
    const spent = (row?.spent as number | undefined) ?? 0;
    if (spent <= thresholds.dailyBudgetUsd) return [];
    return [
      {
        key: day,
        severity: "critical",
        message: `Model spend today (${day} UTC) is $${spent.toFixed(2)}, over the $${thresholds.dailyBudgetUsd.toFixed(2)} budget`,
        details: { day, spentUsd: spent, budgetUsd: thresholds.dailyBudgetUsd },
      },
    ];
  },
  async circuit_opened(database, now, thresholds) {
    const rows = await database.query(
      `SELECT COALESCE(details->>'breaker', details->>'model', details->>'name', 'circuit') AS name, count(*) AS count
         FROM course_generation_logs WHERE event = 'circuit.opened' AND created_at > $1 AND created_at <= $2 GROUP BY 1`,
      [windowStart(now, thresholds), now],
    );
    return rows.map((row) => ({
      key: row.name as string,
      severity: "critical",
      message: `Circuit ${String(row.name)} opened ${String(row.count)} time(s) in the last ${thresholds.windowMinutes} min`,
      details: { breaker: row.name, times: row.count },
    }));
  },
};

async function shareRule(
  database: Queryable,
  now: Date,
  thresholds: AlertThresholds,
  predicate: string,
  threshold: number,
  severity: AlertCondition["severity"],
  what: string,
): Promise<AlertCondition[]> {
  const rows = await database.query(
    `SELECT model, count(*) AS total, count(*) FILTER (WHERE ${predicate}) AS matching
       FROM llm_calls WHERE created_at > $1 AND created_at <= $2 GROUP BY model`,
    [windowStart(now, thresholds), now],
  );
  return rows
    .map((row) => ({
      model: row.model as string,
      total: row.total as number,
      share: (row.matching as number) / (row.total as number),
    }))
    .filter((row) => row.total >= thresholds.minimumCalls && row.share > threshold)
    .map((row) => ({
      key: row.model,
      severity,
      message: `${percent(row.share)} ${what} of ${row.model} in the last ${thresholds.windowMinutes} min (${row.total} calls; threshold ${percent(threshold)})`,
      details: { model: row.model, calls: row.total, share: row.share, threshold },
    }));
}
