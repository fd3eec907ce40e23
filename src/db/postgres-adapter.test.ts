import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  isPostgresReachable,
  testBackend,
  testDatabaseUrl,
  type TestDatabase,
} from "../../test/support/database.ts";
import { AbortedError } from "../errors/index.ts";
import { openDatabase } from "./index.ts";

const url = testDatabaseUrl();
const reachable = await isPostgresReachable(url);
if (!reachable && testBackend() === "postgres")
  throw new Error(`COURSEFORGE_TEST_DATABASE=postgres but Postgres is unreachable at ${url}.`);
if (!reachable)
  console.warn(`\n!!! SKIPPING Postgres adapter tests: no server at ${url}. Set COURSEFORGE_TEST_DATABASE_URL. !!!\n`);

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("condition never became true");
}

describe.skipIf(!reachable)("PostgresDatabase", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ backend: "postgres" });
  });
  afterAll(async () => {
    await database?.cleanup();
  });

  it("puts the test schema on every pooled connection and names itself courseforge", async () => {
    const rows = await Promise.all(
      Array.from({ length: 6 }, () =>
        database.db.transaction((transaction) =>
          transaction.query<{ schema: string; application: string }>(
            "SELECT current_schema() AS schema, current_setting('application_name') AS application, pg_sleep(0.05)::text AS slept",
          ),
        ),
      ),
    );
    for (const [row] of rows) expect(row).toMatchObject({ schema: database.location, application: "courseforge" });
  });

  it("installs its type parsers on its own pool only, leaving pg's global parsers alone", async () => {
    expect(await database.db.query("SELECT 5::int8 AS v")).toStrictEqual([{ v: 5 }]);
    expect(pg.types.getTypeParser(20, "text")("5")).toBe("5");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    expect((await client.query("SELECT 5::int8 AS v")).rows).toStrictEqual([{ v: "5" }]);
    await client.end();
  });

  it("cancels a running statement on the server when its signal fires", async () => {
    const controller = new AbortController();
    const marker = `cancel_marker_${database.location}`;
    const running = database.db.query(`SELECT pg_sleep(30) AS ${marker}`, [], { signal: controller.signal });
    await eventually(() =>
      withAdmin(async (admin) => {
        const result = await admin.query("SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1", [
          `%AS ${marker}`,
        ]);
        return result.rowCount === 1;
      }),
    );
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(AbortedError);
    const active = await withAdmin((admin) =>
      admin.query("SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1", [`%AS ${marker}`]),
    );
    expect(active.rowCount).toBe(0);
    expect(await database.db.query("SELECT 1 AS usable")).toStrictEqual([{ usable: 1 }]);
  });

  it("survives the server dropping an idle connection, reporting it and reconnecting", async () => {
    const dropped: Error[] = [];
    const db = await openDatabase({
      databaseUrl: url,
      dataDir: "unused",
      searchPath: [database.location],
      migrate: false,
      maxConnections: 1,
      onConnectionError: (error) => dropped.push(error),
    });
    try {
      const [row] = await db.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      await withAdmin((admin) => admin.query("SELECT pg_terminate_backend($1)", [row?.pid]));
      await eventually(async () => dropped.length > 0);
      expect(await db.query("SELECT 1 AS reconnected")).toStrictEqual([{ reconnected: 1 }]);
    } finally {
      await db.close();
    }
  });

  it("survives the server dropping a connection lent to a transaction between two statements, and discards it", async () => {
    const db = await openDatabase({
      databaseUrl: url,
      dataDir: "unused",
      searchPath: [database.location],
      migrate: false,
      maxConnections: 1,
    });
    try {
      const failure = db.transaction(async (transaction) => {
        const [row] = await transaction.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
        await withAdmin((admin) => admin.query("SELECT pg_terminate_backend($1)", [row?.pid]));
        // The termination arrives while no statement runs: an 'error' event on the lent client.
        await new Promise((resolve) => setTimeout(resolve, 200));
        await transaction.query("SELECT 1");
      });
      await expect(failure).rejects.toMatchObject({ code: "DATABASE_UNAVAILABLE" });
      expect(await db.query("SELECT 1 AS reconnected")).toStrictEqual([{ reconnected: 1 }]);
    } finally {
      await db.close();
    }
  });

  it("reports a missing database as DATABASE_UNAVAILABLE without the password", async () => {
    const missing = new URL(url);
    missing.password = "hunter2";
    missing.pathname = "/courseforge_no_such_database";
    const error = await openDatabase({ databaseUrl: missing.toString(), dataDir: "unused" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({
      code: "DATABASE_UNAVAILABLE",
      retryable: false,
      message: expect.stringContaining("courseforge_no_such_database"),
    });
    expect(JSON.stringify(error)).not.toContain("hunter2");
    expect((error as Error).message).not.toContain("hunter2");
  });
});
