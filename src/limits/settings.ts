import type { Queryable, Row } from "../db/port.ts";
import { roles, type Role } from "../users/index.ts";

/** The limits of a role. `null` means unlimited; `burst` is extra courses over the hourly rate (docs/limits.md). */
export interface RoleLimits {
  readonly coursesPerHour: number | null;
  readonly coursesPerDay: number | null;
  readonly tokensPerDay: number | null;
  readonly burst: number;
}

/** A user's overrides: `null` (or absent) means "the role's value". */
export interface UserLimitOverrides {
  readonly coursesPerHour: number | null;
  readonly coursesPerDay: number | null;
  readonly tokensPerDay: number | null;
  readonly burst: number | null;
}

/** The defaults the settings table is seeded with (from the config). */
export interface LimitDefaults {
  readonly roles: Readonly<Record<Role, RoleLimits>>;
  /** Courses per hour across every user; `null` = unlimited. */
  readonly globalCoursesPerHour: number | null;
}

/** Every stored limit, as the admin API and `courseforge limits show` present them. */
export interface LimitSettings {
  readonly roles: Readonly<Record<Role, RoleLimits>>;
  readonly global: { readonly coursesPerHour: number | null };
  readonly users: ReadonlyArray<UserLimitOverrides & { readonly userId: string }>;
}

/** A change: an absent field is kept, `null` clears it (unlimited for a role, inherit for a user). */
export type LimitPatch = Partial<{
  coursesPerHour: number | null;
  coursesPerDay: number | null;
  tokensPerDay: number | null;
  burst: number | null;
}>;

/** The limits that apply to one user: its overrides over its role's limits. */
export type EffectiveLimits = RoleLimits;

const columns = "scope, subject, courses_per_hour, courses_per_day, tokens_per_day, burst";
const unlimited: RoleLimits = { coursesPerHour: null, coursesPerDay: null, tokensPerDay: null, burst: 0 };

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function overridesOf(row: Row): UserLimitOverrides {
  return {
    coursesPerHour: nullableNumber(row.courses_per_hour),
    coursesPerDay: nullableNumber(row.courses_per_day),
    tokensPerDay: nullableNumber(row.tokens_per_day),
    burst: nullableNumber(row.burst),
  };
}

function roleLimitsOf(row: Row | undefined): RoleLimits {
  if (row === undefined) return unlimited;
  const values = overridesOf(row);
  return { ...values, burst: values.burst ?? 0 };
}

async function upsert(
  database: Queryable,
  scope: string,
  subject: string,
  values: UserLimitOverrides,
  signal?: AbortSignal,
): Promise<void> {
  await database.query(
    `INSERT INTO course_generation_limit_settings (${columns}) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (scope, subject) DO UPDATE SET courses_per_hour = $3, courses_per_day = $4, tokens_per_day = $5, burst = $6, updated_at = now()`,
    [scope, subject, values.coursesPerHour, values.coursesPerDay, values.tokensPerDay, values.burst],
    { signal },
  );
}

/** Stores the config defaults for every role and the global limit, unless an admin stored values already. */
export async function seedLimitDefaults(
  database: Queryable,
  defaults: LimitDefaults,
  signal?: AbortSignal,
): Promise<void> {
  for (const role of roles) {
    const values = defaults.roles[role];
    await database.query(
      `INSERT INTO course_generation_limit_settings (${columns}) VALUES ('role', $1, $2, $3, $4, $5) ON CONFLICT (scope, subject) DO NOTHING`,
      [role, values.coursesPerHour, values.coursesPerDay, values.tokensPerDay, values.burst],
      { signal },
    );
  }
  await database.query(
    `INSERT INTO course_generation_limit_settings (${columns}) VALUES ('global', 'all', $1, NULL, NULL, NULL) ON CONFLICT (scope, subject) DO NOTHING`,
    [defaults.globalCoursesPerHour],
    { signal },
  );
}

/** Every stored limit: roles, the global limit and the per-user overrides (by user id). */
export async function readLimitSettings(database: Queryable, signal?: AbortSignal): Promise<LimitSettings> {
  const rows = await database.query(
    `SELECT ${columns} FROM course_generation_limit_settings ORDER BY scope, subject`,
    [],
    { signal },
  );
  const roleRow = (role: Role) => rows.find((row) => row.scope === "role" && row.subject === role);
  const globalRow = rows.find((row) => row.scope === "global");
  return {
    roles: {
      student: roleLimitsOf(roleRow("student")),
      teacher: roleLimitsOf(roleRow("teacher")),
      admin: roleLimitsOf(roleRow("admin")),
    },
    global: { coursesPerHour: globalRow === undefined ? null : nullableNumber(globalRow.courses_per_hour) },
    users: rows
      .filter((row) => row.scope === "user")
      .map((row) => ({ userId: String(row.subject), ...overridesOf(row) })),
  };
}

