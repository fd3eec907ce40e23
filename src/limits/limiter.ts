import type { Database, Queryable } from "../db/port.ts";
import { findUser, UserNotFoundError, type Caller, type Role } from "../users/index.ts";
import { jobAdmission, startOfUtcDay, type JobAdmission } from "./course-admission.ts";
import { dayMs, hourMs, readTats, stateOf, type Bucket } from "./buckets.ts";
import { createGlobalLease, type GlobalLeaseOptions } from "./global-lease.ts";
import type { BudgetDefaults } from "./budget-settings.ts";
import { createCourseBudgets, type CourseBudgets, type MoneyUsage } from "./budgets.ts";
import {
  allowListsOf,
  checkAllowList,
  checkModelAllowed,
  ModelNotAllowedError,
  readStoredAllowLists,
  selectableModels,
  storeAllowList,
  type ModelAccessDefaults,
  type ModelAccessSettings,
  type RoleModels,
} from "./model-access.ts";
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
  /** Dollars spent, held by running jobs and left, per UTC day and month (docs/limits.md, "Budgets"). */
  readonly budget: MoneyUsage;
}

/** Rate limits and quotas of course generation, stored in Postgres (docs/limits.md). */
export interface CourseLimits {
  /**
   * The admission of one new job of `caller`, at this moment: SQL that checks and charges every
   * limit in the statement that stores the job (no round trip of its own), and the reading of
   * that statement's outcome (the RateLimit reports, or a {@link LimitExceededError} for a 429).
   */
  admission(caller: Caller, signal?: AbortSignal): Promise<JobAdmission>;
  usage(caller: Caller, signal?: AbortSignal): Promise<Usage>;
  settings(signal?: AbortSignal): Promise<LimitSettings>;
  setRole(role: Role, patch: LimitPatch, signal?: AbortSignal): Promise<RoleLimits>;
  /** Throws `USER_NOT_FOUND` for an unknown user. */
  setUser(userId: string, patch: LimitPatch, signal?: AbortSignal): Promise<UserLimitOverrides>;
  clearUser(userId: string, signal?: AbortSignal): Promise<boolean>;
  setGlobal(coursesPerHour: number | null, signal?: AbortSignal): Promise<{ coursesPerHour: number | null }>;
  /** Every role's model allow-list (docs/limits.md, "Models"). */
  models(signal?: AbortSignal): Promise<ModelAccessSettings>;
  /** Stores a role's allow-list (`null`: back to the default); `INVALID_INPUT` naming unpriced models. */
  setRoleModels(role: Role, models: readonly string[] | null, signal?: AbortSignal): Promise<RoleModels>;
  /** Throws `MODEL_NOT_ALLOWED` (400) unless the caller's role may use `model`. */
  checkModel(caller: Pick<Caller, "role">, model: string, signal?: AbortSignal): Promise<void>;
  /** USD budgets: caps, reservations, cost report (docs/limits.md, "Budgets"). */
  readonly budgets: CourseBudgets;
}

/** Options of {@link createCourseLimits}. */
export interface CourseLimitsOptions {
  readonly database: Database;
  /** Seeded into the settings table on first use (stored values win). */
  readonly defaults: LimitDefaults;
  /** Milliseconds since the epoch; tests pass a fake clock. Default `Date.now`. */
  readonly now?: () => number;
  /** How the global bucket is taken in blocks under load (src/limits/global-lease.ts); `false`: one unit per admission. */
  readonly globalLease?: Omit<GlobalLeaseOptions, "database"> | false;
  /** What the default model allow-lists are made of; without it, no request may name a model. */
  readonly models?: ModelAccessDefaults;
  /** The USD caps the budget settings are seeded with; absent: no caps until an admin sets some. */
  readonly budgets?: BudgetDefaults;
}

const noBudgets: BudgetDefaults = {
  roles: {
    student: { usdPerDay: null, usdPerMonth: null, usdPerCourse: null },
    teacher: { usdPerDay: null, usdPerMonth: null, usdPerCourse: null },
    admin: { usdPerDay: null, usdPerMonth: null, usdPerCourse: null },
  },
  globalUsdPerDay: null,
};

const noModels: ModelAccessDefaults = {
  stepModels: { outline: "", lesson: "", quiz: "" },
  pricedModels: [],
  fallbacks: {},
};

