import { randomBytes } from "node:crypto";
import { copyFile, cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import {
  defaultMigrationsDirectory,
  openDatabase,
  pgliteFolderName,
  readMigrationFiles,
  type Database,
} from "../src/db/index.ts";
import type { SchemaMove } from "../src/db/schema.ts";
import { createUser, findUser } from "../src/users/index.ts";
import { testBackend, testDatabaseUrl } from "./support/database.ts";

// Courseforge's tables in a schema of their own (COURSEFORGE_DB_SCHEMA, default courseforge), on
// the backend of COURSEFORGE_TEST_DATABASE. On Postgres each case gets a database of its own: the
// cases write to `public`, which the other tests' schemas on the shared test database must never see.

const backend = testBackend();
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

// One empty PGlite cluster, copied for each case: creating a cluster (initdb) takes 10-60 s here.
let emptyCluster: Promise<string> | undefined;
async function emptyPgliteFolder(): Promise<string> {
  emptyCluster ??= (async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), "courseforge-schema-empty-"));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    await (await openDatabase({ dataDir: folder, schema: "public", migrate: false })).close();
    return folder;
  })();
  return emptyCluster;
}

/** A place for one empty database: a PGlite folder, or a new database on the test server. */
async function emptyDatabase(): Promise<{ open: (options: OpenOptions) => Promise<Database> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "courseforge-schema-"));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  if (backend === "pglite") {
    await cp(path.join(await emptyPgliteFolder(), pgliteFolderName), path.join(dataDir, pgliteFolderName), {
      recursive: true,
    });
    return { open: (options) => openDatabase({ dataDir, ...options }) };
  }
  const name = `courseforge_schema_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  return { open: (options) => openDatabase({ databaseUrl: url.toString(), dataDir, maxConnections: 2, ...options }) };
}

interface OpenOptions {
  readonly schema?: string;
  readonly migrate?: boolean;
  readonly migrationsDirectory?: string;
  readonly onSchemaMove?: (move: SchemaMove) => void;
}

/** The repository's migrations plus `extra` files, in a folder of their own. */
async function migrationsWith(extra: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "courseforge-schema-migrations-"));
  cleanups.push(() => rm(directory, { recursive: true, force: true }));
  for (const file of await readMigrationFiles())
    await copyFile(file.path, path.join(directory, path.basename(file.path)));
  for (const [name, sql] of Object.entries(extra)) await writeFile(path.join(directory, name), sql);
  return directory;
}

async function relationsIn(database: Database, schema: string): Promise<string[]> {
  const rows = await database.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'S', 'v', 'm') ORDER BY 1`,
    [schema],
  );
  return rows.map((row) => row.name);
}

async function functionsIn(database: Database, schema: string): Promise<string[]> {
  const rows = await database.query<{ name: string }>(
    `SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 ORDER BY 1`,
    [schema],
  );
  return rows.map((row) => row.name);
}

