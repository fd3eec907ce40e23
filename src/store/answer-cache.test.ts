import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import type { AnswerCacheEntry } from "../llm/index.ts";
import { createDatabaseAnswerCache, purgeAnswerCache, readAnswerCacheStats } from "./answer-cache.ts";

let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

const signal = new AbortController().signal;
const entry = (key: string, overrides: Partial<AnswerCacheEntry> = {}): AnswerCacheEntry => ({
  key,
  task: "lesson",
  ownerId: null,
  answer: { title: `Answer ${key}` },
  model: "gpt-4o-mini",
  usage: { promptTokens: 1000, completionTokens: 500, cachedPromptTokens: 0 },
  costUsd: 0.00045,
  ...overrides,
});

// A clock the test moves by hand, so the time to live is tested without waiting.
function manualClock(start = Date.parse("2026-12-01T00:00:00Z")) {
  let at = start;
  return { now: () => new Date(at), advance: (ms: number) => void (at += ms) };
}

describe("the answer cache in course_generation_cache", () => {
  it("misses, then hits with the answer and what it saved, counting both per task", async () => {
    await purgeAnswerCache(testDatabase.db, {});
    const cache = createDatabaseAnswerCache(testDatabase.db, { ttlMs: 60_000, maxEntries: 10 });
    const before = await readAnswerCacheStats(testDatabase.db);
    const lessonBefore = before.tasks.find((task) => task.task === "lesson") ?? {
      lookups: 0,
      hits: 0,
      costUsdSaved: 0,
    };
    expect(await cache.lookup("k-miss", "lesson", { signal })).toBeUndefined();
    await cache.store(entry("k-hit"), {});
    const hit = await cache.lookup("k-hit", "lesson", { signal });
    expect(hit).toEqual({
      answer: { title: "Answer k-hit" },
      model: "gpt-4o-mini",
      usage: { promptTokens: 1000, completionTokens: 500, cachedPromptTokens: 0 },
      costUsd: 0.00045,
    });
    const after = await readAnswerCacheStats(testDatabase.db);
    const lesson = after.tasks.find((task) => task.task === "lesson")!;
    expect(lesson.lookups - lessonBefore.lookups).toBe(2);
    expect(lesson.hits - lessonBefore.hits).toBe(1);
    expect(lesson.costUsdSaved - lessonBefore.costUsdSaved).toBeCloseTo(0.00045, 9);
    expect(after.entries).toBe(1);
    const [row] = await testDatabase.db.query<{ hits: number; last_hit_at: Date | null }>(
      `SELECT hits, last_hit_at FROM course_generation_cache WHERE key = 'k-hit'`,
    );
    expect(row?.hits).toBe(1);
    expect(row?.last_hit_at).toBeInstanceOf(Date);
  });

  it("never serves an entry past its time to live, and the next write deletes it", async () => {
    await purgeAnswerCache(testDatabase.db, {});
    const clock = manualClock();
    const cache = createDatabaseAnswerCache(testDatabase.db, { ttlMs: 60_000, maxEntries: 10, now: clock.now });
    await cache.store(entry("k-ttl"), {});
    clock.advance(59_000);
    expect(await cache.lookup("k-ttl", "lesson", { signal })).toBeDefined();
    clock.advance(2_000);
    expect(await cache.lookup("k-ttl", "lesson", { signal })).toBeUndefined();
    expect((await readAnswerCacheStats(testDatabase.db, { now: clock.now() })).expiredEntries).toBe(1);
    await cache.store(entry("k-other"), {});
    const keys = await testDatabase.db.query<{ key: string }>(`SELECT key FROM course_generation_cache ORDER BY key`);
    expect(keys.map((row) => row.key)).toEqual(["k-other"]);
  });

  it("evicts the least recently used entries past the size cap, in SQL", async () => {
    await purgeAnswerCache(testDatabase.db, {});
    const clock = manualClock();
    const cache = createDatabaseAnswerCache(testDatabase.db, { ttlMs: 3_600_000, maxEntries: 3, now: clock.now });
    for (const key of ["a", "b", "c"]) {
      await cache.store(entry(key), {});
      clock.advance(1_000);
    }
    // Reading "a" makes it the most recently used: "b" is now the oldest.
    expect(await cache.lookup("a", "lesson", { signal })).toBeDefined();
    clock.advance(1_000);
    await cache.store(entry("d"), {});
    const keys = await testDatabase.db.query<{ key: string }>(`SELECT key FROM course_generation_cache ORDER BY key`);
    expect(keys.map((row) => row.key)).toEqual(["a", "c", "d"]);
    // Replacing an entry (a refresh) does not evict another.
    clock.advance(1_000);
    await cache.store(entry("c", { answer: { title: "refreshed" } }), {});
    const after = await testDatabase.db.query<{ key: string; answer: unknown }>(
      `SELECT key, answer FROM course_generation_cache ORDER BY key`,
    );
    expect(after.map((row) => row.key)).toEqual(["a", "c", "d"]);
    expect(after.find((row) => row.key === "c")?.answer).toEqual({ title: "refreshed" });
  });

  it("purges one task's entries, the expired ones, or all", async () => {
    await purgeAnswerCache(testDatabase.db, {});
    const clock = manualClock();
    const cache = createDatabaseAnswerCache(testDatabase.db, { ttlMs: 60_000, maxEntries: 10, now: clock.now });
    await cache.store(entry("p-quiz", { task: "quiz", ownerId: "usr_someone" }), {});
    await cache.store(entry("p-lesson"), {});
    expect((await readAnswerCacheStats(testDatabase.db)).privateEntries).toBe(1);
    expect(await purgeAnswerCache(testDatabase.db, { task: "quiz" })).toBe(1);
    expect(await purgeAnswerCache(testDatabase.db, { expiredOnly: true, now: clock.now() })).toBe(0);
    expect(
      await purgeAnswerCache(testDatabase.db, { expiredOnly: true, now: new Date(clock.now().getTime() + 61_000) }),
    ).toBe(1);
    expect((await readAnswerCacheStats(testDatabase.db)).entries).toBe(0);
  });

  it("refuses a size cap or time to live that makes no sense", () => {
    expect(() => createDatabaseAnswerCache(testDatabase.db, { ttlMs: 0, maxEntries: 1 })).toThrow(/time to live/);
    expect(() => createDatabaseAnswerCache(testDatabase.db, { ttlMs: 1, maxEntries: 0 })).toThrow(/size cap/);
  });
});
