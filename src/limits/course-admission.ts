import type { InsertGuard } from "../store/index.ts";
import type { Caller } from "../users/index.ts";
import { dayMs, hourMs, retryAfterMs, slackMs, stateOf, type Bucket } from "./buckets.ts";
import { LimitExceededError, reportOf, type LimitReport } from "./errors.ts";
import type { GlobalLease, PrepaidUnit } from "./global-lease.ts";

/** How a job's admission came out, read from the statement that stored (or did not store) it. */
export type AdmissionOutcome =
  | { readonly admitted: true; readonly reports: readonly LimitReport[] }
  | { readonly admitted: false; readonly refusal: LimitExceededError };

/**
 * The limits of one new job, checked and charged in the statement that stores it: every bucket
 * and the token quota in one go, all or nothing, with the job row (docs/limits.md).
 */
export interface JobAdmission {
  /** The SQL to run the job insert under (see `insertGuardedServiceJob`). */
  readonly guard: InsertGuard;
  /** Reads the guard's columns of that statement's result row; `created`: the job row was inserted. */
  read(outcome: Readonly<Record<string, unknown>>, created: boolean): AdmissionOutcome;
  /** The statement failed: gives back what was taken in advance. */
  abandon(): void;
}

/** 00:00 UTC of the day of `nowMs`: when the daily token quota starts counting. */
export function startOfUtcDay(nowMs: number): number {
  return Math.floor(nowMs / dayMs) * dayMs;
}

/** The daily token quota's refusal, for `used` tokens today against `limit`. */
export function quotaExceeded(limit: number, used: number, nowMs: number): LimitExceededError {
  const waitMs = startOfUtcDay(nowMs) + dayMs - nowMs;
  const report = {
    name: "tokens-day",
    quota: limit,
    windowSeconds: dayMs / 1000,
    remaining: 0,
    resetSeconds: Math.ceil(waitMs / 1000),
  };
  return new LimitExceededError(
    "QUOTA_EXCEEDED",
    `Daily token quota reached: ${used} of ${limit} tokens used today (UTC).`,
    report,
    waitMs,
  );
}

/** The refusal of a course bucket with the stored TAT `storedTatMs`. */
export function bucketExceeded(bucket: Bucket, storedTatMs: number | undefined, nowMs: number): LimitExceededError {
  const waitMs = retryAfterMs(bucket, storedTatMs, nowMs);
  const report = {
    ...reportOf(stateOf(bucket, storedTatMs, nowMs)),
    remaining: 0,
    resetSeconds: Math.ceil(waitMs / 1000),
  };
  const what =
    bucket.name === "courses-global"
      ? "The service-wide limit of courses per hour"
      : `Your limit ${bucket.name} (${bucket.rate} per ${report.windowSeconds} s${bucket.burst > 0 ? ` + burst ${bucket.burst}` : ""})`;
  return new LimitExceededError(
    "RATE_LIMITED",
    `${what} is reached; retry in ${report.resetSeconds} s.`,
    report,
    waitMs,
  );
}

interface BucketOutcome {
  readonly position: number;
  readonly name: string;
  readonly key: string;
  readonly rate: number;
  readonly burst: number;
  readonly windowMs: number;
  readonly storedTatMs: number | null;
  readonly tatMs: number | null;
  readonly admits: boolean | null;
}

/**
 * The admission of one job of `caller` at `nowMs`. The statement reads the effective limits (the
 * user's overrides over the role's, and the global limit), locks the caller's existing bucket rows
 * and the global one in key order (`FOR UPDATE`: concurrent admissions, in any process, queue
 * there and never deadlock), sums today's tokens when there is a quota, and lets the job insert
 * run only when every limit admits it; the buckets are charged only when the job row was really
 * inserted (not for an idempotent replay). A bucket row seen missing is created with a plain
 * INSERT: should a racing request create it first, the statement fails with a unique violation
 * and is run again (see `insertAdmittedJob`).
 */
