import type { Database } from "../db/port.ts";
import { findUser, UserNotFoundError, type Caller, type Role } from "../users/index.ts";
import { dayMs } from "./buckets.ts";
import {
  releaseBudget,
  readWindows,
  reserveBudget,
  settleBudget,
  windowKeys,
  type BudgetOwner,
  type ReservationOutcome,
} from "./budget-ledger.ts";
import {
  clearUserBudget,
  readBudgetSettings,
  readEffectiveBudget,
  seedBudgetDefaults,
  updateBudget,
  updateGlobalBudget,
  type BudgetCaps,
  type BudgetDefaults,
  type BudgetPatch,
  type BudgetSettings,
} from "./budget-settings.ts";
import { readCostReport, type CostReport } from "./cost-report.ts";

/** One spending window in `GET /v1/me/usage`; `null` limit and left = no cap. */
export interface MoneyWindow {
  readonly limitUsd: number | null;
  /** Settled cost of finished attempts. */
  readonly spentUsd: number;
  /** Held by running jobs (given back as they settle and end). */
  readonly reservedUsd: number;
  /** `limit − spent − reserved`, never below 0; `null` without a cap. */
  readonly leftUsd: number | null;
  /** When the window starts again (ISO 8601, UTC). */
  readonly resetAt: string;
}

/** The caller's dollars, as `GET /v1/me/usage` shows them under `budget`. */
export interface MoneyUsage {
  readonly day: MoneyWindow;
  readonly month: MoneyWindow;
  readonly perCourseUsd: number | null;
}

/** USD budgets of course generation, stored in Postgres (docs/limits.md, "Budgets"). */
export interface CourseBudgets {
  /** Reserves money for a job (see {@link reserveBudget}). */
  reserve(
    jobId: string,
    owner: BudgetOwner,
    amountUsd: number,
    kind: "start" | "extend",
    signal?: AbortSignal,
  ): Promise<ReservationOutcome>;
  settle(jobId: string, costUsd: number): Promise<void>;
  release(jobId: string): Promise<void>;
  usage(caller: Pick<Caller, "userId" | "role">, signal?: AbortSignal): Promise<MoneyUsage>;
  settings(signal?: AbortSignal): Promise<BudgetSettings>;
  setRole(role: Role, patch: BudgetPatch, signal?: AbortSignal): Promise<BudgetCaps>;
  /** Throws `USER_NOT_FOUND` for an unknown user. */
  setUser(userId: string, patch: BudgetPatch, signal?: AbortSignal): Promise<BudgetCaps>;
  clearUser(userId: string, signal?: AbortSignal): Promise<boolean>;
  setGlobal(usdPerDay: number | null, signal?: AbortSignal): Promise<{ usdPerDay: number | null }>;
  /** Cost of model calls by user, role, model and UTC day over the last `days` days. */
  costReport(days: number, signal?: AbortSignal): Promise<CostReport>;
}

/** Options of {@link createCourseBudgets}. */
export interface CourseBudgetsOptions {
  readonly database: Database;
  /** Seeded into the settings table on first use (stored values win). */
  readonly defaults: BudgetDefaults;
  /** Milliseconds since the epoch; tests pass a fake clock. */
  readonly now?: () => number;
}

function startOfUtcMonth(nowMs: number): { start: number; next: number } {
  const date = new Date(nowMs);
  return {
    start: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1),
    next: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1),
  };
}

/** Builds the budgets service on the database; every process sharing it shares the money. */
export function createCourseBudgets(options: CourseBudgetsOptions): CourseBudgets {
  const { database, defaults } = options;
  const now = options.now ?? Date.now;
  let seeded: Promise<void> | undefined;
  const ensureSeeded = (signal?: AbortSignal) => {
    seeded ??= seedBudgetDefaults(database, defaults, signal).catch((error: unknown) => {
      seeded = undefined;
      throw error;
    });
    return seeded;
  };
  return {
    async reserve(jobId, owner, amountUsd, kind, signal) {
      await ensureSeeded(signal);
      return reserveBudget(database, { jobId, owner, amountUsd, kind, nowMs: now(), ...(signal ? { signal } : {}) });
    },
    settle: (jobId, costUsd) => settleBudget(database, jobId, costUsd),
    release: (jobId) => releaseBudget(database, jobId),
    async usage(caller, signal) {
      await ensureSeeded(signal);
      const nowMs = now();
      const caps = await readEffectiveBudget(database, caller, signal);
      const keys = windowKeys(caller.userId, nowMs);
      const windows = await readWindows(database, [keys.userDay, keys.userMonth], signal);
      const windowOf = (key: string, limitUsd: number | null, resetMs: number): MoneyWindow => {
        const row = windows.get(key) ?? { spentUsd: 0, reservedUsd: 0 };
        return {
          limitUsd,
          spentUsd: row.spentUsd,
          reservedUsd: row.reservedUsd,
          leftUsd:
            limitUsd === null ? null : Math.max(0, Math.round((limitUsd - row.spentUsd - row.reservedUsd) * 1e6) / 1e6),
          resetAt: new Date(resetMs).toISOString(),
        };
      };
      return {
        day: windowOf(keys.userDay, caps.usdPerDay, Math.floor(nowMs / dayMs) * dayMs + dayMs),
        month: windowOf(keys.userMonth, caps.usdPerMonth, startOfUtcMonth(nowMs).next),
        perCourseUsd: caps.usdPerCourse,
      };
    },
    async settings(signal) {
      await ensureSeeded(signal);
      return readBudgetSettings(database, signal);
    },
    async setRole(role, patch, signal) {
      await ensureSeeded(signal);
      return database.transaction((transaction) => updateBudget(transaction, "role", role, patch, signal), { signal });
    },
    async setUser(userId, patch, signal) {
      if ((await findUser(database, userId, signal)) === undefined) throw new UserNotFoundError({ id: userId });
      return database.transaction((transaction) => updateBudget(transaction, "user", userId, patch, signal), {
        signal,
      });
    },
    clearUser: (userId, signal) => clearUserBudget(database, userId, signal),
    async setGlobal(usdPerDay, signal) {
      await ensureSeeded(signal);
      return updateGlobalBudget(database, usdPerDay, signal);
    },
    costReport: (days, signal) => readCostReport(database, { sinceMs: now() - days * dayMs }, signal),
  };
}
