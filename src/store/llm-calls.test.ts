import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import type { Queryable } from "../db/port.ts";
import type { InFlightCall, LlmCallRecord } from "../llm/types.ts";
import { requeueStaleJobs } from "./job-leases.ts";
import { insertJob } from "./jobs.ts";
import { createDatabaseCallRecorder, lostCallMessage, sumCallsOfJob } from "./llm-calls.ts";
import { saveFinishedStep } from "./steps.ts";

let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

const inFlight = (jobId: string, attemptId: string, step = "lesson:m1-l1"): InFlightCall => ({
  attemptId,
  jobId,
  step,
  task: "lesson",
  provider: "simulator",
  model: "gpt-4o-mini",
  attempt: 1,
  promptTokens: 1500,
  completionTokens: 4000,
  costUsd: 0.002625,
  startedAt: new Date("2026-01-02T03:04:05.678Z"),
});

const settled = (call: InFlightCall, outcome = "success"): LlmCallRecord => ({
  attemptId: call.attemptId,
  jobId: call.jobId,
  step: call.step,
  task: call.task,
  provider: call.provider,
  model: call.model,
  attempt: call.attempt,
  outcome,
  promptTokens: 1480,
  completionTokens: 900,
  cachedPromptTokens: 1024,
  usageReported: true,
  latencyMs: 812,
  costUsd: 0.000765,
  errorMessage: outcome === "success" ? null : "Rate limited.",
  startedAt: call.startedAt,
});

async function runningJob(id: string, heartbeat: "fresh" | "stale"): Promise<void> {
  await insertJob(testDatabase.db, { id, request: { topic: "Tides" }, status: "running" });
  await testDatabase.db.query(
    `UPDATE course_generation_jobs SET worker_id = 'host:1', heartbeat_at = now() - $2::float8 * interval '1 second' WHERE id = $1`,
    [id, heartbeat === "fresh" ? 0 : 3600],
  );
}

async function inFlightRows(jobId: string): Promise<string[]> {
  const rows = await testDatabase.db.query<{ attempt_id: string }>(
    `SELECT attempt_id FROM llm_calls_in_flight WHERE job_id = $1 ORDER BY attempt_id`,
    [jobId],
  );
  return rows.map((row) => row.attempt_id);
}

async function callRows(jobId: string) {
  return testDatabase.db.query<{
    attempt_id: string;
    outcome: string;
    prompt_tokens: number;
    completion_tokens: number;
    cost_usd: number;
    error_message: string | null;
  }>(
    `SELECT attempt_id, outcome, prompt_tokens, completion_tokens, cost_usd, error_message FROM llm_calls WHERE job_id = $1 ORDER BY attempt_id`,
    [jobId],
  );
}

describe("the database call recorder", () => {
  it("records an attempt in flight before it is sent, and settles it with one statement", async () => {
    await runningJob("job_calls1", "fresh");
    const recorder = createDatabaseCallRecorder(testDatabase.db);
    const call = inFlight("job_calls1", "attempt-1");
    await recorder.begin!(call);
    expect(await inFlightRows("job_calls1")).toEqual(["attempt-1"]);

    await recorder.record(settled(call, "LLM_RATE_LIMITED"));
    expect(await inFlightRows("job_calls1")).toEqual([]);
    expect(await callRows("job_calls1")).toEqual([
      expect.objectContaining({ attempt_id: "attempt-1", outcome: "LLM_RATE_LIMITED", prompt_tokens: 1480 }),
    ]);
    // Stored again (a write retried after its commit was lost): still one row.
    await recorder.record(settled(call, "LLM_RATE_LIMITED"));
    expect(await callRows("job_calls1")).toHaveLength(1);
  });

  it("writes the attempts begun together with one statement", async () => {
    await runningJob("job_calls2", "fresh");
    let statements = 0;
    const counting: Queryable = {
      query: (sql, parameters, options) => {
        statements++;
        return testDatabase.db.query(sql, parameters, options);
      },
    };
    const recorder = createDatabaseCallRecorder(counting);
    await Promise.all(["a", "b", "c"].map((id) => recorder.begin!(inFlight("job_calls2", id, `lesson:${id}`))));
    expect(statements).toBe(1);
    expect(await inFlightRows("job_calls2")).toEqual(["a", "b", "c"]);
  });

  it("settles a successful attempt with its step's checkpoint", async () => {
    await runningJob("job_calls3", "fresh");
    const recorder = createDatabaseCallRecorder(testDatabase.db);
    const call = inFlight("job_calls3", "attempt-3");
    await recorder.begin!(call);
    await saveFinishedStep(testDatabase.db, "job_calls3", {
      checkpoint: {
        step: call.step,
        output: { title: "Lesson" },
        promptTokens: 1480,
        completionTokens: 900,
        cachedPromptTokens: 1024,
        costUsd: 0.000765,
        attempts: 1,
        durationMs: 812,
      },
      calls: [settled(call)],
      event: { type: "step.finished", data: { type: "step.finished", step: call.step } },
    });
    expect(await inFlightRows("job_calls3")).toEqual([]);
    expect(await callRows("job_calls3")).toEqual([
      expect.objectContaining({ attempt_id: "attempt-3", outcome: "success" }),
    ]);
  });
});