describe(`Courseforge's own schema (${backend})`, { timeout: 240_000 }, () => {
  it("creates every table in the courseforge schema and none in public", async () => {
    const place = await emptyDatabase();
    const database = await place.open({});
    try {
      const tables = await relationsIn(database, "courseforge");
      expect(tables).toEqual(
        expect.arrayContaining(["schema_migrations", "users", "courses", "course_generation_jobs"]),
      );
      expect(await relationsIn(database, "public")).toEqual([]);
      expect(await functionsIn(database, "courseforge")).toContain("course_generation_events_notify");
      const [current] = await database.query<{ schema: string }>("SELECT current_schema() AS schema");
      expect(current?.schema).toBe("courseforge");
    } finally {
      await database.close();
    }
  });

  it("moves an install whose tables are in public, keeping every row, and later migrations land in the schema", async () => {
    const place = await emptyDatabase();
    // The install as Courseforge made it before schemas: every migration of today, in public.
    const old = await place.open({ schema: "public" });
    const user = await createUser(old, { email: "before@example.com", role: "teacher", id: "user-before-the-move" });
    await old.query(
      `INSERT INTO courses (id, title, topic, language, format_version, document) VALUES ('crs_before', 'Tides', 'tides', 'en', '1', '{"title":"Tides"}')`,
    );
    await old.query(
      `INSERT INTO course_generation_jobs (id, status, request, course_id, user_id) VALUES ('job_before', 'succeeded', '{}', 'crs_before', $1)`,
      [user.id],
    );
    await old.query(
      `INSERT INTO course_generation_events (job_id, type, data) VALUES ('job_before', 'job.queued', '{}'), ('job_before', 'job.succeeded', '{}')`,
    );
    const oldTables = await relationsIn(old, "public");
    await old.close();

    // The next version: the same files and one more, as a later branch adds them.
    const directory = await migrationsWith({
      "950_later_table.sql": `CREATE TABLE IF NOT EXISTS later_notes (id text PRIMARY KEY, user_id text NOT NULL REFERENCES users(id));
ALTER TABLE courses ADD COLUMN IF NOT EXISTS later_flag boolean NOT NULL DEFAULT false;`,
    });
    const moves: SchemaMove[] = [];
    const moved = await place.open({ migrationsDirectory: directory, onSchemaMove: (move) => moves.push(move) });
    try {
      expect(moves).toHaveLength(1);
      expect(moves[0]?.to).toBe("courseforge");
      expect(moves[0]?.objects.map((object) => object.name)).toEqual(
        expect.arrayContaining([
          "schema_migrations",
          "users",
          "course_generation_events",
          "course_generation_events_notify",
        ]),
      );
      expect(await relationsIn(moved, "public")).toEqual([]);
      expect(await functionsIn(moved, "public")).toEqual([]);
      expect(await relationsIn(moved, "courseforge")).toEqual(expect.arrayContaining([...oldTables, "later_notes"]));

      expect(await findUser(moved, user.id)).toMatchObject({ email: "before@example.com", role: "teacher" });
      const [course] = await moved.query<{ title: string; later_flag: boolean }>(
        `SELECT title, later_flag FROM courses WHERE id = 'crs_before'`,
      );
      expect(course).toEqual({ title: "Tides", later_flag: false });
      const events = await moved.query<{ id: number; type: string }>(
        `SELECT id, type FROM course_generation_events WHERE job_id = 'job_before' ORDER BY id`,
      );
      expect(events.map((event) => event.type)).toEqual(["job.queued", "job.succeeded"]);
      // The moved trigger and sequence still number new events after the old ones.
      const [added] = await moved.query<{ id: number }>(
        `INSERT INTO course_generation_events (job_id, type, data) VALUES ('job_before', 'job.requeued', '{}') RETURNING id`,
      );
      expect(added!.id).toBeGreaterThan(events.at(-1)!.id);
      await moved.query(`INSERT INTO later_notes (id, user_id) VALUES ('note', $1)`, [user.id]);

      const versions = await moved.query<{ version: number }>(`SELECT version FROM schema_migrations ORDER BY version`);
      const files = await readMigrationFiles({ directory });
      expect(versions.map((row) => row.version)).toEqual(files.map((file) => file.version));
    } finally {
      await moved.close();
    }

    // Opening again moves nothing and applies nothing.
    const again = await place.open({ migrationsDirectory: directory, onSchemaMove: (move) => moves.push(move) });
    await again.close();
    expect(moves).toHaveLength(1);
  });

  it("moves an install that had only the first migrations: the rest are applied in the schema", async () => {
    const place = await emptyDatabase();
    const firstFiles = await mkdtemp(path.join(os.tmpdir(), "courseforge-schema-first-"));
    cleanups.push(() => rm(firstFiles, { recursive: true, force: true }));
    for (const file of (await readMigrationFiles()).filter((file) => file.version <= 2))
      await copyFile(file.path, path.join(firstFiles, path.basename(file.path)));
    const old = await place.open({ schema: "public", migrationsDirectory: firstFiles });
    await createUser(old, { email: "early@example.com", role: "student", id: "early-user" });
    await old.close();

    const upgraded = await place.open({ migrationsDirectory: defaultMigrationsDirectory });
    try {
      expect(await relationsIn(upgraded, "public")).toEqual([]);
      expect(await findUser(upgraded, "early-user")).toMatchObject({ email: "early@example.com" });
      expect(await relationsIn(upgraded, "courseforge")).toEqual(
        expect.arrayContaining(["knowledge_chunks", "course_generation_logs", "provider_budget_models"]),
      );
    } finally {
      await upgraded.close();
    }
  });

  it("never touches a platform's own users, courses and schema_migrations tables in public", async () => {
    const place = await emptyDatabase();
    const platform = await place.open({ schema: "public", migrate: false });
    await platform.exec(`
      CREATE TABLE users (id uuid PRIMARY KEY, display_name text NOT NULL);
      CREATE TABLE courses (id serial PRIMARY KEY, slug text NOT NULL);
      CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);
      INSERT INTO users VALUES ('0b6f7a3e-1d2c-4b5a-8f9e-0a1b2c3d4e5f', 'Ada');
      INSERT INTO courses (slug) VALUES ('intro');
      INSERT INTO schema_migrations VALUES (20240101, false);
    `);
    await platform.close();

    const moves: SchemaMove[] = [];
    const database = await place.open({ onSchemaMove: (move) => moves.push(move) });
    try {
      expect(moves).toEqual([]);
      expect(await relationsIn(database, "public")).toEqual([
        "courses",
        "courses_id_seq",
        "schema_migrations",
        "users",
      ]);
      expect(await database.query(`SELECT display_name FROM public.users`)).toEqual([{ display_name: "Ada" }]);
      await createUser(database, { email: "teacher@example.com", role: "teacher" });
      expect(await database.query(`SELECT count(*)::int AS n FROM courseforge.users`)).toEqual([{ n: 1 }]);
      expect(await database.query(`SELECT count(*)::int AS n FROM public.users`)).toEqual([{ n: 1 }]);
    } finally {
      await database.close();
    }
  });

  it("uses a configured schema name, and refuses one that is no plain identifier", async () => {
    const place = await emptyDatabase();
    const database = await place.open({ schema: "learning" });
    try {
      expect(await relationsIn(database, "learning")).toContain("users");
      expect(await relationsIn(database, "courseforge")).toEqual([]);
    } finally {
      await database.close();
    }
    await expect(place.open({ schema: 'bad"name' })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