export function jobAdmission(
  caller: Pick<Caller, "userId" | "role">,
  nowMs: number,
  prepaid?: { readonly unit: PrepaidUnit; readonly lease: GlobalLease },
): JobAdmission {
  const guard: InsertGuard = {
    sql(bind) {
      const now = `${bind(nowMs)}::double precision`;
      const user = `${bind(caller.userId)}::text`;
      return {
        before: `limit_settings AS (
            SELECT coalesce(u.courses_per_hour, r.courses_per_hour) AS courses_per_hour,
                   coalesce(u.courses_per_day, r.courses_per_day) AS courses_per_day,
                   coalesce(u.tokens_per_day, r.tokens_per_day) AS tokens_per_day,
                   coalesce(u.burst, r.burst, 0) AS burst,
                   g.courses_per_hour AS global_per_hour
              FROM (SELECT 1) AS one
              LEFT JOIN course_generation_limit_settings r ON r.scope = 'role' AND r.subject = ${bind(caller.role)}::text
              LEFT JOIN course_generation_limit_settings u ON u.scope = 'user' AND u.subject = ${user}
              LEFT JOIN course_generation_limit_settings g ON g.scope = 'global' AND g.subject = 'all'
          ), limit_buckets AS (
            SELECT 1 AS position, 'courses-global' AS name, 'global:hour' AS key, global_per_hour::double precision AS rate, 0::double precision AS burst, ${hourMs}::double precision AS window_ms
              FROM limit_settings WHERE global_per_hour IS NOT NULL AND global_per_hour::double precision IS DISTINCT FROM ${bind(prepaid?.unit.rate ?? null)}::double precision
            UNION ALL SELECT 2, 'courses-hour', ${bind(`user:${caller.userId}:hour`)}::text, courses_per_hour, burst, ${hourMs} FROM limit_settings WHERE courses_per_hour IS NOT NULL
            UNION ALL SELECT 3, 'courses-day', ${bind(`user:${caller.userId}:day`)}::text, courses_per_day, 0, ${dayMs} FROM limit_settings WHERE courses_per_day IS NOT NULL
          ), limit_rows AS (
            SELECT key, tat_ms FROM course_generation_rate_limits WHERE key IN (SELECT key FROM limit_buckets) ORDER BY key FOR UPDATE
          ), limit_state AS (
            SELECT b.*, l.tat_ms AS stored_tat_ms, l.key IS NOT NULL AS present,
                   b.rate > 0 AND greatest(coalesce(l.tat_ms, ${now}), ${now}) + b.window_ms / nullif(b.rate, 0) - ${now}
                                  <= (b.rate + b.burst) * (b.window_ms / nullif(b.rate, 0)) + ${slackMs} AS admits
              FROM limit_buckets b LEFT JOIN limit_rows l ON l.key = b.key
          ), limit_tokens AS (
            SELECT coalesce(sum(c.prompt_tokens + c.completion_tokens), 0) AS used
              FROM llm_calls c JOIN course_generation_jobs j ON j.id = c.job_id
             WHERE (SELECT tokens_per_day FROM limit_settings) IS NOT NULL AND j.user_id = ${user} AND c.created_at >= ${bind(new Date(startOfUtcDay(nowMs)))}::timestamptz
          ), limit_verdict AS (
            SELECT coalesce((SELECT bool_and(admits) FROM limit_state), true)
                   AND (SELECT s.tokens_per_day IS NULL OR t.used < s.tokens_per_day FROM limit_settings s, limit_tokens t) AS admitted
          )`,
        condition: "(SELECT admitted FROM limit_verdict)",
        after: `limit_charged AS (
            UPDATE course_generation_rate_limits r SET tat_ms = greatest(r.tat_ms, ${now}) + s.window_ms / s.rate, updated_at = now()
              FROM limit_state s WHERE s.present AND r.key = s.key AND EXISTS (SELECT 1 FROM job)
            RETURNING r.key, r.tat_ms
          ), limit_created AS (
            INSERT INTO course_generation_rate_limits (key, tat_ms, updated_at)
            SELECT s.key, ${now} + s.window_ms / s.rate, now() FROM limit_state s WHERE NOT s.present AND EXISTS (SELECT 1 FROM job) ORDER BY s.key
            RETURNING key, tat_ms
          )`,
        columns: `(SELECT admitted FROM limit_verdict) AS limit_admitted,
          (SELECT used FROM limit_tokens) AS limit_tokens_used,
          (SELECT tokens_per_day FROM limit_settings) AS limit_tokens_per_day,
          (SELECT global_per_hour FROM limit_settings) AS limit_global_rate,
          (SELECT coalesce(json_agg(json_build_object('position', s.position, 'name', s.name, 'key', s.key, 'rate', s.rate, 'burst', s.burst, 'windowMs', s.window_ms,
                                                      'storedTatMs', s.stored_tat_ms, 'tatMs', t.tat_ms, 'admits', s.admits) ORDER BY s.position), '[]')
             FROM limit_state s LEFT JOIN (SELECT key, tat_ms FROM limit_charged UNION ALL SELECT key, tat_ms FROM limit_created) t ON t.key = s.key) AS limit_buckets`,
      };
    },
  };

  let settled = false;
  // A prepaid global unit is used only by a job really created at the rate it was charged at.
  const settle = (created: boolean, globalRate: unknown) => {
    if (settled || prepaid === undefined) return;
    settled = true;
    const stale = globalRate !== undefined && Number(globalRate) !== prepaid.unit.rate;
    if (!created || stale) prepaid.lease.giveBack(prepaid.unit, stale);
  };

  return {
    guard,
    abandon: () => settle(false, undefined),
    read(outcome, created) {
      settle(created, outcome.limit_global_rate ?? Number.NaN);
      const buckets = parseBuckets(outcome.limit_buckets);
      if (outcome.limit_admitted === true) {
        const reports = buckets
          .filter((entry) => entry.name !== "courses-global" && entry.tatMs !== null)
          .map((entry) => reportOf(stateOf(bucketOf(entry), entry.tatMs ?? undefined, nowMs)));
        return { admitted: true, reports };
      }
      const tokenLimit = outcome.limit_tokens_per_day;
      const tokensUsed = Number(outcome.limit_tokens_used ?? 0);
      // The token quota is reported first, then the buckets in order (global, hour, day).
      if (tokenLimit !== null && tokenLimit !== undefined && tokensUsed >= Number(tokenLimit)) {
        return { admitted: false, refusal: quotaExceeded(Number(tokenLimit), tokensUsed, nowMs) };
      }
      const refused = buckets.find((entry) => entry.admits !== true);
      if (refused === undefined) throw new Error("The admission statement refused the job without naming a limit.");
      return { admitted: false, refusal: bucketExceeded(bucketOf(refused), refused.storedTatMs ?? undefined, nowMs) };
    },
  };
}

function bucketOf(entry: BucketOutcome): Bucket {
  return { name: entry.name, key: entry.key, rate: entry.rate, burst: entry.burst, windowMs: entry.windowMs };
}

function parseBuckets(value: unknown): BucketOutcome[] {
  const list = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
  if (!Array.isArray(list)) throw new Error("The admission statement returned no bucket list.");
  return list.map((raw: Record<string, unknown>) => ({
    position: Number(raw.position),
    name: String(raw.name),
    key: String(raw.key),
    rate: Number(raw.rate),
    burst: Number(raw.burst),
    windowMs: Number(raw.windowMs),
    storedTatMs: raw.storedTatMs === null || raw.storedTatMs === undefined ? null : Number(raw.storedTatMs),
    tatMs: raw.tatMs === null || raw.tatMs === undefined ? null : Number(raw.tatMs),
    admits: raw.admits === null || raw.admits === undefined ? null : Boolean(raw.admits),
  }));
}
