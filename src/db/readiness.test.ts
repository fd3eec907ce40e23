import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import type { Queryable, Row } from "./port.ts";
import { createReadinessCheck } from "./readiness.ts";

let testDatabase: TestDatabase;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

// The test database, counting the statements sent through it.
function counted(database: Queryable): { database: Queryable; statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    database: {
      query<T extends Row = Row>(text: string, parameters?: readonly unknown[], options?: { signal?: AbortSignal }) {
        statements.push(text);
        return database.query<T>(text, parameters, options);
      },
    },
  };
}

describe("readiness check", () => {
  it("is ready on a migrated database, and compares the migrations only until they were seen current", async () => {
    const { database, statements } = counted(testDatabase.db);
    const readiness = createReadinessCheck(database);
    expect(await readiness.check()).toEqual({ database: "ok", migrations: "ok" });
    const first = statements.length;
    expect(first).toBeGreaterThan(1);
    expect(await readiness.check()).toEqual({ database: "ok", migrations: "ok" });
    expect(statements.length - first).toBe(1);
  });

  it("reports a database that does not answer as failed", async () => {
    const readiness = createReadinessCheck({
      query: () => Promise.reject(new Error("connection refused")),
    });
    expect(await readiness.check()).toEqual({ database: "failed", migrations: "unknown" });
  });
});
