import type { Config } from "../config/index.ts";
import { migrationStatus, openDatabase, redactDatabaseUrl, type Database, type MigrationStatus } from "../db/index.ts";
import { CourseforgeError } from "../errors/index.ts";
import { readLimitSettings, type LimitSettings } from "../limits/index.ts";
import { createServiceClient, readServiceLink, type ServiceClient } from "../service-link/index.ts";
import { roles } from "../users/index.ts";
import { fail, messageOf, pass, type DoctorCheck } from "./doctor-check.ts";

const shown = (value: number | null) => (value === null ? "unlimited" : String(value));

/** The `limits` line: what each role may do per hour, the global limit, and whether anyone can create a course. */
export function checkLimits(settings: Pick<LimitSettings, "roles" | "global">, source: string): DoctorCheck {
  const perRole = roles.map((role) => `${role} ${shown(settings.roles[role].coursesPerHour)}/h`).join(", ");
  const detail = `${perRole}; global ${shown(settings.global.coursesPerHour)}/h (${source})`;
  const blocked = roles.filter((role) => settings.roles[role].coursesPerHour === 0);
  if (settings.global.coursesPerHour === 0 || blocked.length === roles.length)
    return fail(
      "limits",
      `${detail}: nobody can create a course`,
      "Raise them with `courseforge limits set --global --courses-per-hour N` or `--role R --courses-per-hour N` (docs/limits.md).",
    );
  return pass("limits", blocked.length === 0 ? detail : `${detail}; ${blocked.join(", ")} may create no course`);
}

function checkMigrations(status: MigrationStatus): DoctorCheck {
  if (status.changed.length > 0)
    return fail(
      "migrations",
      `changed after being applied: ${status.changed.map((entry) => entry.file.fileName).join(", ")}`,
      "Restore the edited migration files; add changes as new migrations.",
    );
  if (status.pending.length > 0)
    return pass(
      "migrations",
      `${status.applied.length} applied, ${status.pending.length} pending (${status.pending.map((file) => file.fileName).join(", ")}): ` +
        "normal before the first start; the next `courseforge start` (or `generate`) applies them",
    );
  return pass("migrations", `${status.applied.length} applied, none pending`);
}

async function checksOfOpenDatabase(
  database: Database,
  config: Config,
  where: string,
  signal: AbortSignal,
): Promise<DoctorCheck[]> {
  const answers = pass("database", `${where} (${database.kind}) answers`);
  let status: MigrationStatus;
  try {
    status = await migrationStatus(database, { signal });
  } catch (error) {
    return [
      answers,
      fail(
        "migrations",
        `could not read the applied migrations: ${messageOf(error)}`,
        "Check the database user may read schema_migrations.",
      ),
      fail("limits", "not checked: the migrations could not be read", "Fix the migrations first."),
    ];
  }
  // Before the first start no limit is stored yet: the config's defaults are what will be stored.
  const limits =
    status.pending.length > 0
      ? checkLimits(
          { roles: config.limits.roles, global: { coursesPerHour: config.limits.globalCoursesPerHour } },
          "the defaults, stored on the first start",
        )
      : await readLimitSettings(database, signal).then(
          (settings) => checkLimits(settings, "stored"),
          (error: unknown) =>
            fail("limits", `could not read the limits: ${messageOf(error)}`, "Check the database (see above)."),
        );
  return [answers, checkMigrations(status), limits];
}

// The folder is held by a running service: ask it (its readiness covers the database and the migrations).
async function checksThroughService(
  service: ServiceClient,
  where: string,
  signal: AbortSignal,
): Promise<DoctorCheck[]> {
  const holder = `${where}, held by the running service at ${service.url} (PID ${service.pid})`;
  let ready: { checks: { database: string; migrations: string } };
  try {
    ready = await service.request("GET", "/readyz", { signal });
  } catch (error) {
    return [
      fail("database", `${holder}: ${messageOf(error)}`, "Check the service's log; restart it if it does not recover."),
      fail("migrations", "not checked: the service is not ready", "Fix the database first."),
      fail("limits", "not checked: the service is not ready", "Fix the database first."),
    ];
  }
  const limits = await service.request<LimitSettings>("GET", "/v1/admin/limits", { signal }).then(
    (settings) => checkLimits(settings, "stored, read through the running service"),
    (error: unknown) =>
      fail("limits", `the running service did not give its limits: ${messageOf(error)}`, "Check the service's log."),
  );
  return [
    pass("database", `${holder}: answers`),
    ready.checks.migrations === "ok"
      ? pass("migrations", "current (checked by the running service)")
      : fail("migrations", `the running service reports ${ready.checks.migrations}`, "Restart the service."),
    limits,
  ];
}

/** The `database`, `migrations` and `limits` lines: on the database, or through the service holding it. */
export async function checkDatabase(config: Config, signal: AbortSignal): Promise<DoctorCheck[]> {
  const where =
    config.database.url === undefined ? `PGlite in ${config.database.dataDir}` : redactDatabaseUrl(config.database.url);
  let database: Database;
  try {
    database = await openDatabase({
      databaseUrl: config.database.url,
      dataDir: config.database.dataDir,
      schema: config.database.schema,
      migrate: false,
      signal,
    });
    await database.query("SELECT 1", [], { signal });
  } catch (error) {
    if (CourseforgeError.isInstance(error) && error.code === "DATABASE_LOCKED") {
      const link = readServiceLink(config.database.dataDir);
      if (link !== undefined && !("stale" in link))
        return checksThroughService(createServiceClient(link), where, signal);
    }
    return [
      fail(
        "database",
        `${where} is not reachable: ${messageOf(error)}`,
        config.database.url === undefined
          ? "Stop the process holding the data folder, or set DATABASE_URL."
          : "Start Postgres, or fix DATABASE_URL (host, port, user, password, database).",
      ),
      fail("migrations", "not checked: no database", "Fix the database first."),
      fail("limits", "not checked: no database", "Fix the database first."),
    ];
  }
  try {
    return await checksOfOpenDatabase(database, config, where, signal);
  } finally {
    await database.close();
  }
}
