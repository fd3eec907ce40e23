import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/support/database.ts";
import { createDatabaseBudget } from "./shared-ledger.ts";

let testDatabase: TestDatabase;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

class StopWaiting extends Error {}
const signal = new AbortController().signal;
const reservation = (tokens: number) => ({
  model: "m",
  requests: 1,
  tokens,
  requestsPerWindow: 100,
  tokensPerWindow: 1_000,
});

describe("createDatabaseBudget", () => {
  it("records reservations that fit in the window and makes the one over the limit wait for the oldest to leave it", async () => {
    const waits: number[] = [];
    const budget = createDatabaseBudget({
      database: testDatabase.db,
      windowMs: 60_000,
      marginMs: 1_000,
      sleep: async (ms) => {
        waits.push(ms);
        throw new StopWaiting();
      },
    });
    await budget.reserve(reservation(600), signal);
    await budget.reserve(reservation(300), signal);
    expect(waits).toEqual([]);
    await expect(budget.reserve(reservation(200), signal)).rejects.toBeInstanceOf(StopWaiting);
    // The first reservation (600) must leave the 61 s the window counts: almost all of it.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(55_000);
    expect(waits[0]).toBeLessThanOrEqual(61_001);
    const rows = await testDatabase.db.query<{ tokens: string | number }>(
      `SELECT tokens FROM provider_budget_reservations WHERE model = 'm' ORDER BY id`,
    );
    expect(rows.map((row) => Number(row.tokens))).toEqual([600, 300]);
  });

  it("lets a call larger than the whole limit through once the window is empty, and ignores unknown limits", async () => {
    const budget = createDatabaseBudget({ database: testDatabase.db, windowMs: 60_000 });
    await budget.reserve(
      { model: "big", requests: 1, tokens: 5_000, requestsPerWindow: undefined, tokensPerWindow: 1_000 },
      signal,
    );
    await budget.reserve(
      { model: "free", requests: 1, tokens: 5_000, requestsPerWindow: undefined, tokensPerWindow: undefined },
      signal,
    );
    await budget.reserve(
      { model: "free", requests: 1, tokens: 5_000, requestsPerWindow: undefined, tokensPerWindow: undefined },
      signal,
    );
    const [row] = await testDatabase.db.query<{ count: string | number }>(
      `SELECT count(*) AS count FROM provider_budget_reservations WHERE model IN ('big', 'free')`,
    );
    expect(Number(row!.count)).toBe(3);
  });
});