describe("recovering a dead worker's job", () => {
  it("records its attempts in flight as lost, with their estimated tokens and cost, counted in the job's totals", async () => {
    await runningJob("job_dead", "stale");
    await runningJob("job_alive", "fresh");
    const recorder = createDatabaseCallRecorder(testDatabase.db);
    const done = inFlight("job_dead", "dead-1", "outline");
    await recorder.begin!(done);
    await recorder.record(settled(done, "LLM_SERVER_ERROR"));
    await recorder.begin!(inFlight("job_dead", "dead-2", "lesson:m1-l1"));
    await recorder.begin!(inFlight("job_dead", "dead-3", "lesson:m1-l2"));
    await recorder.begin!(inFlight("job_alive", "alive-1"));

    const requeued = await requeueStaleJobs(testDatabase.db, 60);
    expect(requeued.map((job) => [job.id, job.status])).toContainEqual(["job_dead", "queued"]);
    expect(requeued.map((job) => job.id)).not.toContain("job_alive");

    expect(await inFlightRows("job_dead")).toEqual([]);
    expect(await callRows("job_dead")).toEqual([
      expect.objectContaining({ attempt_id: "dead-1", outcome: "LLM_SERVER_ERROR" }),
      {
        attempt_id: "dead-2",
        outcome: "lost",
        prompt_tokens: 1500,
        completion_tokens: 4000,
        cost_usd: 0.002625,
        error_message: lostCallMessage,
      },
      {
        attempt_id: "dead-3",
        outcome: "lost",
        prompt_tokens: 1500,
        completion_tokens: 4000,
        cost_usd: 0.002625,
        error_message: lostCallMessage,
      },
    ]);
    const totals = await sumCallsOfJob(testDatabase.db, "job_dead");
    expect(totals.calls).toBe(3);
    expect(totals.completionTokens).toBe(900 + 4000 + 4000);
    expect(totals.costUsd).toBeCloseTo(0.000765 + 2 * 0.002625, 6);
    // A job whose worker is alive keeps its attempts in flight.
    expect(await inFlightRows("job_alive")).toEqual(["alive-1"]);
    expect(await callRows("job_alive")).toEqual([]);
  });

  it("replaces a lost attempt's estimate when its settlement arrives late, without counting it twice", async () => {
    await runningJob("job_late", "stale");
    const recorder = createDatabaseCallRecorder(testDatabase.db);
    const call = inFlight("job_late", "late-1");
    await recorder.begin!(call);
    await requeueStaleJobs(testDatabase.db, 60);
    expect((await callRows("job_late")).map((row) => row.outcome)).toEqual(["lost"]);
    await recorder.record(settled(call, "success"));
    expect(await callRows("job_late")).toEqual([
      expect.objectContaining({ attempt_id: "late-1", outcome: "success", completion_tokens: 900 }),
    ]);
  });

  it("records as lost an attempt left in flight for long by a job that is no longer running", async () => {
    await insertJob(testDatabase.db, { id: "job_ended", request: { topic: "Tides" }, status: "failed" });
    const recorder = createDatabaseCallRecorder(testDatabase.db);
    await recorder.begin!(inFlight("job_ended", "ended-1"));
    await requeueStaleJobs(testDatabase.db, 60);
    expect(await inFlightRows("job_ended")).toEqual(["ended-1"]);
    await testDatabase.db.query(
      `UPDATE llm_calls_in_flight SET created_at = now() - interval '2 minutes' WHERE attempt_id = 'ended-1'`,
    );
    await requeueStaleJobs(testDatabase.db, 60);
    expect(await inFlightRows("job_ended")).toEqual([]);
    expect((await callRows("job_ended")).map((row) => row.outcome)).toEqual(["lost"]);
  });
});
