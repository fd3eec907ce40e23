import { mkdir } from "node:fs/promises";
import { throwIfAborted } from "../errors/index.ts";
import { lockFolder } from "./folder-lock.ts";
import { runMigrations } from "./migrations.ts";
import { PgliteDatabase, openPgliteCluster } from "./pglite-adapter.ts";
import type { Database } from "./port.ts";
import { PostgresDatabase } from "./postgres-adapter.ts";

/** Where the database is and what to do on opening it. */
export interface OpenDatabaseOptions {
  /** A `postgres://` URL: use that server (through a pool). Absent: use embedded PGlite in `dataDir`. */
  readonly databaseUrl?: string | undefined;
  /**
   * The Courseforge data folder (the caller's default is `.courseforge/` in the working directory).
   * With PGlite it holds the lock file `courseforge.lock` and the cluster in `pglite/`. Created if missing.
   */
  readonly dataDir: string;
  readonly signal?: AbortSignal | undefined;
  /** Apply pending migrations (default `true`). */
  readonly migrate?: boolean;
  /** Migration folder override (tests); defaults to the repository's `migrations/`. */
  readonly migrationsDirectory?: string;
  /** Postgres only: schemas for every connection's `search_path` (e.g. an isolated test schema). */
  readonly searchPath?: readonly string[];
  /** Postgres only: pool size (default 10). */
  readonly maxConnections?: number;
  /** Postgres only: errors of idle pooled connections, which the pool discards (default: ignored). */
  readonly onConnectionError?: (error: Error) => void;
}

async function migrateOrClose(database: Database, options: OpenDatabaseOptions): Promise<Database> {
  try {
    if (options.migrate !== false) {
      await runMigrations(database, {
        signal: options.signal,
        ...(options.migrationsDirectory === undefined ? {} : { directory: options.migrationsDirectory }),
      });
    }
    throwIfAborted(options.signal);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * Opens the Courseforge database and brings its schema up to date.
 *
 * With `databaseUrl`: a `pg` pool (`application_name` "courseforge", max 10 connections), checked
 * with one round trip so that a wrong URL fails here with `DATABASE_UNAVAILABLE`.
 * Without: PGlite in `dataDir`, after taking the folder's exclusive lock (`DATABASE_LOCKED` if
 * another process, or another open Database in this one, holds it). Creating a new embedded
 * database takes 5–15 s and happens only when the folder has none; reopening takes about a second.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { signal } = options;
  throwIfAborted(signal);
  if (options.databaseUrl !== undefined && options.databaseUrl !== "") {
    const database = new PostgresDatabase({
      databaseUrl: options.databaseUrl,
      ...(options.searchPath === undefined ? {} : { searchPath: options.searchPath }),
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
      ...(options.onConnectionError === undefined ? {} : { onConnectionError: options.onConnectionError }),
    });
    try {
      await database.ping(signal);
    } catch (error) {
      await database.close();
      throw error;
    }
    return migrateOrClose(database, options);
  }
  await mkdir(options.dataDir, { recursive: true });
  const lock = await lockFolder(options.dataDir, { signal });
  let database: PgliteDatabase;
  try {
    const pglite = await openPgliteCluster(options.dataDir, signal);
    database = new PgliteDatabase(pglite, () => lock.release());
  } catch (error) {
    lock.release();
    throw error;
  }
  return migrateOrClose(database, options);
}