// The caller's own buckets, as `GET /v1/me/usage` shows them (the admission statement builds the same in SQL).
function bucketsOf(userId: string, limits: EffectiveLimits): Bucket[] {
  const buckets: Bucket[] = [];
  if (limits.coursesPerHour !== null)
    buckets.push({
      name: "courses-hour",
      key: `user:${userId}:hour`,
      rate: limits.coursesPerHour,
      burst: limits.burst,
      windowMs: hourMs,
    });
  if (limits.coursesPerDay !== null)
    buckets.push({
      name: "courses-day",
      key: `user:${userId}:day`,
      rate: limits.coursesPerDay,
      burst: 0,
      windowMs: dayMs,
    });
  return buckets;
}

/** Tokens (prompt + completion) of the user's jobs' model calls since `sinceMs`. */
export async function tokensUsedSince(
  database: Queryable,
  userId: string,
  sinceMs: number,
  signal?: AbortSignal,
): Promise<number> {
  const [row] = await database.query(
    `SELECT coalesce(sum(c.prompt_tokens + c.completion_tokens), 0) AS tokens
       FROM llm_calls c JOIN course_generation_jobs j ON j.id = c.job_id
      WHERE j.user_id = $1 AND c.created_at >= $2`,
    [userId, new Date(sinceMs)],
    { signal },
  );
  return Number(row?.tokens ?? 0);
}

/** Builds the limits service on the database; every process sharing the database shares the counters. */
export function createCourseLimits(options: CourseLimitsOptions): CourseLimits {
  const { database, defaults } = options;
  const now = options.now ?? Date.now;
  const lease =
    options.globalLease === false ? undefined : createGlobalLease({ ...options.globalLease, database }, now);
  let seeded: Promise<void> | undefined;
  const ensureSeeded = (signal?: AbortSignal) => {
    seeded ??= seedLimitDefaults(database, defaults, signal).catch((error: unknown) => {
      seeded = undefined;
      throw error;
    });
    return seeded;
  };

  const modelDefaults = options.models;
  const budgets = createCourseBudgets({
    database,
    defaults: options.budgets ?? noBudgets,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const allowLists = async (signal?: AbortSignal) =>
    allowListsOf(modelDefaults ?? noModels, await readStoredAllowLists(database, signal));

  return {
    budgets,
    async models(signal) {
      const lists = await allowLists(signal);
      if (modelDefaults === undefined) {
        const none: RoleModels = { models: [], source: "config" };
        return { roles: { student: none, teacher: none, admin: none }, selectable: [] };
      }
      return { roles: lists, selectable: selectableModels(modelDefaults) };
    },

    async setRoleModels(role, models, signal) {
      const list = models === null ? null : checkAllowList(models, modelDefaults ?? noModels);
      await storeAllowList(database, role, list, signal);
      return (await allowLists(signal))[role];
    },

    async checkModel(caller, model, signal) {
      if (modelDefaults === undefined) throw new ModelNotAllowedError(model, caller.role, [], "unlisted");
      const lists = await allowLists(signal);
      checkModelAllowed(model, caller.role, lists[caller.role].models, modelDefaults);
    },

    async admission(caller, signal) {
      await ensureSeeded(signal);
      const nowMs = now();
      const unit = await lease?.take(signal);
      return jobAdmission(caller, nowMs, unit === undefined || lease === undefined ? undefined : { unit, lease });
    },

    async usage(caller, signal) {
      await ensureSeeded(signal);
      const { user } = await readEffectiveLimits(database, caller, signal);
      const nowMs = now();
      const buckets = bucketsOf(caller.userId, user);
      const tats = await readTats(
        database,
        buckets.map((bucket) => bucket.key),
        signal,
      );
      const windowOf = (name: string): UsageWindow => {
        const bucket = buckets.find((candidate) => candidate.name === name);
        if (bucket === undefined) return { limit: null, used: null, remaining: null, resetAt: null };
        const state = stateOf(bucket, tats.get(bucket.key), nowMs);
        return {
          limit: bucket.rate,
          used: state.used,
          remaining: state.remaining,
          resetAt: state.resetMs === 0 ? null : new Date(nowMs + state.resetMs).toISOString(),
        };
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
        budget: await budgets.usage(caller, signal),
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
