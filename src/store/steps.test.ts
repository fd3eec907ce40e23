import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import type { Queryable } from "../db/port.ts";
import type { LlmCallRecord } from "../llm/types.ts";
import { createEventAppender, listEvents } from "./job-events.ts";
import { findJob, insertJob } from "./jobs.ts";
import { loadCheckpoints, saveFinishedStep } from "./steps.ts";

let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

const call = (jobId: string, step: string): LlmCallRecord => ({
  jobId,
  step,
  task: step.split(":")[0]!,
  provider: "simulator",
  model: "courseforge-bench",
  attempt: 2,
  outcome: "success",
  promptTokens: 1200,
  completionTokens: 340,
  cachedPromptTokens: 1024,
  usageReported: true,
  latencyMs: 812.6,
  costUsd: 0.000125,
  errorMessage: null,
  startedAt: new Date("2026-01-02T03:04:05.678Z"),
});

const finished = (jobId: string, step: string) => ({
  checkpoint: {
    step,
    output: { title: `Output of ${step}` },
    promptTokens: 1200,
    completionTokens: 340,
    cachedPromptTokens: 1024,
    costUsd: 0.000125,
    attempts: 2,
    durationMs: 901.4,
  },
  calls: [call(jobId, step)],
  event: { type: "step.finished", data: { type: "step.finished", step } },
});

async function newJob(id: string): Promise<void> {
  await insertJob(testDatabase.db, { id, request: { topic: "Tides" }, status: "running" });
}

describe("saveFinishedStep", () => {
  it("stores the checkpoint, the deferred call record, the event and the step count in one statement", async () => {
    await newJob("job_finish1");
    let statements = 0;
    const counting: Queryable = {
      query: (sql, parameters, options) => {
        statements += 1;
        return testDatabase.db.query(sql, parameters, options);
      },
    };
    await saveFinishedStep(counting, "job_finish1", finished("job_finish1", "lesson:m1-l1"));
    expect(statements).toBe(1);

    const checkpoints = await loadCheckpoints(testDatabase.db, "job_finish1");
    expect(checkpoints.get("lesson:m1-l1")).toEqual({
      ...finished("job_finish1", "lesson:m1-l1").checkpoint,
      durationMs: 901,
    });
    const [row] = await testDatabase.db.query(`SELECT * FROM llm_calls WHERE job_id = $1`, ["job_finish1"]);
    expect(row).toMatchObject({
      step: "lesson:m1-l1",
      task: "lesson",
      attempt: 2,
      outcome: "success",
      prompt_tokens: 1200,
      completion_tokens: 340,
      cached_prompt_tokens: 1024,
      usage_reported: true,
      latency_ms: 813,
      cost_usd: 0.000125,
      error_message: null,
    });
    expect((row!.started_at as Date).toISOString()).toBe("2026-01-02T03:04:05.678Z");
    const events = await listEvents(testDatabase.db, "job_finish1");
    expect(events.map((event) => [event.type, event.data])).toEqual([
      ["step.finished", { type: "step.finished", step: "lesson:m1-l1" }],
    ]);
    expect((await findJob(testDatabase.db, "job_finish1"))?.stepsDone).toBe(1);
  });

  it("counts steps finishing at the same time, and a step stored twice (a write retried after its commit) once", async () => {
    await newJob("job_finish2");
    const steps = ["lesson:m1-l1", "lesson:m1-l2", "lesson:m2-l1", "lesson:m2-l2"].map((step) =>
      finished("job_finish2", step),
    );
    await Promise.all(steps.map((step) => saveFinishedStep(testDatabase.db, "job_finish2", step)));
    expect((await findJob(testDatabase.db, "job_finish2"))?.stepsDone).toBe(4);
    await saveFinishedStep(testDatabase.db, "job_finish2", steps[0]!);
    expect((await findJob(testDatabase.db, "job_finish2"))?.stepsDone).toBe(4);
    const count = async (sql: string) =>
      ((await testDatabase.db.query<{ count: number }>(sql, ["job_finish2"])) as [{ count: number }])[0].count;
    expect(await count(`SELECT count(*)::int AS count FROM llm_calls WHERE job_id = $1`)).toBe(4);
    // A second step.finished would show the step finishing twice to anyone replaying the job's progress.
    expect(
      await count(
        `SELECT count(*)::int AS count FROM course_generation_events WHERE job_id = $1 AND type = 'step.finished'`,
      ),
    ).toBe(4);
  });

  it("turns a failed step into a succeeded one and counts it", async () => {
    await newJob("job_finish3");
    await testDatabase.db.query(
      `INSERT INTO course_generation_job_steps (job_id, step, status, attempts, error_code) VALUES ($1, 'quiz:m1-l1', 'failed', 3, 'LLM_OUTPUT_INVALID')`,
      ["job_finish3"],
    );
    await saveFinishedStep(testDatabase.db, "job_finish3", finished("job_finish3", "quiz:m1-l1"));
    const [row] = await testDatabase.db.query(
      `SELECT status, error_code FROM course_generation_job_steps WHERE job_id = $1`,
      ["job_finish3"],
    );
    expect(row).toEqual({ status: "succeeded", error_code: null });
    expect((await findJob(testDatabase.db, "job_finish3"))?.stepsDone).toBe(1);
  });
});

