import type { Database, Queryable } from "../db/port.ts";
import type { BudgetCap, BudgetCapName } from "../generation/spending.ts";
import type { Role } from "../users/index.ts";
import { readEffectiveBudget } from "./budget-settings.ts";

/** Whose money a job spends. */
export interface BudgetOwner {
  readonly userId: string;
  readonly role: Role;
}

/** How a reservation came out: what the job holds now, or the cap it would have passed. */
export type ReservationOutcome =
  { readonly reserved: true; readonly holdsUsd: number } | { readonly reserved: false; readonly cap: BudgetCap };

/** The window keys of a user's spending at `nowMs` (UTC day and month) and the service's day. */
export function windowKeys(userId: string, nowMs: number): Record<"userDay" | "userMonth" | "globalDay", string> {
  const iso = new Date(nowMs).toISOString();
  return {
    userDay: `user:${userId}:day:${iso.slice(0, 10)}`,
    userMonth: `user:${userId}:month:${iso.slice(0, 7)}`,
    globalDay: `global:day:${iso.slice(0, 10)}`,
  };
}

// Money in the database is numeric(16,6): compare and store in micro-dollars so sums stay exact.
function micros(usd: number): number {
  return Math.round(usd * 1e6);
}

interface WindowRow {
  readonly key: string;
  readonly spent: number;
  readonly reserved: number;
}

async function lockWindows(database: Queryable, keys: readonly string[], signal?: AbortSignal) {
  const sorted = [...new Set(keys)].sort();
  // Missing rows first, in key order; then every row locked in key order (concurrent reservations,
  // in any process, queue here and never deadlock).
  await database.query(
    `INSERT INTO course_generation_budget_windows (key) SELECT unnest($1::text[]) ORDER BY 1 ON CONFLICT (key) DO NOTHING`,
    [sorted],
    { signal },
  );
  const rows = await database.query(
    `SELECT key, spent_usd, reserved_usd FROM course_generation_budget_windows WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE`,
    [sorted],
    { signal },
  );
  return new Map<string, WindowRow>(
    rows.map((row) => [
      String(row.key),
      { key: String(row.key), spent: micros(Number(row.spent_usd)), reserved: micros(Number(row.reserved_usd)) },
    ]),
  );
}

async function lockHold(database: Queryable, jobId: string, userId: string, signal?: AbortSignal) {
  await database.query(
    `INSERT INTO course_generation_budget_holds (job_id, user_id, window_keys) VALUES ($1, $2, '[]'::jsonb) ON CONFLICT (job_id) DO NOTHING`,
    [jobId, userId],
    { signal },
  );
  const [row] = await database.query(
    `SELECT window_keys, reserved_usd, spent_usd FROM course_generation_budget_holds WHERE job_id = $1 FOR UPDATE`,
    [jobId],
    { signal },
  );
  const keys = typeof row?.window_keys === "string" ? (JSON.parse(row.window_keys) as unknown) : row?.window_keys;
  return {
    keys: Array.isArray(keys) ? keys.map(String) : [],
    reserved: micros(Number(row?.reserved_usd ?? 0)),
    spent: micros(Number(row?.spent_usd ?? 0)),
  };
}

async function addToWindows(database: Queryable, changes: ReadonlyMap<string, { spent: number; reserved: number }>) {
  for (const [key, change] of changes) {
    if (change.spent === 0 && change.reserved === 0) continue;
    await database.query(
      `UPDATE course_generation_budget_windows
          SET spent_usd = spent_usd + $2::numeric / 1000000,
              reserved_usd = greatest(reserved_usd + $3::numeric / 1000000, 0), updated_at = now()
        WHERE key = $1`,
      [key, change.spent, change.reserved],
    );
  }
}

/** What {@link reserveBudget} is asked. */
export interface ReservationRequest {
  readonly jobId: string;
  readonly owner: BudgetOwner;
  readonly amountUsd: number;
  readonly nowMs: number;
  /**
   * `start`: the job (re)starts its run: whatever an earlier run still held is given back, and it
   * holds `amountUsd` in today's windows, the global daily cap included. `extend`: a running job's
   * reservation grows by `amountUsd` in the windows it already charges; the global cap is not
   * checked (running jobs finish).
   */
  readonly kind: "start" | "extend";
  readonly signal?: AbortSignal;
}

/**
 * Reserves money for a job atomically: in one transaction it locks the job's hold and the windows
 * it charges (key order), checks spent + reserved + amount against the user's daily and monthly
 * caps, the per-course cap (everything the job spent in all its runs plus what it holds) and, at
 * start, the service's daily cap, and only then adds the amount. Concurrent reservations against
 * one cap therefore never hold more than the cap between them.
 */
