/** A throwaway, migrated database for one benchmark run. */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, redactDatabaseUrl } from "../../src/db/index.ts";
import type { Database } from "../../src/db/index.ts";
import { ensurePgliteTemplate } from "../../test/support/pglite-template.ts";

/** Where a benchmark stores its data. */
export const databaseKinds = ["pglite", "postgres"] as const;
export type DatabaseKind = (typeof databaseKinds)[number];

/** The Postgres server used when `DATABASE_URL` is not set. */
export const defaultPostgresUrl = "postgres://postgres@127.0.0.1:5432/test";

/** An open benchmark database; `cleanup` closes it and deletes its folder or schema. */
export interface BenchDatabase {
  readonly database: Database;
  /** For humans: the temp folder or `schema @ redacted URL`. */
  readonly location: string;
  cleanup(): Promise<void>;
}

/**
 * Opens embedded PGlite in a new temp folder, or a new schema on the Postgres server at
 * `postgresUrl`; either is migrated and removed again by `cleanup`. The PGlite folder is a copy of
 * the tests' migrated template (built once, 5–15 s), so a run does not pay for an initdb.
 */
export async function openBenchDatabase(
  kind: DatabaseKind,
  postgresUrl: string,
  signal: AbortSignal,
): Promise<BenchDatabase> {
  if (kind === "pglite") {
    const template = await ensurePgliteTemplate();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "courseforge-bench-"));
    try {
      await cp(template, dataDir, { recursive: true, mode: constants.COPYFILE_FICLONE });
      const database = await openDatabase({ dataDir, signal });
      return {
        database,
        location: dataDir,
        async cleanup() {
          await database.close();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  const schema = `courseforge_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  try {
    await admin(`CREATE SCHEMA ${schema}`);
  } catch (error) {
    throw new Error(
      `Cannot use the Postgres server at ${redactDatabaseUrl(postgresUrl)} (${error instanceof Error ? error.message : String(error)}): start it, set DATABASE_URL to one, or pass --database pglite.`,
      { cause: error },
    );
  }
  try {
    const database = await openDatabase({
      databaseUrl: postgresUrl,
      dataDir: os.tmpdir(),
      searchPath: [schema],
      signal,
    });
    return {
      database,
      location: `schema ${schema} @ ${redactDatabaseUrl(postgresUrl)}`,
      async cleanup() {
        await database.close();
        await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      },
    };
  } catch (error) {
    await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    throw error;
  }
}
