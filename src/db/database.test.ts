import { describe, it } from "vitest";
import { openDatabase } from "./index.ts";
import { createTestDatabase, isPostgresReachable, testBackend, testDatabaseUrl } from "../../test/support/database.ts";
import { describeDatabaseContract } from "../../test/support/database-contract.ts";

// The same contract runs against both adapters. Postgres is always attempted (CI has it); when it
// cannot be reached the suite is skipped loudly, unless COURSEFORGE_TEST_DATABASE=postgres asked for it.
describeDatabaseContract("pglite", {
  create: () => createTestDatabase({ backend: "pglite" }),
  openSecond: async (database) => ({ db: database.db, close: async () => undefined }),
});

const postgresUrl = testDatabaseUrl();
const postgresReachable = await isPostgresReachable(postgresUrl);
if (!postgresReachable && testBackend() === "postgres") {
  throw new Error(`COURSEFORGE_TEST_DATABASE=postgres but Postgres is unreachable at ${postgresUrl}.`);
}
if (postgresReachable) {
  describeDatabaseContract("postgres", {
    create: () => createTestDatabase({ backend: "postgres" }),
    openSecond: async (database) => {
      const db = await openDatabase({
        databaseUrl: postgresUrl,
        dataDir: "unused",
        searchPath: [database.location],
        migrate: false,
      });
      return { db, close: () => db.close() };
    },
  });
} else {
  console.warn(
    `\n!!! SKIPPING the Postgres half of the database contract: no server at ${postgresUrl}. Set COURSEFORGE_TEST_DATABASE_URL. !!!\n`,
  );
  describe("Database contract (postgres)", () => {
    it.skip(`SKIPPED: Postgres unreachable at ${postgresUrl}`, () => undefined);
  });
}
