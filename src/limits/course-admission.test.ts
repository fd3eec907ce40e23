import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from "../../test/support/database.ts";
import { defaultRoleLimits } from "../config/rate-limit-defaults.ts";
import { openDatabase } from "../db/index.ts";
import type { Database, Queryable } from "../db/port.ts";
import { createCourseJobs, type JobQueue } from "../jobs/index.ts";
import { createUser, type Caller } from "../users/index.ts";
import { createCourseLimits, type CourseLimits } from "./index.ts";
import { updateGlobalLimit, updateUserLimits } from "./settings.ts";

// The admission statement on the test database's backend (COURSEFORGE_TEST_DATABASE): checked and
// charged with the job insert, all or nothing, exact under concurrency. The clock is fake.

let testDatabase: TestDatabase;
let limits: CourseLimits;
const nowMs = Date.parse("2031-05-06T10:00:00Z");
const hourMs = 3_600_000;
const request = {
  topic: "Estuaries",
  audience: "adult beginners",
  level: "beginner",
  modules: 1,
  lessonsPerModule: 1,
  language: "en",
} as const;

/** A queue that only records what was sent (the admission is what is under test). */
function recordingQueue(): JobQueue & { readonly sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    enqueue: async (jobId) => void sent.push(jobId),
    work: async () => undefined,
    stop: async () => undefined,
  };
}

/** The database, counting the transactions and the statements sent through it (in a transaction or not). */
function counting(database: Database): Database & { statements: number; transactions: number } {
  const countedQuery =
    (target: Queryable): Queryable["query"] =>
    async (...args) => {
      counted.statements += 1;
      return target.query(...args);
    };
  const counted = {
    statements: 0,
    transactions: 0,
    kind: database.kind,
    query: countedQuery(database),
    transaction: (async (work, options) => {
      counted.transactions += 1;
      return database.transaction((transaction) => work({ query: countedQuery(transaction) }), options);
    }) as Database["transaction"],
    exec: database.exec.bind(database),
    close: database.close.bind(database),
    raw: database.raw.bind(database),
    listen: database.listen.bind(database),
  };
  return counted;
}

async function newCaller(name: string, role: Caller["role"] = "teacher"): Promise<Caller> {
  const user = await createUser(testDatabase.db, { email: `${name}@admission.example`, role });
  return { userId: user.id, role };
}

async function tatOf(key: string): Promise<number | undefined> {
  const [row] = await testDatabase.db.query("SELECT tat_ms FROM course_generation_rate_limits WHERE key = $1", [key]);
  return row === undefined ? undefined : Number(row.tat_ms);
}

async function jobCount(caller: Caller): Promise<number> {
  const [row] = await testDatabase.db.query(
    "SELECT count(*)::int AS n FROM course_generation_jobs WHERE user_id = $1",
    [caller.userId],
  );
  return Number(row?.n);
}

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  limits = createCourseLimits({
    database: testDatabase.db,
    defaults: { roles: defaultRoleLimits, globalCoursesPerHour: 2_000 },
    now: () => nowMs,
    globalLease: false,
  });
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