/** The limits of one user (its overrides over its role's) and the global hourly limit, in one query. */
export async function readEffectiveLimits(
  database: Queryable,
  caller: { readonly userId: string; readonly role: Role },
  signal?: AbortSignal,
): Promise<{ user: EffectiveLimits; globalCoursesPerHour: number | null }> {
  const rows = await database.query(
    `SELECT ${columns} FROM course_generation_limit_settings
      WHERE (scope = 'role' AND subject = $1) OR (scope = 'user' AND subject = $2) OR scope = 'global'`,
    [caller.role, caller.userId],
    { signal },
  );
  const role = roleLimitsOf(rows.find((row) => row.scope === "role"));
  const userRow = rows.find((row) => row.scope === "user");
  const globalRow = rows.find((row) => row.scope === "global");
  const override = userRow === undefined ? undefined : overridesOf(userRow);
  return {
    user: {
      coursesPerHour: override?.coursesPerHour ?? role.coursesPerHour,
      coursesPerDay: override?.coursesPerDay ?? role.coursesPerDay,
      tokensPerDay: override?.tokensPerDay ?? role.tokensPerDay,
      burst: override?.burst ?? role.burst,
    },
    globalCoursesPerHour: globalRow === undefined ? null : nullableNumber(globalRow.courses_per_hour),
  };
}

function merge(current: UserLimitOverrides, patch: LimitPatch): UserLimitOverrides {
  return {
    coursesPerHour: patch.coursesPerHour === undefined ? current.coursesPerHour : patch.coursesPerHour,
    coursesPerDay: patch.coursesPerDay === undefined ? current.coursesPerDay : patch.coursesPerDay,
    tokensPerDay: patch.tokensPerDay === undefined ? current.tokensPerDay : patch.tokensPerDay,
    burst: patch.burst === undefined ? current.burst : patch.burst,
  };
}

async function currentRow(
  database: Queryable,
  scope: string,
  subject: string,
  signal?: AbortSignal,
): Promise<UserLimitOverrides> {
  const [row] = await database.query(
    `SELECT ${columns} FROM course_generation_limit_settings WHERE scope = $1 AND subject = $2 FOR UPDATE`,
    [scope, subject],
    {
      signal,
    },
  );
  return row === undefined
    ? { coursesPerHour: null, coursesPerDay: null, tokensPerDay: null, burst: null }
    : overridesOf(row);
}

/** Changes a role's limits (absent fields kept, `null` = unlimited; a `null` burst is 0). Run it in a transaction. */
export async function updateRoleLimits(
  database: Queryable,
  role: Role,
  patch: LimitPatch,
  signal?: AbortSignal,
): Promise<RoleLimits> {
  const next = merge(await currentRow(database, "role", role, signal), patch);
  const stored = { ...next, burst: next.burst ?? 0 };
  await upsert(database, "role", role, stored, signal);
  return stored;
}

/** Changes a user's overrides (absent fields kept, `null` = the role's value). Run it in a transaction. */
export async function updateUserLimits(
  database: Queryable,
  userId: string,
  patch: LimitPatch,
  signal?: AbortSignal,
): Promise<UserLimitOverrides> {
  const next = merge(await currentRow(database, "user", userId, signal), patch);
  await upsert(database, "user", userId, next, signal);
  return next;
}

/** Removes a user's overrides; true when there were some. */
export async function clearUserLimits(database: Queryable, userId: string, signal?: AbortSignal): Promise<boolean> {
  const rows = await database.query(
    "DELETE FROM course_generation_limit_settings WHERE scope = 'user' AND subject = $1 RETURNING subject",
    [userId],
    { signal },
  );
  return rows.length > 0;
}

/** Changes the global hourly limit (`null` = unlimited). */
export async function updateGlobalLimit(
  database: Queryable,
  coursesPerHour: number | null,
  signal?: AbortSignal,
): Promise<{ coursesPerHour: number | null }> {
  await upsert(
    database,
    "global",
    "all",
    { coursesPerHour, coursesPerDay: null, tokensPerDay: null, burst: null },
    signal,
  );
  return { coursesPerHour };
}