describe("createEventAppender", () => {
  it("writes the events emitted together with one statement, in order, and resolves each once stored", async () => {
    await newJob("job_events1");
    const sql: string[] = [];
    const counting: Queryable = {
      query: (text, parameters, options) => {
        sql.push(text);
        return testDatabase.db.query(text, parameters, options);
      },
    };
    const append = createEventAppender(counting, "job_events1");
    const steps = ["lesson:m1-l1", "lesson:m1-l2", "lesson:m2-l1"];
    await Promise.all(steps.map((step) => append({ type: "step.started", data: { step } })));
    expect(sql).toHaveLength(1);
    await append({ type: "step.finished", data: { step: "lesson:m1-l1" } });
    expect(sql).toHaveLength(2);
    const events = await listEvents(testDatabase.db, "job_events1");
    expect(events.map((event) => [event.type, (event.data as { step: string }).step])).toEqual([
      ...steps.map((step) => ["step.started", step]),
      ["step.finished", "lesson:m1-l1"],
    ]);
    expect(events.map((event) => event.id)).toEqual(
      [...events.map((event) => event.id)].sort((left, right) => left - right),
    );
  });

  it("writes one batch at a time: events emitted while a write is in flight wait for it and get later ids", async () => {
    await newJob("job_events2");
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const started: string[] = [];
    const held: Queryable = {
      query: async (text, parameters, options) => {
        // One event goes as (job, type, data), several as (job, JSON array of events).
        const types = text.includes("jsonb_array_elements")
          ? (JSON.parse(String(parameters![1])) as { type: string }[]).map((event) => event.type)
          : [String(parameters![1])];
        started.push(types.join(","));
        if (started.length === 1) await firstHeld;
        return testDatabase.db.query(text, parameters, options);
      },
    };
    const append = createEventAppender(held, "job_events2");
    const first = append({ type: "job.started", data: {} });
    await new Promise((resolve) => setImmediate(resolve));
    const second = [append({ type: "step.started", data: {} }), append({ type: "step.finished", data: {} })];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(["job.started"]);
    releaseFirst();
    await Promise.all([first, ...second]);
    expect(started).toEqual(["job.started", "step.started,step.finished"]);
    const events = await listEvents(testDatabase.db, "job_events2");
    expect(events.map((event) => event.type)).toEqual(["job.started", "step.started", "step.finished"]);
  });

  it("rejects every event of a batch whose write failed", async () => {
    const append = createEventAppender(testDatabase.db, "job_that_does_not_exist");
    const results = await Promise.allSettled([append({ type: "a", data: {} }), append({ type: "b", data: {} })]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
  });
});
