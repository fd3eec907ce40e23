import type { Queryable, Row } from "../db/port.ts";
import { roles, type Role } from "../users/index.ts";

/** A role's (or a user's effective) caps in US dollars; `null` = no cap. */
export interface BudgetCaps {
  readonly usdPerDay: number | null;
  readonly usdPerMonth: number | null;
  readonly usdPerCourse: number | null;
}

/** The defaults the budget settings table is seeded with (from the config). */
export interface BudgetDefaults {
  readonly roles: Readonly<Record<Role, BudgetCaps>>;
  /** What every job together may spend per UTC day; `null` = no cap. */
  readonly globalUsdPerDay: number | null;
}

/** Every stored budget, as the admin API presents them. */
export interface BudgetSettings {
  readonly roles: Readonly<Record<Role, BudgetCaps>>;
  readonly global: { readonly usdPerDay: number | null };
  readonly users: ReadonlyArray<BudgetCaps & { readonly userId: string }>;
}

/** A change: an absent field is kept, `null` clears it (no cap for a role, the role's value for a user). */
export type BudgetPatch = Partial<{
  usdPerDay: number | null;
  usdPerMonth: number | null;
  usdPerCourse: number | null;
}>;

/** The caps that apply to one job of a user: the user's overrides over its role's, and the global daily cap. */
export interface EffectiveBudget extends BudgetCaps {
  readonly globalUsdPerDay: number | null;
}

const columns = "scope, subject, usd_per_day, usd_per_month, usd_per_course";
const noCaps: BudgetCaps = { usdPerDay: null, usdPerMonth: null, usdPerCourse: null };

function amount(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function capsOf(row: Row | undefined): BudgetCaps {
  if (row === undefined) return noCaps;
  return {
    usdPerDay: amount(row.usd_per_day),
    usdPerMonth: amount(row.usd_per_month),
    usdPerCourse: amount(row.usd_per_course),
  };
}

async function upsert(database: Queryable, scope: string, subject: string, caps: BudgetCaps, signal?: AbortSignal) {
  await database.query(
    `INSERT INTO course_generation_budget_settings (${columns}) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (scope, subject) DO UPDATE SET usd_per_day = $3, usd_per_month = $4, usd_per_course = $5, updated_at = now()`,
    [scope, subject, caps.usdPerDay, caps.usdPerMonth, caps.usdPerCourse],
    { signal },
  );
}

/** Stores the config defaults for every role and the global cap, unless an admin stored values already. */
export async function seedBudgetDefaults(
  database: Queryable,
  defaults: BudgetDefaults,
  signal?: AbortSignal,
): Promise<void> {
  for (const role of roles) {
    const caps = defaults.roles[role];
    await database.query(
      `INSERT INTO course_generation_budget_settings (${columns}) VALUES ('role', $1, $2, $3, $4) ON CONFLICT (scope, subject) DO NOTHING`,
      [role, caps.usdPerDay, caps.usdPerMonth, caps.usdPerCourse],
      { signal },
    );
  }
  await database.query(
    `INSERT INTO course_generation_budget_settings (${columns}) VALUES ('global', 'all', $1, NULL, NULL) ON CONFLICT (scope, subject) DO NOTHING`,
    [defaults.globalUsdPerDay],
    { signal },
  );
}

/** Every stored budget: roles, the global daily cap and the per-user overrides. */
export async function readBudgetSettings(database: Queryable, signal?: AbortSignal): Promise<BudgetSettings> {
  const rows = await database.query(
    `SELECT ${columns} FROM course_generation_budget_settings ORDER BY scope, subject`,
    [],
    { signal },
  );
  const roleRow = (role: Role) => rows.find((row) => row.scope === "role" && row.subject === role);
  const globalRow = rows.find((row) => row.scope === "global");
  return {
    roles: {
      student: capsOf(roleRow("student")),
      teacher: capsOf(roleRow("teacher")),
      admin: capsOf(roleRow("admin")),
    },
    global: { usdPerDay: amount(globalRow?.usd_per_day) },
    users: rows.filter((row) => row.scope === "user").map((row) => ({ userId: String(row.subject), ...capsOf(row) })),
  };
}

/** The caps of one user (its overrides over its role's) and the global daily cap, in one query. */
export async function readEffectiveBudget(
  database: Queryable,
  caller: { readonly userId: string; readonly role: Role },
  signal?: AbortSignal,
): Promise<EffectiveBudget> {
  const rows = await database.query(
    `SELECT ${columns} FROM course_generation_budget_settings
      WHERE (scope = 'role' AND subject = $1) OR (scope = 'user' AND subject = $2) OR scope = 'global'`,
    [caller.role, caller.userId],
    { signal },
  );
  const role = capsOf(rows.find((row) => row.scope === "role"));
  const user = capsOf(rows.find((row) => row.scope === "user"));
  return {
    usdPerDay: user.usdPerDay ?? role.usdPerDay,
    usdPerMonth: user.usdPerMonth ?? role.usdPerMonth,
    usdPerCourse: user.usdPerCourse ?? role.usdPerCourse,
    globalUsdPerDay: amount(rows.find((row) => row.scope === "global")?.usd_per_day),
  };
}

async function currentCaps(database: Queryable, scope: string, subject: string, signal?: AbortSignal) {
  const [row] = await database.query(
    `SELECT ${columns} FROM course_generation_budget_settings WHERE scope = $1 AND subject = $2 FOR UPDATE`,
    [scope, subject],
    { signal },
  );
  return capsOf(row);
}

function merge(current: BudgetCaps, patch: BudgetPatch): BudgetCaps {
  return {
    usdPerDay: patch.usdPerDay === undefined ? current.usdPerDay : patch.usdPerDay,
    usdPerMonth: patch.usdPerMonth === undefined ? current.usdPerMonth : patch.usdPerMonth,
    usdPerCourse: patch.usdPerCourse === undefined ? current.usdPerCourse : patch.usdPerCourse,
  };
}

/** Changes a role's or a user's caps (absent fields kept). Run it in a transaction. */
export async function updateBudget(
  database: Queryable,
  scope: "role" | "user",
  subject: string,
  patch: BudgetPatch,
  signal?: AbortSignal,
): Promise<BudgetCaps> {
  const next = merge(await currentCaps(database, scope, subject, signal), patch);
  await upsert(database, scope, subject, next, signal);
  return next;
}

/** Removes a user's budget overrides; true when there were some. */
export async function clearUserBudget(database: Queryable, userId: string, signal?: AbortSignal): Promise<boolean> {
  const rows = await database.query(
    "DELETE FROM course_generation_budget_settings WHERE scope = 'user' AND subject = $1 RETURNING subject",
    [userId],
    { signal },
  );
  return rows.length > 0;
}

/** Changes the global daily cap (`null` = none). */
export async function updateGlobalBudget(
  database: Queryable,
  usdPerDay: number | null,
  signal?: AbortSignal,
): Promise<{ usdPerDay: number | null }> {
  await upsert(database, "global", "all", { usdPerDay, usdPerMonth: null, usdPerCourse: null }, signal);
  return { usdPerDay };
}
