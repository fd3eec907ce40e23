import type { Database, Queryable } from "../db/port.ts";
import { findUser, UserNotFoundError, type Caller, type Role } from "../users/index.ts";
import { giveBack, readTats, retryAfterMs, stateOf, take, type Bucket } from "./buckets.ts";
import { LimitExceededError, reportOf, type LimitReport } from "./errors.ts";
import {
  clearUserLimits,
  readEffectiveLimits,
  readLimitSettings,
  seedLimitDefaults,
  updateGlobalLimit,
  updateRoleLimits,
  updateUserLimits,
  type EffectiveLimits,
  type LimitDefaults,
  type LimitPatch,
  type LimitSettings,
  type RoleLimits,
  type UserLimitOverrides,
} from "./settings.ts";

const hourMs = 3_600_000;
const dayMs = 86_400_000;

/** A request let through: the RateLimit reports for its response and a way to give its unit back. */
export interface Admission {
  /** False for an idempotent replay (nothing was consumed). */
  readonly consumed: boolean;
  readonly reports: readonly LimitReport[];
  /** Gives back what was consumed, when no job was created after all. Never throws. */
  release(signal?: AbortSignal): Promise<void>;
}

/** One limit in `GET /v1/me/usage`; `null` limit = unlimited. */
export interface UsageWindow {
  readonly limit: number | null;
  readonly used: number | null;
  readonly remaining: number | null;
  /** When the window is fully available again (ISO 8601), `null` when it is. */
  readonly resetAt: string | null;
}

/** The caller's limits and where it stands. */
export interface Usage {
  readonly userId: string;
  readonly role: Role;
  readonly limits: EffectiveLimits;
  readonly coursesPerHour: UsageWindow & { readonly burst: number };
  readonly coursesPerDay: UsageWindow;
  readonly tokensPerDay: UsageWindow;
}

/** Rate limits and quotas of course generation, stored in Postgres (docs/limits.md). */
export interface CourseLimits {
  /** Checks and consumes the caller's limits for one new job; throws {@link LimitExceededError} (429) when over. */
  admit(caller: Caller, options: { readonly idempotencyKey?: string | undefined }, signal?: AbortSignal): Promise<Admission>;
  usage(caller: Caller, signal?: AbortSignal): Promise<Usage>;
  settings(signal?: AbortSignal): Promise<LimitSettings>;
  setRole(role: Role, patch: LimitPatch, signal?: AbortSignal): Promise<RoleLimits>;
  /** Throws `USER_NOT_FOUND` for an unknown user. */
  setUser(userId: string, patch: LimitPatch, signal?: AbortSignal): Promise<UserLimitOverrides>;
  clearUser(userId: string, signal?: AbortSignal): Promise<boolean>;
  setGlobal(coursesPerHour: number | null, signal?: AbortSignal): Promise<{ coursesPerHour: number | null }>;
}

/** Options of {@link createCourseLimits}. */
export interface CourseLimitsOptions {
  readonly database: Database;
  /** Seeded into the settings table on first use (stored values win). */
  readonly defaults: LimitDefaults;
  /** Milliseconds since the epoch; tests pass a fake clock. Default `Date.now`. */
  readonly now?: () => number;
}

function bucketsOf(userId: string, limits: EffectiveLimits, globalCoursesPerHour: number | null): Bucket[] {
  const buckets: Bucket[] = [];
  // Always in this order (global first): concurrent admissions lock rows in one order, so never deadlock.
  if (globalCoursesPerHour !== null) buckets.push({ name: "courses-global", key: "global:hour", rate: globalCoursesPerHour, burst: 0, windowMs: hourMs });
  if (limits.coursesPerHour !== null) buckets.push({ name: "courses-hour", key: `user:${userId}:hour`, rate: limits.coursesPerHour, burst: limits.burst, windowMs: hourMs });
  if (limits.coursesPerDay !== null) buckets.push({ name: "courses-day", key: `user:${userId}:day`, rate: limits.coursesPerDay, burst: 0, windowMs: dayMs });
  return buckets;
}

/** Tokens (prompt + completion) of the user's jobs' model calls since `sinceMs`. */
export async function tokensUsedSince(database: Queryable, userId: string, sinceMs: number, signal?: AbortSignal): Promise<number> {
  const [row] = await database.query(
    `SELECT coalesce(sum(c.prompt_tokens + c.completion_tokens), 0) AS tokens
       FROM llm_calls c JOIN course_generation_jobs j ON j.id = c.job_id
      WHERE j.user_id = $1 AND c.created_at >= $2`,
    [userId, new Date(sinceMs)],
    { signal },
  );
  return Number(row?.tokens ?? 0);
}

function startOfUtcDay(nowMs: number): number {
  return Math.floor(nowMs / dayMs) * dayMs;
}