export async function reserveBudget(database: Database, request: ReservationRequest): Promise<ReservationOutcome> {
  const { jobId, owner, nowMs, signal } = request;
  const amount = micros(request.amountUsd);
  return database.transaction(
    async (transaction) => {
      const caps = await readEffectiveBudget(transaction, owner, signal);
      const hold = await lockHold(transaction, jobId, owner.userId, signal);
      const today = windowKeys(owner.userId, nowMs);
      const keys = request.kind === "start" || hold.keys.length === 0 ? Object.values(today) : hold.keys;
      const windows = await lockWindows(transaction, [...hold.keys, ...keys], signal);
      // At start the earlier run's hold is given back first: it is replaced, not added to.
      const givenBack = request.kind === "start" ? hold.reserved : 0;
      const heldAfter = hold.reserved - givenBack + amount;
      const usedIn = (key: string) => {
        const row = windows.get(key);
        const own = hold.keys.includes(key) ? givenBack : 0;
        return (row?.spent ?? 0) + (row?.reserved ?? 0) - own;
      };
      const checks: { name: BudgetCapName; key: string | undefined; limit: number | null; used: () => number }[] = [
        {
          name: "course",
          key: undefined,
          limit: caps.usdPerCourse,
          used: () => hold.spent + hold.reserved - givenBack,
        },
        {
          name: "user-day",
          key: keys.find((key) => key.includes(":day:") && key.startsWith("user:")),
          limit: caps.usdPerDay,
          used: () => 0,
        },
        {
          name: "user-month",
          key: keys.find((key) => key.includes(":month:")),
          limit: caps.usdPerMonth,
          used: () => 0,
        },
        ...(request.kind === "start"
          ? [
              {
                name: "global-day" as const,
                key: keys.find((key) => key.startsWith("global:")),
                limit: caps.globalUsdPerDay,
                used: () => 0,
              },
            ]
          : []),
      ];
      for (const check of checks) {
        if (check.limit === null) continue;
        const used = check.key === undefined ? check.used() : usedIn(check.key);
        if (used + amount > micros(check.limit))
          return {
            reserved: false,
            cap: { name: check.name, limitUsd: check.limit, usedUsd: used / 1e6, neededUsd: amount / 1e6 },
          } as const;
      }
      const changes = new Map<string, { spent: number; reserved: number }>();
      for (const key of hold.keys) changes.set(key, { spent: 0, reserved: -givenBack });
      for (const key of keys) {
        const change = changes.get(key) ?? { spent: 0, reserved: 0 };
        changes.set(key, { spent: 0, reserved: change.reserved + amount });
      }
      await addToWindows(transaction, changes);
      await transaction.query(
        `UPDATE course_generation_budget_holds SET window_keys = $2::jsonb, reserved_usd = $3::numeric / 1000000, updated_at = now() WHERE job_id = $1`,
        [jobId, JSON.stringify(keys), heldAfter],
        { signal },
      );
      return { reserved: true, holdsUsd: heldAfter / 1e6 } as const;
    },
    signal === undefined ? undefined : { signal },
  );
}

/**
 * Settles what a job's finished attempts cost: adds it to the spent money of the windows the job
 * charges and takes as much off its reservation (never below zero). A job with no hold (run
 * without budgets) changes nothing.
 */
export async function settleBudget(database: Database, jobId: string, costUsd: number): Promise<void> {
  const cost = micros(costUsd);
  if (cost <= 0) return;
  await database.transaction(async (transaction) => {
    const [row] = await transaction.query(
      `SELECT window_keys, reserved_usd FROM course_generation_budget_holds WHERE job_id = $1 FOR UPDATE`,
      [jobId],
    );
    if (row === undefined) return;
    const keys = (typeof row.window_keys === "string" ? JSON.parse(row.window_keys) : row.window_keys) as string[];
    const released = Math.min(micros(Number(row.reserved_usd)), cost);
    await lockWindows(transaction, keys);
    await addToWindows(transaction, new Map(keys.map((key) => [key, { spent: cost, reserved: -released }])));
    await transaction.query(
      `UPDATE course_generation_budget_holds
          SET spent_usd = spent_usd + $2::numeric / 1000000, reserved_usd = reserved_usd - $3::numeric / 1000000, updated_at = now()
        WHERE job_id = $1`,
      [jobId, cost, released],
    );
  });
}

/** Gives back what a job still holds (its run ended, whatever the outcome). */
export async function releaseBudget(database: Database, jobId: string): Promise<void> {
  await database.transaction(async (transaction) => {
    const [row] = await transaction.query(
      `SELECT window_keys, reserved_usd FROM course_generation_budget_holds WHERE job_id = $1 FOR UPDATE`,
      [jobId],
    );
    if (row === undefined) return;
    const held = micros(Number(row.reserved_usd));
    if (held === 0) return;
    const keys = (typeof row.window_keys === "string" ? JSON.parse(row.window_keys) : row.window_keys) as string[];
    await lockWindows(transaction, keys);
    await addToWindows(transaction, new Map(keys.map((key) => [key, { spent: 0, reserved: -held }])));
    await transaction.query(
      `UPDATE course_generation_budget_holds SET reserved_usd = 0, updated_at = now() WHERE job_id = $1`,
      [jobId],
    );
  });
}

/** Spent and reserved dollars of some windows (absent keys: nothing yet). */
export async function readWindows(
  database: Queryable,
  keys: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, { spentUsd: number; reservedUsd: number }>> {
  const rows = await database.query(
    `SELECT key, spent_usd, reserved_usd FROM course_generation_budget_windows WHERE key = ANY($1::text[])`,
    [keys],
    { signal },
  );
  return new Map(
    rows.map((row) => [String(row.key), { spentUsd: Number(row.spent_usd), reservedUsd: Number(row.reserved_usd) }]),
  );
}
