import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type Database } from "../../src/db/index.ts";
import { ensurePgliteTemplate } from "./pglite-template.ts";

/** Which server a test database lives on. */
export type TestBackend = "pglite" | "postgres";

/** Used when `COURSEFORGE_TEST_DATABASE_URL` is not set (trust auth for `postgres` on this host). */
export const defaultTestDatabaseUrl = "postgres://postgres@127.0.0.1:5432/test";

/** The backend chosen by `COURSEFORGE_TEST_DATABASE` (`pglite`, the default, or `postgres`). */
export function testBackend(): TestBackend {
  const value = process.env.COURSEFORGE_TEST_DATABASE ?? "pglite";
  if (value !== "pglite" && value !== "postgres")
    throw new Error(`COURSEFORGE_TEST_DATABASE must be pglite or postgres, not ${value}.`);
  return value;
}

/** The Postgres server for tests: `COURSEFORGE_TEST_DATABASE_URL` or {@link defaultTestDatabaseUrl}. */
export function testDatabaseUrl(): string {
  return process.env.COURSEFORGE_TEST_DATABASE_URL ?? defaultTestDatabaseUrl;
}

/** True when the test Postgres server accepts a connection within two seconds. */
export async function isPostgresReachable(url = testDatabaseUrl()): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A database of its own for one test (file): use `db`, then `cleanup()` removes every trace. */
export interface TestDatabase {
  readonly db: Database;
  readonly backend: TestBackend;
  /** PGlite: the data folder. Postgres: the schema. */
  readonly location: string;
  cleanup(): Promise<void>;
}

async function templateFolder(): Promise<string> {
  // Built once per `vitest run` by test/global-setup.ts; built here when running without it.
  const provided = inject("pgliteTemplateDir");
  return typeof provided === "string" && provided !== "" ? provided : ensurePgliteTemplate();
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "courseforge-test-db-"));
  // FICLONE: a copy-on-write clone where the file system offers it (btrfs, xfs), a plain copy elsewhere.
  await cp(await templateFolder(), dataDir, { recursive: true, mode: constants.COPYFILE_FICLONE });
  try {
    const db = await openDatabase({ dataDir });
    return {
      db,
      backend: "pglite",
      location: dataDir,
      async cleanup() {
        await db.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function createPostgresDatabase(url: string): Promise<TestDatabase> {
  // A schema per test database: tests running in parallel on one server never see each other's tables.
  const schema = `courseforge_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const dropSchema = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  };
  try {
    const db = await openDatabase({ databaseUrl: url, dataDir: os.tmpdir(), searchPath: [schema], maxConnections: 4 });
    return {
      db,
      backend: "postgres",
      location: schema,
      async cleanup() {
        await db.close();
        await dropSchema();
      },
    };
  } catch (error) {
    await dropSchema();
    throw error;
  }
}

/**
 * Creates a migrated database for a test on the backend of `COURSEFORGE_TEST_DATABASE` (or
 * `options.backend`): a copy of the PGlite template in a fresh temp folder, or a fresh schema on
 * the test Postgres server.
 */
export async function createTestDatabase(options: { backend?: TestBackend } = {}): Promise<TestDatabase> {
  const backend = options.backend ?? testBackend();
  return backend === "pglite" ? createPgliteDatabase() : createPostgresDatabase(testDatabaseUrl());
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated PGlite template folder built by test/global-setup.ts. */
    pgliteTemplateDir: string;
  }
}
