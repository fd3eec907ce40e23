import { migrationStatus } from "./migrations.ts";
import type { Queryable } from "./port.ts";

/** What a readiness probe found: whether the database answers and its migrations are current. */
export interface Readiness {
  readonly database: "ok" | "failed";
  readonly migrations: "ok" | "pending" | "unknown";
}

/** A readiness probe of one database (`GET /readyz`). */
export interface ReadinessCheck {
  check(signal?: AbortSignal): Promise<Readiness>;
}

/**
 * Builds a readiness probe: the database answers a `SELECT 1`, and the migrations are compared
 * with the files until they are seen current once (they cannot become pending without a restart,
 * so later probes cost one round trip).
 */
export function createReadinessCheck(database: Queryable): ReadinessCheck {
  let migrationsCurrent = false;
  return {
    async check(signal) {
      let migrations: Readiness["migrations"] = migrationsCurrent ? "ok" : "unknown";
      try {
        await database.query("SELECT 1", [], { signal });
        if (!migrationsCurrent) {
          migrationsCurrent = (await migrationStatus(database, { signal })).upToDate;
          migrations = migrationsCurrent ? "ok" : "pending";
        }
        return { database: "ok", migrations };
      } catch {
        return { database: "failed", migrations };
      }
    },
  };
}
