import { InvalidInputError } from "../errors/index.ts";
import type { LimitPatch, LimitSettings, ModelAccessSettings } from "../limits/index.ts";
import { isRole, roles } from "../users/index.ts";
import { limitOperations, type LimitOperations } from "./admin-operations.ts";
import { withCommandTarget } from "./command-target.ts";
import { exitCodes, type CliContext } from "./io.ts";
import type { UsersCommonOptions } from "./users.ts";

/** Flags of `limits set`: each value a whole number, or `none` (unlimited for a role, the role's value for a user). */
export interface LimitsSetOptions extends UsersCommonOptions {
  role?: string;
  user?: string;
  global?: boolean;
  coursesPerHour?: string;
  coursesPerDay?: string;
  tokensPerDay?: string;
  burst?: string;
}

function withLimits<T>(
  options: UsersCommonOptions,
  context: CliContext,
  work: (limits: LimitOperations) => Promise<T>,
): Promise<T> {
  return withCommandTarget(options, context, (target) => work(limitOperations(target)));
}

function parseValue(flag: string, value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  if (value.trim().toLowerCase() === "none") return null;
  if (!/^\d+$/.test(value.trim()))
    throw new InvalidInputError(
      `--${flag} must be a whole number of 0 or more, or "none"; got ${JSON.stringify(value)}.`,
      { details: { field: flag } },
    );
  return Number(value);
}

const shown = (value: number | null) => (value === null ? "unlimited" : String(value));

function describeSettings(settings: LimitSettings, models: ModelAccessSettings): string {
  const lines = ["role      courses/hour  burst  courses/day  tokens/day"];
  for (const role of roles) {
    const limits = settings.roles[role];
    lines.push(
      `${role.padEnd(9)} ${shown(limits.coursesPerHour).padEnd(13)} ${String(limits.burst).padEnd(6)} ${shown(limits.coursesPerDay).padEnd(12)} ${shown(limits.tokensPerDay)}`,
    );
  }
  lines.push(`global    ${shown(settings.global.coursesPerHour)} courses/hour`);
  for (const user of settings.users) {
    const fields = Object.entries({
      coursesPerHour: user.coursesPerHour,
      coursesPerDay: user.coursesPerDay,
      tokensPerDay: user.tokensPerDay,
      burst: user.burst,
    })
      .filter(([, value]) => value !== null)
      .map(([name, value]) => `${name}=${String(value)}`);
    lines.push(`user ${user.userId}: ${fields.length === 0 ? "(no overrides)" : fields.join(" ")}`);
  }
  for (const role of roles) {
    const { models: allowed, source } = models.roles[role];
    const origin = source === "config" ? "default" : "set by an admin";
    lines.push(`models ${role}: ${allowed.length === 0 ? "(none)" : allowed.join(", ")} (${origin})`);
  }
  return `${lines.join("\n")}\n`;
}

/** `limits show [--json]`: every role's limits, the global limit, the per-user overrides and the model allow-lists. */
export async function limitsShowCommand(options: UsersCommonOptions, context: CliContext): Promise<number> {
  const [settings, models] = await withLimits(options, context, (limits) =>
    Promise.all([limits.settings(context.signal), limits.models(context.signal)]),
  );
  context.stdout.write(
    options.json === true ? `${JSON.stringify({ ...settings, models })}\n` : describeSettings(settings, models),
  );
  return exitCodes.success;
}

/** `limits set --role R | --user ID | --global [--courses-per-hour N] [--courses-per-day N] [--tokens-per-day N] [--burst N]`. */
export async function limitsSetCommand(options: LimitsSetOptions, context: CliContext): Promise<number> {
  const targets = [options.role, options.user, options.global === true ? "global" : undefined].filter(
    (target) => target !== undefined,
  );
  if (targets.length !== 1)
    throw new InvalidInputError("limits set needs exactly one of --role R, --user ID or --global.", {
      details: { field: "role" },
    });
  const patch: LimitPatch = {};
  const entries = [
    ["coursesPerHour", "courses-per-hour", options.coursesPerHour],
    ["coursesPerDay", "courses-per-day", options.coursesPerDay],
    ["tokensPerDay", "tokens-per-day", options.tokensPerDay],
    ["burst", "burst", options.burst],
  ] as const;
  for (const [field, flag, raw] of entries) {
    const value = parseValue(flag, raw);
    if (value !== undefined) patch[field] = value;
  }
  if (Object.keys(patch).length === 0)
    throw new InvalidInputError(
      "limits set needs at least one of --courses-per-hour, --courses-per-day, --tokens-per-day, --burst.",
      { details: { field: "courses-per-hour" } },
    );
  if (options.global === true && Object.keys(patch).some((field) => field !== "coursesPerHour")) {
    throw new InvalidInputError("limits set --global takes only --courses-per-hour.", { details: { field: "global" } });
  }
  if (options.role !== undefined && !isRole(options.role))
    throw new InvalidInputError(`--role must be one of ${roles.join(", ")}.`, { details: { field: "role" } });
  const result = await withLimits(options, context, async (limits) => {
    if (options.role !== undefined && isRole(options.role))
      return { role: options.role, limits: await limits.setRole(options.role, patch, context.signal) };
    if (options.user !== undefined)
      return { userId: options.user, overrides: await limits.setUser(options.user, patch, context.signal) };
    return { global: await limits.setGlobal(patch.coursesPerHour ?? null, context.signal) };
  });
  context.stdout.write(options.json === true ? `${JSON.stringify(result)}\n` : `Updated: ${JSON.stringify(result)}\n`);
  return exitCodes.success;
}

/** `limits clear --user ID [--json]`: removes a user's overrides. */
export async function limitsClearCommand(
  options: UsersCommonOptions & { user?: string },
  context: CliContext,
): Promise<number> {
  const userId = options.user;
  if (userId === undefined)
    throw new InvalidInputError("limits clear needs --user ID.", { details: { field: "user" } });
  const cleared = await withLimits(options, context, (limits) => limits.clearUser(userId, context.signal));
  context.stdout.write(
    options.json === true
      ? `${JSON.stringify({ userId, cleared })}\n`
      : cleared
        ? `Cleared the overrides of ${userId}.\n`
        : `${userId} had no overrides.\n`,
  );
  return exitCodes.success;
}
