import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCourseBudgets, type CourseBudgets } from "../src/limits/index.ts";
import { insertJob } from "../src/store/index.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";

// USD budgets on the test database's backend (COURSEFORGE_TEST_DATABASE): reservations are atomic,
// settlement moves money from held to spent, and each cap refuses by name.

const dayMs = 86_400_000;
let testDatabase: TestDatabase;
let budgets: CourseBudgets;
let nowMs = Date.parse("2031-05-04T10:00:00Z");
let jobCount = 0;
const teacher = { userId: "usr_budget_teacher", role: "teacher" } as const;
const student = { userId: "usr_budget_student", role: "student" } as const;

async function newJob(): Promise<string> {
  const id = `job_budget_${++jobCount}`;
  await insertJob(testDatabase.db, { id, request: { topic: "Tides" } });
  return id;
}

async function heldAndSpent(key: string): Promise<{ spent: number; reserved: number }> {
  const [row] = await testDatabase.db.query(
    "SELECT spent_usd, reserved_usd FROM course_generation_budget_windows WHERE key = $1",
    [key],
  );
  return { spent: Number(row?.spent_usd ?? 0), reserved: Number(row?.reserved_usd ?? 0) };
}

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  for (const user of [teacher, student])
    await testDatabase.db.query("INSERT INTO users (id, email, role) VALUES ($1, $2, $3)", [
      user.userId,
      `${user.userId}@example.test`,
      user.role,
    ]);
  budgets = createCourseBudgets({
    database: testDatabase.db,
    defaults: {
      roles: {
        student: { usdPerDay: 1, usdPerMonth: 10, usdPerCourse: 0.5 },
        teacher: { usdPerDay: 20, usdPerMonth: 200, usdPerCourse: 5 },
        admin: { usdPerDay: null, usdPerMonth: null, usdPerCourse: null },
      },
      globalUsdPerDay: null,
    },
    now: () => nowMs,
  });
}, 60_000);
afterAll(async () => {
  await testDatabase?.cleanup();
});
// Every test on a later day (and month): the windows of earlier tests are not today's.
beforeEach(() => {
  nowMs += 40 * dayMs;
});

describe("USD budgets", () => {
  it("never lets 100 concurrent reservations hold more than the daily cap between them", async () => {
    await budgets.setUser(teacher.userId, { usdPerDay: 10, usdPerCourse: null });
    const jobIds = await Promise.all(Array.from({ length: 100 }, () => newJob()));
    const outcomes = await Promise.all(jobIds.map((jobId) => budgets.reserve(jobId, teacher, 0.3, "start")));
    const granted = outcomes.filter((outcome) => outcome.reserved).length;
    // 33 × $0.30 = $9.90 fits under $10; a 34th would pass it.
    expect(granted).toBe(33);
    const day = new Date(nowMs).toISOString().slice(0, 10);
    const window = await heldAndSpent(`user:${teacher.userId}:day:${day}`);
    expect(window.reserved).toBeCloseTo(9.9, 6);
    const [holds] = await testDatabase.db.query(
      "SELECT sum(reserved_usd) AS held FROM course_generation_budget_holds WHERE user_id = $1",
      [teacher.userId],
    );
    expect(Number(holds?.held)).toBeLessThanOrEqual(10);
    const refused = outcomes.find((outcome) => !outcome.reserved);
    expect(refused).toMatchObject({ reserved: false, cap: { name: "user-day", limitUsd: 10, neededUsd: 0.3 } });
    await budgets.clearUser(teacher.userId);
  });

  it("settles actual cost from the reservation and gives the rest back at the end", async () => {
    const jobId = await newJob();
    expect(await budgets.reserve(jobId, teacher, 2, "start")).toEqual({ reserved: true, holdsUsd: 2 });
    await budgets.settle(jobId, 0.25);
    await budgets.settle(jobId, 0.5);
    const usage = await budgets.usage(teacher);
    expect(usage.day).toMatchObject({ limitUsd: 20, spentUsd: 0.75, reservedUsd: 1.25, leftUsd: 18 });
    await budgets.release(jobId);
    const after = await budgets.usage(teacher);
    expect(after.day).toMatchObject({ spentUsd: 0.75, reservedUsd: 0, leftUsd: 19.25 });
    expect(after.month).toMatchObject({ limitUsd: 200, spentUsd: 0.75, reservedUsd: 0 });
  });

  it("refuses past the per-course cap counting every run of the job, and a restart replaces its hold", async () => {
    const jobId = await newJob();
    expect((await budgets.reserve(jobId, student, 0.4, "start")).reserved).toBe(true);
    await budgets.settle(jobId, 0.3);
    // Spent 0.30 + held 0.10 + 0.2 more > 0.50.
    expect(await budgets.reserve(jobId, student, 0.2, "extend")).toMatchObject({
      reserved: false,
      cap: { name: "course", limitUsd: 0.5 },
    });
    // A new run gives back the 0.10 still held: 0.30 spent + 0.2 fits.
    expect(await budgets.reserve(jobId, student, 0.2, "start")).toEqual({ reserved: true, holdsUsd: 0.2 });
    const day = new Date(nowMs).toISOString().slice(0, 10);
    expect(await heldAndSpent(`user:${student.userId}:day:${day}`)).toEqual({ spent: 0.3, reserved: 0.2 });
  });

  it("checks the global daily cap when a job starts, never when a running one extends", async () => {
    await budgets.setGlobal(1);
    const first = await newJob();
    const second = await newJob();
    expect((await budgets.reserve(first, teacher, 0.9, "start")).reserved).toBe(true);
    expect(await budgets.reserve(second, teacher, 0.2, "start")).toMatchObject({
      reserved: false,
      cap: { name: "global-day", limitUsd: 1 },
    });
    expect((await budgets.reserve(first, teacher, 0.5, "extend")).reserved).toBe(true);
    await budgets.setGlobal(null);
    expect((await budgets.reserve(second, teacher, 0.2, "start")).reserved).toBe(true);
  });

  it("reports cost by user, role, model and day from the call records", async () => {
    const jobId = await newJob();
    await testDatabase.db.query("UPDATE course_generation_jobs SET user_id = $2 WHERE id = $1", [
      jobId,
      teacher.userId,
    ]);
    await testDatabase.db.query(
      `INSERT INTO llm_calls (job_id, step, task, provider, model, attempt, outcome, prompt_tokens, completion_tokens,
         cached_prompt_tokens, usage_reported, latency_ms, cost_usd, started_at)
       VALUES ($1, 'outline', 'outline', 'simulator', 'gpt-4.1-mini', 1, 'success', 100, 50, 0, true, 10, 0.125, now()),
              ($1, 'lesson:m1-l1', 'lesson', 'simulator', 'gpt-4.1-nano', 1, 'success', 100, 50, 0, true, 10, 0.25, now())`,
      [jobId],
    );
    const report = await budgets.costReport(36_500);
    expect(report.byModel.find((line) => line.model === "gpt-4.1-nano")).toMatchObject({ costUsd: 0.25, calls: 1 });
    expect(report.byUser.find((line) => line.userId === teacher.userId)).toMatchObject({ costUsd: 0.375, calls: 2 });
    expect(report.byRole.find((line) => line.role === "teacher")?.costUsd).toBeCloseTo(0.375, 6);
    expect(report.byDay.length).toBeGreaterThanOrEqual(1);
  });
});
