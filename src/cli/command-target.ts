import { loadConfig, type Config } from "../config/index.ts";
import { openDatabase, type Database } from "../db/index.ts";
import { CourseforgeError } from "../errors/index.ts";
import { createServiceClient, readServiceLink, serviceLinkPath, type ServiceClient } from "../service-link/index.ts";
import type { CliContext } from "./io.ts";

/** Where a command does its work: the database itself, or the running service that holds it. */
export type CommandTarget =
  | { readonly kind: "database"; readonly config: Config; readonly database: Database }
  | { readonly kind: "service"; readonly config: Config; readonly service: ServiceClient };

/** Flags every command that opens the database takes. */
export interface TargetOptions {
  readonly dataDir?: string | undefined;
}

const staleExplanation = {
  unreadable: "its link file is unreadable",
  "unsafe-permissions": "its link file may be read or written by other users, so it is not trusted",
  "process-gone": "the service that wrote its link file has stopped",
  "other-host": "its link file was written on another host",
} as const;

/**
 * Reaches the service holding the locked embedded database through its link file, or throws
 * `DATABASE_LOCKED` saying what to do when there is no running service to reach.
 */
export function serviceHoldingFolder(dataDir: string, lockError: CourseforgeError): ServiceClient {
  const link = readServiceLink(dataDir);
  if (link !== undefined && !("stale" in link)) return createServiceClient(link);
  const ownerPid = typeof lockError.details.ownerPid === "number" ? ` (PID ${lockError.details.ownerPid})` : "";
  const why =
    link === undefined
      ? "It is not a running service (`courseforge start`, `npm start`) that takes CLI commands — e.g. another `courseforge generate`: wait for it to end, or stop it."
      : `No running service can take this command: ${staleExplanation[link.stale]} (${serviceLinkPath(dataDir)}). Stop the process holding the folder, or delete that file if no Courseforge process runs.`;
  throw new CourseforgeError(
    "DATABASE_LOCKED",
    `The Courseforge data folder ${dataDir} is in use by another process${ownerPid}.`,
    {
      cause: lockError,
      details: { ...lockError.details },
      suggestion: `${why} Or point --data-dir / COURSEFORGE_DATA_DIR at another folder, or set DATABASE_URL to share a Postgres server.`,
    },
  );
}

/**
 * Opens what one command works on and closes it after `work`: the database of the config (and
 * `--data-dir`), or — while a running service holds the embedded database — that service's API.
 */
export async function withCommandTarget<T>(
  options: TargetOptions,
  context: CliContext,
  work: (target: CommandTarget) => Promise<T>,
): Promise<T> {
  const config = loadConfig(
    context.environment,
    options.dataDir === undefined ? {} : { dataDir: options.dataDir },
    context.workingDirectory,
  );
  let database: Database;
  try {
    database = await openDatabase({
      databaseUrl: config.database.url,
      dataDir: config.database.dataDir,
      schema: config.database.schema,
      signal: context.signal,
    });
  } catch (error) {
    if (CourseforgeError.isInstance(error) && error.code === "DATABASE_LOCKED")
      return work({ kind: "service", config, service: serviceHoldingFolder(config.database.dataDir, error) });
    throw error;
  }
  try {
    return await work({ kind: "database", config, database });
  } finally {
    await database.close();
  }
}
