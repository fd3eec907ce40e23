import { z } from "zod";

/** A role's spending caps in US dollars before an admin changes them; `null` = no cap. */
export interface RoleBudget {
  readonly usdPerDay: number | null;
  readonly usdPerMonth: number | null;
  readonly usdPerCourse: number | null;
}

/** What each user of a role may spend by default (docs/limits.md, "Budgets"). */
export const defaultRoleBudgets = {
  student: { usdPerDay: 1, usdPerMonth: 10, usdPerCourse: 0.5 },
  teacher: { usdPerDay: 20, usdPerMonth: 200, usdPerCourse: 5 },
  admin: { usdPerDay: null, usdPerMonth: null, usdPerCourse: null },
} as const satisfies Record<string, RoleBudget>;

const budgetRoles = ["student", "teacher", "admin"] as const;
const format =
  "must list role=day:month:course in US dollars, e.g. student=1:10:0.5;teacher=20:200:5 (`-` for no cap, `none` for a role with no caps)";

/**
 * Parses `COURSEFORGE_ROLE_BUDGETS`: `role=day:month:course;…`, each amount in US dollars or `-`
 * (no cap); `role=none` lifts every cap of the role. Roles left out keep their defaults.
 *
 * @throws {Error} naming the entry that is not of that form.
 */
export function parseRoleBudgets(text: string): Record<(typeof budgetRoles)[number], RoleBudget> {
  const budgets: Record<string, RoleBudget> = { ...defaultRoleBudgets };
  for (const entry of text
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part !== "")) {
    const [role, amounts, ...rest] = entry.split("=").map((part) => part.trim());
    if (!budgetRoles.includes(role as (typeof budgetRoles)[number]) || amounts === undefined || rest.length > 0)
      throw new Error(`${format}; got ${JSON.stringify(entry)}`);
    if (amounts === "none") {
      budgets[role!] = { usdPerDay: null, usdPerMonth: null, usdPerCourse: null };
      continue;
    }
    const parts = amounts.split(":").map((part) => part.trim());
    const values = parts.map((part) => (part === "-" ? null : Number(part)));
    if (
      parts.length !== 3 ||
      parts.some((part) => part === "") ||
      values.some((value) => value !== null && !(value >= 0 && value <= 1e9))
    )
      throw new Error(`${format}; got ${JSON.stringify(entry)}`);
    budgets[role!] = { usdPerDay: values[0]!, usdPerMonth: values[1]!, usdPerCourse: values[2]! };
  }
  return budgets as Record<(typeof budgetRoles)[number], RoleBudget>;
}

const usd = z.number().min(0).nullable();
const roleBudget = z.strictObject({ usdPerDay: usd, usdPerMonth: usd, usdPerCourse: usd });

/** What a job does when the global daily budget is spent: wait for the next day (or a raise), or fail. */
export const overGlobalBudgetModes = ["wait", "refuse"] as const;

/** The `budgets` section of the config: seeds the budget settings table on first use. */
export const budgetsSchema = z.strictObject({
  roles: z.strictObject({ student: roleBudget, teacher: roleBudget, admin: roleBudget }),
  globalUsdPerDay: z.coerce
    .number({ error: "must be an amount in US dollars such as 50" })
    .min(0, { error: "must be 0 or more" })
    .max(1e9, { error: "must be at most 1000000000" })
    .nullable(),
  overGlobal: z.enum(overGlobalBudgetModes, { error: "must be wait or refuse" }),
  waitSeconds: z.coerce
    .number({ error: "must be a number of seconds from 1 to 3600" })
    .min(1, { error: "must be a number of seconds from 1 to 3600" })
    .max(3_600, { error: "must be a number of seconds from 1 to 3600" }),
});