/** Builds the limits service on the database; every process sharing the database shares the counters. */
export function createCourseLimits(options: CourseLimitsOptions): CourseLimits {
  const { database, defaults } = options;
  const now = options.now ?? Date.now;
  let seeded: Promise<void> | undefined;
  const ensureSeeded = (signal?: AbortSignal) => {
    seeded ??= seedLimitDefaults(database, defaults, signal).catch((error: unknown) => {
      seeded = undefined;
      throw error;
    });
    return seeded;
  };

  async function checkTokens(caller: Caller, limits: EffectiveLimits, nowMs: number, signal?: AbortSignal): Promise<void> {
    if (limits.tokensPerDay === null) return;
    const used = await tokensUsedSince(database, caller.userId, startOfUtcDay(nowMs), signal);
    if (used < limits.tokensPerDay) return;
    const waitMs = startOfUtcDay(nowMs) + dayMs - nowMs;
    const report = { name: "tokens-day", quota: limits.tokensPerDay, windowSeconds: dayMs / 1000, remaining: 0, resetSeconds: Math.ceil(waitMs / 1000) };
    throw new LimitExceededError("QUOTA_EXCEEDED", `Daily token quota reached: ${used} of ${limits.tokensPerDay} tokens used today (UTC).`, report, waitMs);
  }

  return {
    async admit(caller, admitOptions, signal) {
      const nothing: Admission = { consumed: false, reports: [], release: async () => undefined };
      if (admitOptions.idempotencyKey !== undefined) {
        const existing = await database.query("SELECT 1 FROM course_generation_jobs WHERE user_id = $1 AND idempotency_key = $2", [caller.userId, admitOptions.idempotencyKey], {
          signal,
        });
        // A replay returns the earlier job: it costs nothing.
        if (existing.length > 0) return nothing;
      }
      await ensureSeeded(signal);
      const { user, globalCoursesPerHour } = await readEffectiveLimits(database, caller, signal);
      const nowMs = now();
      await checkTokens(caller, user, nowMs, signal);
      const buckets = bucketsOf(caller.userId, user, globalCoursesPerHour);
      const reports = await database.transaction(
        async (transaction) => {
          const taken: LimitReport[] = [];
          for (const bucket of buckets) {
            const tat = await take(transaction, bucket, nowMs, signal);
            if (tat !== undefined) {
              if (bucket.name !== "courses-global") taken.push(reportOf(stateOf(bucket, tat, nowMs)));
              continue;
            }
            const stored = (await readTats(transaction, [bucket.key], signal)).get(bucket.key);
            const waitMs = retryAfterMs(bucket, stored, nowMs);
            const report = { ...reportOf(stateOf(bucket, stored, nowMs)), remaining: 0, resetSeconds: Math.ceil(waitMs / 1000) };
            const what = bucket.name === "courses-global" ? "The service-wide limit of courses per hour" : `Your limit ${bucket.name} (${bucket.rate} per ${report.windowSeconds} s${bucket.burst > 0 ? ` + burst ${bucket.burst}` : ""})`;
            throw new LimitExceededError("RATE_LIMITED", `${what} is reached; retry in ${report.resetSeconds} s.`, report, waitMs);
          }
          return taken;
        },
        { signal },
      );
      return {
        consumed: true,
        reports,
        async release(releaseSignal) {
          try {
            await database.transaction(async (transaction) => {
              for (const bucket of buckets) await giveBack(transaction, bucket, releaseSignal);
            });
          } catch {
            // Best effort: a unit not given back only delays the caller's next course a little.
          }
        },
      };
    },

    async usage(caller, signal) {
      await ensureSeeded(signal);
      const { user } = await readEffectiveLimits(database, caller, signal);
      const nowMs = now();
      const buckets = bucketsOf(caller.userId, user, null);
      const tats = await readTats(
        database,
        buckets.map((bucket) => bucket.key),
        signal,
      );
      const windowOf = (name: string): UsageWindow => {
        const bucket = buckets.find((candidate) => candidate.name === name);
        if (bucket === undefined) return { limit: null, used: null, remaining: null, resetAt: null };
        const state = stateOf(bucket, tats.get(bucket.key), nowMs);
        return { limit: bucket.rate, used: state.used, remaining: state.remaining, resetAt: state.resetMs === 0 ? null : new Date(nowMs + state.resetMs).toISOString() };
      };
      const tokens = await tokensUsedSince(database, caller.userId, startOfUtcDay(nowMs), signal);
      return {
        userId: caller.userId,
        role: caller.role,
        limits: user,
        coursesPerHour: { ...windowOf("courses-hour"), burst: user.burst },
        coursesPerDay: windowOf("courses-day"),
        tokensPerDay: {
          limit: user.tokensPerDay,
          used: tokens,
          remaining: user.tokensPerDay === null ? null : Math.max(0, user.tokensPerDay - tokens),
          resetAt: new Date(startOfUtcDay(nowMs) + dayMs).toISOString(),
        },
      };
    },

    async settings(signal) {
      await ensureSeeded(signal);
      return readLimitSettings(database, signal);
    },
    async setRole(role, patch, signal) {
      await ensureSeeded(signal);
      return database.transaction((transaction) => updateRoleLimits(transaction, role, patch, signal), { signal });
    },
    async setUser(userId, patch, signal) {
      if ((await findUser(database, userId, signal)) === undefined) throw new UserNotFoundError({ id: userId });
      return database.transaction((transaction) => updateUserLimits(transaction, userId, patch, signal), { signal });
    },
    clearUser: (userId, signal) => clearUserLimits(database, userId, signal),
    async setGlobal(coursesPerHour, signal) {
      await ensureSeeded(signal);
      return updateGlobalLimit(database, coursesPerHour, signal);
    },
  };
}
