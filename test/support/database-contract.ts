import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationStatus, runMigrations, type Database } from "../../src/db/index.ts";
import { AbortedError } from "../../src/errors/index.ts";
import type { TestDatabase } from "./database.ts";

/** How the contract suite reaches one backend. */
export interface ContractTarget {
  readonly create: () => Promise<TestDatabase>;
  /** A second, independent Database on the same data (another pool); PGlite returns the same one. */
  readonly openSecond: (database: TestDatabase) => Promise<{ db: Database; close(): Promise<void> }>;
}

async function migrationFolder(files: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "courseforge-migrations-"));
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(directory, name), sql);
  return directory;
}

async function tableExists(db: Database, table: string): Promise<boolean> {
  const [row] = await db.query<{ present: boolean }>("SELECT to_regclass($1) IS NOT NULL AS present", [table]);
  return row?.present === true;
}

/** The behaviour every adapter of the `Database` port must show, identically. */
export function describeDatabaseContract(name: string, target: ContractTarget): void {
  describe(`Database contract (${name})`, () => {
    let database: TestDatabase;
    let db: Database;
    const folders: string[] = [];
    const folder = async (files: Record<string, string>) => {
      const directory = await migrationFolder(files);
      folders.push(directory);
      return directory;
    };

    beforeAll(async () => {
      database = await target.create();
      db = database.db;
      await db.exec("CREATE TABLE contract_items (id bigint PRIMARY KEY, label text NOT NULL)");
    });
    afterAll(async () => {
      await database?.cleanup();
      for (const directory of folders) await rm(directory, { recursive: true, force: true });
    });

    it("returns int8, numeric, timestamptz, jsonb, bool, date and arrays as the same JS values", async () => {
      await db.exec(`CREATE TABLE contract_types (
        id int8, amount numeric(14,6), at timestamptz, doc jsonb, flag bool, day date, ids int8[], amounts numeric[], small int4)`);
      const doc = { a: [1, "x", null], b: { c: true } };
      await db.query("INSERT INTO contract_types VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9)", [
        Number.MAX_SAFE_INTEGER,
        "12.345678",
        new Date("2024-05-06T07:08:09.123Z"),
        JSON.stringify(doc),
        true,
        "2024-02-29",
        [1, null, 3],
        [1.5, 2],
        7,
      ]);
      const rows = await db.query("SELECT * FROM contract_types");
      expect(rows).toStrictEqual([
        {
          id: Number.MAX_SAFE_INTEGER,
          amount: 12.345678,
          at: new Date("2024-05-06T07:08:09.123Z"),
          doc,
          flag: true,
          day: "2024-02-29",
          ids: [1, null, 3],
          amounts: [1.5, 2],
          small: 7,
        },
      ]);
      const [count] = await db.query("SELECT count(*) AS n, sum(id) AS total FROM contract_types");
      expect(count).toStrictEqual({ n: 1, total: Number.MAX_SAFE_INTEGER });
    });

    it("rejects an int8 beyond Number.MAX_SAFE_INTEGER instead of rounding it", async () => {
      for (const value of ["9007199254740992", "-9007199254740993"]) {
        await expect(db.query(`SELECT ${value}::int8 AS v`)).rejects.toMatchObject({
          code: "DATABASE_QUERY_FAILED",
          message: expect.stringContaining(value),
        });
      }
      expect(await db.query("SELECT 1 AS still_usable")).toStrictEqual([{ still_usable: 1 }]);
    });

    it("takes jsonb parameters as JSON text (JSON.stringify), and rejects a bare JS array for jsonb", async () => {
      for (const value of [{ a: 1, nested: { list: [1, 2] } }, [1, { b: 2 }], "text", 42, true, null]) {
        const [row] = await db.query("SELECT $1::jsonb AS v", [JSON.stringify(value)]);
        expect(row).toStrictEqual({ v: value });
      }
      expect(await db.query("SELECT $1::jsonb AS v", [{ plain: "object" }])).toStrictEqual([
        { v: { plain: "object" } },
      ]);
      await expect(db.query("SELECT $1::jsonb AS v", [[1, 2]])).rejects.toMatchObject({
        code: "DATABASE_QUERY_FAILED",
      });
      expect(await db.query("SELECT $1::text[] AS v", [["a", "b"]])).toStrictEqual([{ v: ["a", "b"] }]);
    });

    it("commits a transaction and returns what the work returned", async () => {
      const result = await db.transaction(async (transaction) => {
        await transaction.query("INSERT INTO contract_items VALUES ($1, $2)", [1, "one"]);
        await transaction.query("INSERT INTO contract_items VALUES ($1, $2)", [2, "two"]);
        return "done";
      });
      expect(result).toBe("done");
      expect(await db.query("SELECT id, label FROM contract_items ORDER BY id")).toStrictEqual([
        { id: 1, label: "one" },
        { id: 2, label: "two" },
      ]);
    });

    it("rolls back when the work throws, and rethrows that very error", async () => {
      const failure = new Error("work failed");
      await expect(
        db.transaction(async (transaction) => {
          await transaction.query("INSERT INTO contract_items VALUES ($1, $2)", [3, "three"]);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await db.query("SELECT id FROM contract_items WHERE id = 3")).toStrictEqual([]);
    });

    it("reports a failed statement with its SQLSTATE and rolls its transaction back", async () => {
      await expect(
        db.transaction(async (transaction) => {
          await transaction.query("INSERT INTO contract_items VALUES ($1, $2)", [4, "four"]);
          await transaction.query("INSERT INTO contract_items VALUES ($1, $2)", [1, "duplicate"]);
        }),
      ).rejects.toMatchObject({ code: "DATABASE_QUERY_FAILED", sqlState: "23505", retryable: false });
      expect(await db.query("SELECT id FROM contract_items WHERE id = 4")).toStrictEqual([]);
      await expect(db.query("SELECT * FROM no_such_table")).rejects.toMatchObject({ sqlState: "42P01" });
    });

    it("rejects with AbortedError, running nothing, when the signal fired before", async () => {
      const signal = AbortSignal.abort(new Error("user left"));
      await expect(db.query("INSERT INTO contract_items VALUES (10, 'x')", [], { signal })).rejects.toBeInstanceOf(
        AbortedError,
      );
      await expect(db.exec("INSERT INTO contract_items VALUES (11, 'x')", { signal })).rejects.toBeInstanceOf(
        AbortedError,
      );
      let workRan = false;
      await expect(
        db.transaction(
          async () => {
            workRan = true;
          },
          { signal },
        ),
      ).rejects.toBeInstanceOf(AbortedError);
      expect(workRan).toBe(false);
      expect(await db.query("SELECT id FROM contract_items WHERE id >= 10")).toStrictEqual([]);
    });

    it("stops a transaction whose signal fires between statements, and rolls it back", async () => {
      const controller = new AbortController();
      await expect(
        db.transaction(
          async (transaction) => {
            await transaction.query("INSERT INTO contract_items VALUES (20, 'first')");
            controller.abort();
            await transaction.query("INSERT INTO contract_items VALUES (21, 'second')");
          },
          { signal: controller.signal },
        ),
      ).rejects.toBeInstanceOf(AbortedError);
      expect(await db.query("SELECT id FROM contract_items WHERE id >= 20")).toStrictEqual([]);
    });

    it("lets the event loop's I/O run while a long queue of statements is worked through", async () => {
      let done = 0;
      const statements = Array.from({ length: 200 }, () => db.query("SELECT 1 AS one").then(() => void done++));
      // A model call's socket is served in the I/O phase, as this callback is.
      const doneWhenIoRan = await new Promise<number>((resolve) => setImmediate(() => resolve(done)));
      await Promise.all(statements);
      expect(doneWhenIoRan).toBeLessThan(100);
    });

    it("runs the real migrations idempotently", async () => {
      expect(await runMigrations(db)).toStrictEqual([]);
      expect(await runMigrations(db)).toStrictEqual([]);
      const status = await migrationStatus(db);
      expect(status.upToDate).toBe(true);
      expect(status.applied[0]).toMatchObject({ version: 1, name: "initial", appliedAt: expect.any(Date) });
      expect(await tableExists(db, "course_generation_jobs")).toBe(true);
    });

    it("applies new migration files in numeric order, each once", async () => {
      const directory = await folder({
        "0910_second.sql": "CREATE TABLE contract_m910 (id int REFERENCES contract_m902(id));",
        "902_first.sql": "CREATE TABLE contract_m902 (id int PRIMARY KEY);",
        "notes.txt": "ignored",
      });
      const applied = await runMigrations(db, { directory });
      expect(applied.map((file) => file.version)).toStrictEqual([902, 910]);
      expect(await runMigrations(db, { directory })).toStrictEqual([]);
      expect(await tableExists(db, "contract_m910")).toBe(true);
    });

    it("refuses to run when an applied migration changed (MIGRATION_CHECKSUM_MISMATCH), applying nothing", async () => {
      const directory = await folder({ "920_a.sql": "CREATE TABLE contract_m920 (id int);" });
      await runMigrations(db, { directory });
      await writeFile(path.join(directory, "920_a.sql"), "CREATE TABLE contract_m920 (id int, extra text);");
      await writeFile(path.join(directory, "921_b.sql"), "CREATE TABLE contract_m921 (id int);");
      await expect(runMigrations(db, { directory })).rejects.toMatchObject({
        code: "MIGRATION_CHECKSUM_MISMATCH",
        message: expect.stringContaining("920_a.sql"),
      });
      expect(await tableExists(db, "contract_m921")).toBe(false);
      expect((await migrationStatus(db, { directory })).changed.map((entry) => entry.file.version)).toStrictEqual([
        920,
      ]);
    });

    it("fails with MIGRATION_FAILED naming the file and the SQL error, keeping nothing of that file", async () => {
      const directory = await folder({
        "930_ok.sql": "CREATE TABLE contract_m930 (id int);",
        "931_broken.sql": "CREATE TABLE contract_m931 (id int);\nSELECT * FROM contract_missing_table;\n",
      });
      const failure = runMigrations(db, { directory });
      await expect(failure).rejects.toMatchObject({
        code: "MIGRATION_FAILED",
        message: expect.stringMatching(/931_broken\.sql.*contract_missing_table/),
        details: expect.objectContaining({ sqlState: "42P01", line: 2 }),
      });
      expect(await tableExists(db, "contract_m930")).toBe(true);
      expect(await tableExists(db, "contract_m931")).toBe(false);
      expect((await migrationStatus(db, { directory })).pending.map((file) => file.version)).toStrictEqual([931]);
    });

    it("lets two migrators started together take turns (advisory lock): each file runs once", async () => {
      // Not idempotent on purpose: a second run of it would fail with "already exists".
      const directory = await folder({
        "940_slow.sql": "CREATE TABLE contract_m940 (id int);\nSELECT pg_sleep(0.3);\n",
      });
      const second = await target.openSecond(database);
      try {
        const results = await Promise.all([runMigrations(db, { directory }), runMigrations(second.db, { directory })]);
        expect(results.map((applied) => applied.length).sort()).toStrictEqual([0, 1]);
      } finally {
        await second.close();
      }
      expect(await db.query("SELECT count(*) AS n FROM schema_migrations WHERE version = 940")).toStrictEqual([
        { n: 1 },
      ]);
    });
  });
}