describe("job admission in the statement that stores the job", () => {
  it("checks, charges every bucket and stores the job with one statement in one transaction, and reports the user's buckets", async () => {
    const caller = await newCaller("one-statement");
    const database = counting(testDatabase.db);
    const queue = recordingQueue();
    const jobs = createCourseJobs({ database, queue });
    const globalBefore = (await tatOf("global:hour")) ?? nowMs;
    const submitted = await jobs.submit(
      caller,
      { request, reviewOutline: false },
      { admission: await limits.admission(caller) },
    );
    expect(submitted.created).toBe(true);
    expect(database).toMatchObject({ statements: 1, transactions: 1 });
    expect(queue.sent).toEqual([submitted.job.id]);
    expect(submitted.limits).toEqual([
      { name: "courses-hour", quota: 20, windowSeconds: 3600, remaining: 21, resetSeconds: 180 },
      { name: "courses-day", quota: 100, windowSeconds: 86_400, remaining: 99, resetSeconds: 864 },
    ]);
    expect(await tatOf(`user:${caller.userId}:hour`)).toBe(nowMs + 180_000);
    expect(await tatOf(`user:${caller.userId}:day`)).toBe(nowMs + 864_000);
    expect(await tatOf("global:hour")).toBe(Math.max(globalBefore, nowMs) + 1_800);
  });

  it("refuses all or nothing: a full day bucket leaves the hour and global buckets, the jobs and the queue untouched", async () => {
    const caller = await newCaller("all-or-nothing");
    await updateUserLimits(testDatabase.db, caller.userId, { coursesPerDay: 2 });
    const queue = recordingQueue();
    const jobs = createCourseJobs({ database: testDatabase.db, queue });
    for (let index = 0; index < 2; index += 1)
      await jobs.submit(caller, { request, reviewOutline: false }, { admission: await limits.admission(caller) });
    const before = {
      hour: await tatOf(`user:${caller.userId}:hour`),
      global: await tatOf("global:hour"),
      jobs: await jobCount(caller),
    };
    await expect(
      jobs.submit(caller, { request, reviewOutline: false }, { admission: await limits.admission(caller) }),
    ).rejects.toMatchObject({
      code: "RATE_LIMITED",
      details: { limit: "courses-day", quota: 2, retryAfterMs: 43_200_000 },
    });
    expect({
      hour: await tatOf(`user:${caller.userId}:hour`),
      global: await tatOf("global:hour"),
      jobs: await jobCount(caller),
    }).toEqual(before);
    expect(queue.sent).toHaveLength(2);
  });

  it("refuses everything at a limit of 0", async () => {
    const caller = await newCaller("zero");
    await updateUserLimits(testDatabase.db, caller.userId, { coursesPerDay: 0 });
    const jobs = createCourseJobs({ database: testDatabase.db, queue: recordingQueue() });
    await expect(
      jobs.submit(caller, { request, reviewOutline: false }, { admission: await limits.admission(caller) }),
    ).rejects.toMatchObject({
      code: "RATE_LIMITED",
      details: { limit: "courses-day", quota: 0, retryAfterMs: 86_400_000 },
    });
    expect(await jobCount(caller)).toBe(0);
  });

  it("stores and charges nothing when the queue message cannot be sent (one transaction)", async () => {
    const caller = await newCaller("queue-down");
    const failing: JobQueue = { ...recordingQueue(), enqueue: async () => Promise.reject(new Error("queue down")) };
    const jobs = createCourseJobs({ database: testDatabase.db, queue: failing });
    await expect(
      jobs.submit(caller, { request, reviewOutline: false }, { admission: await limits.admission(caller) }),
    ).rejects.toThrow("queue down");
    expect(await jobCount(caller)).toBe(0);
    expect(await tatOf(`user:${caller.userId}:hour`)).toBeUndefined();
  });

  it("answers a replay with its job even over the limit, and charges nothing for it", async () => {
    const caller = await newCaller("replay");
    await updateUserLimits(testDatabase.db, caller.userId, { coursesPerHour: 1, burst: 0 });
    const jobs = createCourseJobs({ database: testDatabase.db, queue: recordingQueue() });
    const first = await jobs.submit(
      caller,
      { request, reviewOutline: false },
      { idempotencyKey: "same", admission: await limits.admission(caller) },
    );
    const tat = await tatOf(`user:${caller.userId}:hour`);
    const replay = await jobs.submit(
      caller,
      { request, reviewOutline: false },
      { idempotencyKey: "same", admission: await limits.admission(caller) },
    );
    expect(replay).toMatchObject({ created: false, limits: [], job: { id: first.job.id } });
    expect(await tatOf(`user:${caller.userId}:hour`)).toBe(tat);
    await expect(
      jobs.submit(
        caller,
        { request, reviewOutline: false },
        { idempotencyKey: "other", admission: await limits.admission(caller) },
      ),
    ).rejects.toMatchObject({
      details: { limit: "courses-hour" },
    });
  });

  it("lets exactly rate + burst of 40 concurrent first requests through two connections pools, and charges each bucket exactly", async () => {
    const caller = await newCaller("concurrent");
    await updateUserLimits(testDatabase.db, caller.userId, { coursesPerHour: 10, burst: 2 });
    await updateGlobalLimit(testDatabase.db, 1_000);
    // Postgres: a second pool on the same schema, as a second API process would have. PGlite admits one process.
    const second: Database =
      testDatabase.backend === "postgres"
        ? await openDatabase({
            databaseUrl: testDatabaseUrl(),
            dataDir: os.tmpdir(),
            searchPath: [testDatabase.location],
            maxConnections: 4,
            migrate: false,
          })
        : testDatabase.db;
    try {
      const globalBefore = Math.max((await tatOf("global:hour")) ?? nowMs, nowMs);
      const queue = recordingQueue();
      const services = [
        createCourseJobs({ database: testDatabase.db, queue }),
        createCourseJobs({ database: second, queue }),
      ];
      const outcomes = await Promise.allSettled(
        Array.from({ length: 40 }, async (_, index) =>
          services[index % 2]!.submit(
            caller,
            { request, reviewOutline: false },
            { admission: await limits.admission(caller) },
          ),
        ),
      );
      const refusals = outcomes
        .filter((outcome) => outcome.status === "rejected")
        .map((outcome) => (outcome as PromiseRejectedResult).reason as { code?: string });
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(12);
      expect(refusals.map((reason) => reason.code)).toEqual(Array.from({ length: 28 }, () => "RATE_LIMITED"));
      expect(await jobCount(caller)).toBe(12);
      expect(queue.sent).toHaveLength(12);
      expect(await tatOf(`user:${caller.userId}:hour`)).toBeCloseTo(nowMs + 12 * 360_000, 6);
      expect(await tatOf("global:hour")).toBeCloseTo(globalBefore + 12 * (hourMs / 1_000), 6);
    } finally {
      await updateGlobalLimit(testDatabase.db, 2_000);
      if (second !== testDatabase.db) await second.close();
    }
  });

  it("with the global bucket taken in blocks, still lets exactly the global limit of 400 concurrent requests through", async () => {
    const caller = await newCaller("leased", "admin");
    await updateGlobalLimit(testDatabase.db, 300);
    let realMs = 0;
    const leased = createCourseLimits({
      database: testDatabase.db,
      defaults: { roles: defaultRoleLimits, globalCoursesPerHour: 2_000 },
      now: () => nowMs + 7 * 86_400_000,
      globalLease: { monotonicNow: () => realMs },
    });
    try {
      // 200 admissions a second seen for a second: blocks of 50 units.
      for (let index = 0; index < 200; index += 1, realMs += 5) expect(await leased.admission(caller)).toBeDefined();
      const queue = recordingQueue();
      const jobs = createCourseJobs({ database: testDatabase.db, queue });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 400 }, async () =>
          jobs.submit(caller, { request, reviewOutline: false }, { admission: await leased.admission(caller) }),
        ),
      );
      const refusals = outcomes.flatMap((outcome) =>
        outcome.status === "rejected" ? [(outcome.reason as { details?: { limit?: string } }).details?.limit] : [],
      );
      expect(queue.sent).toHaveLength(300);
      expect(refusals).toEqual(Array.from({ length: 100 }, () => "courses-global"));
      expect(await tatOf("global:hour")).toBeCloseTo(nowMs + 7 * 86_400_000 + hourMs, 3);
    } finally {
      await updateGlobalLimit(testDatabase.db, 2_000);
    }
  });
});
