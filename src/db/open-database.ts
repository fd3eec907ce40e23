import { mkdir } from "node:fs/promises";
import { throwIfAborted } from "../errors/index.ts";
import { lockFolder } from "./folder-lock.ts";
import { runMigrations } from "./migrations.ts";
import { PgliteDatabase, openPgliteCluster } from "./pglite-adapter.ts";
import type { Database } from "./port.ts";
import { PostgresDatabase } from "./postgres-adapter.ts";
import { assertSchemaName, defaultSchema, type SchemaMove } from "./schema.ts";

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
  /**
   * The schema of Courseforge's tables (default `courseforge`, or the first of `searchPath`): put
   * first on the search path of every connection, created when missing, and an install whose
   * tables are still in `public` is moved into it by the migrations (docs/supabase.md).
   */
  readonly schema?: string | undefined;
  /** Postgres only: the exact `search_path` of every connection (e.g. an isolated test schema); default `[schema]`. */
  readonly searchPath?: readonly string[];
  /** Told when the migrations moved an install from `public` into `schema`. */
  readonly onSchemaMove?: ((move: SchemaMove) => void) | undefined;
  /** Postgres only: pool size (default 10). */
  readonly maxConnections?: number;
  /** Postgres only: errors of idle pooled connections, which the pool discards (default: ignored). */
  readonly onConnectionError?: (error: Error) => void;
}

async function migrateOrClose(database: Database, schema: string, options: OpenDatabaseOptions): Promise<Database> {
  try {
    if (options.migrate !== false) {
      await runMigrations(database, {
        signal: options.signal,
        schema,
        onSchemaMove: options.onSchemaMove,
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
  const schema = options.schema ?? options.searchPath?.[0] ?? defaultSchema;
  assertSchemaName(schema);
  if (options.databaseUrl !== undefined && options.databaseUrl !== "") {
    const database = new PostgresDatabase({
      databaseUrl: options.databaseUrl,
      searchPath: options.searchPath ?? [schema],
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
      ...(options.onConnectionError === undefined ? {} : { onConnectionError: options.onConnectionError }),
    });
    try {
      await database.ping(signal);
    } catch (error) {
      await database.close();
      throw error;
    }
    return migrateOrClose(database, schema, options);
  }
  await mkdir(options.dataDir, { recursive: true });
  const lock = await lockFolder(options.dataDir, { signal });
  let database: PgliteDatabase;
  try {
    const pglite = await openPgliteCluster(options.dataDir, signal);
    // One embedded connection: its session's search path is every query's.
    await pglite.exec(`SET search_path TO "${schema}"`);
    database = new PgliteDatabase(pglite, () => lock.release());
  } catch (error) {
    lock.release();
    throw error;
  }
  return migrateOrClose(database, schema, options);
}
