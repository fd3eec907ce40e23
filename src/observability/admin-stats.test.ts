import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import { readAdminStats } from "./admin-stats.ts";

let testDatabase: TestDatabase;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
  await seed();
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

const now = new Date("2026-03-10T12:30:00Z");
const minutesBefore = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

async function insertJob(id: string, status: string, createdAt: Date, finishedAt: Date | null = null): Promise<void> {
  await testDatabase.db.query(
    `INSERT INTO course_generation_jobs (id, status, request, created_at, finished_at) VALUES ($1, $2, '{}'::jsonb, $3, $4)`,
    [id, status, createdAt, finishedAt],
  );
}

async function insertCall(model: string, outcome: string, latencyMs: number, costUsd: number, at: Date): Promise<void> {
  await testDatabase.db.query(
    `INSERT INTO llm_calls (job_id, step, task, provider, model, attempt, outcome, prompt_tokens, completion_tokens, cached_prompt_tokens, usage_reported, latency_ms, cost_usd, started_at, created_at)
     VALUES (NULL, 'outline', 'outline', 'simulator', $1, 1, $2, 100, 20, 5, true, $3, $4, $5, $5)`,
    [model, outcome, latencyMs, costUsd, at],
  );
}

async function seed(): Promise<void> {
  await insertJob("job_queued_old", "queued", minutesBefore(10));
  await insertJob("job_queued_new", "queued", minutesBefore(2));
  await insertJob("job_running", "running", minutesBefore(20));
  await insertJob("job_failed", "failed", minutesBefore(90), minutesBefore(61)); // 11:29 → the 11:00 hour
  await insertJob("job_succeeded", "succeeded", minutesBefore(40), minutesBefore(25)); // 12:05 → the 12:00 hour
  await insertJob("job_canceled", "canceled", minutesBefore(40), minutesBefore(29)); // 12:01
  await insertJob("job_succeeded_long_ago", "succeeded", minutesBefore(30 * 60), minutesBefore(29 * 60)); // outside the 24 hours
  await insertJob("job_after_now", "queued", new Date(now.getTime() + 60_000));

  for (const latency of [100, 200, 300, 400]) await insertCall("model-a", "success", latency, 0.25, minutesBefore(30));
  await insertCall("model-a", "LLM_TIMEOUT", 1_000, 0, minutesBefore(30));
  await insertCall("model-b", "success", 50, 2, minutesBefore(60));
  await insertCall("model-a", "success", 500, 3, minutesBefore(30 * 60)); // 2026-03-09 06:30, outside 24 hours
  await insertCall("model-a", "success", 500, 7, minutesBefore(20 * 24 * 60)); // 20 days ago: no day shown
  await insertCall("model-a", "success", 500, 11, new Date(now.getTime() + 60_000)); // after `now`
}

describe("readAdminStats", () => {
  it("counts jobs by state and the queue up to the instant asked for", async () => {
    const stats = await readAdminStats(testDatabase.db, { now });
    expect(stats.jobsByState).toEqual({
      queued: 2,
      running: 1,
      awaiting_approval: 0,
      succeeded: 2,
      failed: 1,
      canceled: 1,
    });
    expect(stats.queueDepth).toBe(2);
    expect(stats.oldestQueuedAt?.toISOString()).toBe(minutesBefore(10).toISOString());
  });

  it("gives 24 UTC hours of finished jobs, zeros included", async () => {
    const { throughput } = await readAdminStats(testDatabase.db, { now });
    expect(throughput).toHaveLength(24);
    expect(throughput[0]!.hourStart.toISOString()).toBe("2026-03-09T13:00:00.000Z");
    expect(throughput.at(-1)).toEqual({
      hourStart: new Date("2026-03-10T12:00:00Z"),
      succeeded: 1,
      failed: 0,
      canceled: 1,
    });
    expect(throughput.at(-2)).toEqual({
      hourStart: new Date("2026-03-10T11:00:00Z"),
      succeeded: 0,
      failed: 1,
      canceled: 0,
    });
    const total = throughput.reduce((sum, hour) => sum + hour.succeeded + hour.failed + hour.canceled, 0);
    expect(total).toBe(3);
  });

  it("sums model calls by model over the window with latency percentiles, most expensive first", async () => {
    const stats = await readAdminStats(testDatabase.db, { now });
    expect(stats.modelWindowHours).toBe(24);
    expect(stats.modelCalls.map((model) => model.model)).toEqual(["model-b", "model-a"]);
    const modelA = stats.modelCalls[1]!;
    expect(modelA).toMatchObject({
      calls: 5,
      errors: 1,
      promptTokens: 500,
      completionTokens: 100,
      cachedPromptTokens: 25,
      costUsd: 1,
    });
    // latencies 100, 200, 300, 400, 1000: linear interpolation between ranks.
    expect(modelA.p50LatencyMs).toBe(300);
    expect(modelA.p95LatencyMs).toBeCloseTo(880, 6);
    expect(typeof modelA.calls).toBe("number");

    const wider = await readAdminStats(testDatabase.db, { now, modelWindowHours: 48 });
    expect(wider.modelCalls.find((model) => model.model === "model-a")).toMatchObject({ calls: 6, costUsd: 4 });
  });

  it("gives the cost of each of the last 14 UTC days, days without calls as 0", async () => {
    const { costPerDay } = await readAdminStats(testDatabase.db, { now });
    expect(costPerDay).toHaveLength(14);
    expect(costPerDay[0]).toEqual({ day: "2026-02-25", costUsd: 0, calls: 0 });
    expect(costPerDay.at(-2)).toEqual({ day: "2026-03-09", costUsd: 3, calls: 1 });
    expect(costPerDay.at(-1)).toEqual({ day: "2026-03-10", costUsd: 3, calls: 6 });
    expect(costPerDay.slice(0, -2).every((day) => day.costUsd === 0 && day.calls === 0)).toBe(true);
  });

  it("keeps UTC hours and days whatever the session's time zone", async () => {
    const inUtc = await readAdminStats(testDatabase.db, { now });
    // +05:30: a zone whose hours and days both start at other instants than UTC's.
    const inKolkata = await testDatabase.db.transaction(async (transaction) => {
      await transaction.query(`SET LOCAL TIME ZONE 'Asia/Kolkata'`);
      return readAdminStats(transaction, { now });
    });
    expect(inKolkata.throughput).toEqual(inUtc.throughput);
    expect(inKolkata.costPerDay).toEqual(inUtc.costPerDay);
  });

  it("reads an empty database as zeros", async () => {
    const empty = await createTestDatabase();
    try {
      const stats = await readAdminStats(empty.db, { now });
      expect(stats.queueDepth).toBe(0);
      expect(stats.oldestQueuedAt).toBeNull();
      expect(stats.modelCalls).toEqual([]);
      expect(stats.costPerDay.every((day) => day.costUsd === 0)).toBe(true);
      expect(stats.throughput.every((hour) => hour.succeeded + hour.failed + hour.canceled === 0)).toBe(true);
    } finally {
      await empty.cleanup();
    }
  });
});
