import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import type { Queryable } from "../db/port.ts";
import { createGlobalLease, type GlobalLease, type PrepaidUnit } from "./global-lease.ts";
import { updateGlobalLimit } from "./settings.ts";

// The block lease of the global bucket on the test database's backend. Both clocks are fake: the
// limiter's (TATs) and the real-time one the admission rate is measured with.

let testDatabase: TestDatabase;
const startMs = Date.parse("2031-07-01T08:00:00Z");
let nowMs = startMs;
let realMs = 0;
let statements = 0;
const counted: Queryable = {
  query: (...args: Parameters<Queryable["query"]>) => {
    statements += 1;
    return testDatabase.db.query(...args);
  },
};

async function globalTat(): Promise<number> {
  const [row] = await testDatabase.db.query(
    "SELECT tat_ms FROM course_generation_rate_limits WHERE key = 'global:hour'",
  );
  return Number(row?.tat_ms);
}

/** A lease that has seen 200 admissions a second for a second (so its next block is 50 units). */
async function warmedLease(options: { idleMs?: number } = {}): Promise<GlobalLease> {
  const lease = createGlobalLease(
    { database: counted, monotonicNow: () => realMs, idleMs: options.idleMs ?? 60_000 },
    () => nowMs,
  );
  for (let index = 0; index < 200; index += 1) {
    expect(await lease.take()).toBeUndefined();
    realMs += 5;
  }
  return lease;
}

beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => {
  await testDatabase?.cleanup();
});
beforeEach(async () => {
  nowMs += 10 * 86_400_000;
  realMs += 10_000;
  await updateGlobalLimit(testDatabase.db, 1_000);
  await testDatabase.db.query(
    `INSERT INTO course_generation_rate_limits (key, tat_ms) VALUES ('global:hour', $1) ON CONFLICT (key) DO UPDATE SET tat_ms = EXCLUDED.tat_ms`,
    [nowMs],
  );
  statements = 0;
});

describe("global bucket lease", () => {
  it("charges no block at low traffic: every admission charges the row itself", async () => {
    const lease = createGlobalLease({ database: counted, monotonicNow: () => realMs }, () => nowMs);
    for (let index = 0; index < 5; index += 1) {
      expect(await lease.take()).toBeUndefined();
      realMs += 1_000;
    }
    expect(statements).toBe(0);
    expect(await globalTat()).toBe(nowMs);
  });

  it("under load, charges a block of a quarter second of admissions once, then hands its units out without a statement", async () => {
    const lease = await warmedLease();
    const units: Array<PrepaidUnit | undefined> = [];
    for (let index = 0; index < 50; index += 1) units.push(await lease.take());
    expect(units.every((unit) => unit?.rate === 1_000)).toBe(true);
    expect(statements).toBe(1);
    // 1000 per hour: 3.6 s per unit.
    expect(await globalTat()).toBe(nowMs + 50 * 3_600);
    expect(await lease.take()).toEqual({ rate: 1_000 });
    expect(statements).toBe(2);
    expect(await globalTat()).toBe(nowMs + 100 * 3_600);
  });

  it("serves a burst larger than a block from further blocks, not from the global row", async () => {
    const lease = await warmedLease();
    const units = await Promise.all(Array.from({ length: 120 }, () => lease.take()));
    expect(units.filter((unit) => unit === undefined)).toHaveLength(0);
    expect(statements).toBe(3);
    expect(await globalTat()).toBe(nowMs + 150 * 3_600);
  });

  it("takes no block unless three more would be left: near the limit every admission is exact", async () => {
    await updateGlobalLimit(testDatabase.db, 150);
    const lease = await warmedLease();
    // 150 units; a block of 50 and three more do not fit.
    expect(await lease.take()).toBeUndefined();
    expect(await globalTat()).toBe(nowMs);
  });

  it("keeps a unit given back for the next admission, and gives the unused rest back to the row when idle", async () => {
    const lease = await warmedLease({ idleMs: 20 });
    const taken = await lease.take();
    for (let index = 0; index < 9; index += 1) await lease.take();
    lease.giveBack(taken!, false);
    expect(await globalTat()).toBe(nowMs + 50 * 3_600);
    realMs += 1_000;
    // 9 used, 41 unused and still ahead of now: they go back.
    await expect.poll(globalTat, { interval: 20, timeout: 5_000 }).toBe(nowMs + 9 * 3_600);
  });

  it("gives back only what time has not already given back", async () => {
    const lease = await warmedLease({ idleMs: 20 });
    for (let index = 0; index < 10; index += 1) await lease.take();
    // 40 unused units end the block; 45 units' time has passed, so only 5 are still ahead of now.
    nowMs += 45 * 3_600;
    realMs += 1_000;
    await expect.poll(globalTat, { interval: 20, timeout: 5_000 }).toBe(nowMs);
  });

  it("gives every unit back when the global rate changed", async () => {
    const lease = await warmedLease();
    const unit = await lease.take();
    await updateGlobalLimit(testDatabase.db, 10);
    lease.giveBack(unit!, true);
    await expect.poll(globalTat, { interval: 20, timeout: 5_000 }).toBe(nowMs);
  });
});
