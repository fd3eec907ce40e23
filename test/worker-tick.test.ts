import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpService } from "../src/app/index.ts";
import { createWorkerTicks } from "../src/app/worker-ticks.ts";
import { fireTick, TickRequestError } from "../src/cli/tick.ts";
import { startHttpServer, type RunningHttpServer } from "../src/http/index.ts";
import type { TickSummary } from "../src/jobs/index.ts";
import {
  callers,
  jobsConfig,
  openJobsBed,
  smallRequest,
  successfulCallsByStep,
  waitForStatus,
  type JobsBed,
} from "./jobs-support.ts";

// The serverless worker mode over HTTP (docs/vercel.md): the route, its auth, budgets, courses
// carried across ticks, ticks beside a regular worker, and a tick stopped mid-call.

const secret = "tick-secret-0123456789abcdef";
const timeScale = 0.02;

let bed: JobsBed;
let server: RunningHttpServer;
let baseUrl: string;
let unitMs: number;

beforeAll(async () => {
  bed = await openJobsBed({ timeScale });
  // One step at a time per job, so a course needs several short ticks.
  const config = jobsConfig({ COURSEFORGE_CRON_SECRET: secret, COURSEFORGE_TICK_BUDGET_MS: "3000" });
  const worker = createWorkerTicks({
    config,
    database: bed.database,
    queue: bed.queue,
    provider: bed.provider,
    simulated: true,
  });
  const { app } = createHttpService({ config, database: bed.database, queue: bed.queue, worker });
  server = await startHttpServer(app, { port: 0, host: "127.0.0.1" });
  baseUrl = server.url;
  // A deployment that has run courses before: ticks estimate calls from these latencies.
  const warmUp = await bed.startWorker({ concurrency: 3, workerId: "warm-up" });
  for (const topic of ["Warm-up tides", "Warm-up waves", "Warm-up currents"]) {
    const { job } = await bed.jobs.submit(callers.admin, { request: smallRequest(topic, 2), reviewOutline: false }, {});
    await waitForStatus(bed.database, job.id, "succeeded", 120_000);
  }
  await warmUp.stop({ graceMs: 1_000 });
  // Budgets are in units of the slowest recorded call: the machine's load sets how long calls take.
  const [slowest] = await bed.database.query<{ ms: number }>(
    `SELECT max(latency_ms)::int AS ms FROM llm_calls WHERE outcome = 'success'`,
  );
  unitMs = Math.max(300, Number(slowest?.ms ?? 0));
}, 180_000);
afterAll(async () => {
  await server?.close();
  await bed?.cleanup();
});

async function tick(budgetMs?: number, signal?: AbortSignal): Promise<TickSummary> {
  return (await fireTick({
    url: baseUrl,
    secret,
    ...(budgetMs === undefined ? {} : { budgetMs }),
    ...(signal === undefined ? {} : { signal }),
  })) as unknown as TickSummary;
}

async function statusOf(jobId: string): Promise<string | undefined> {
  const [row] = await bed.database.query<{ status: string }>(
    `SELECT status FROM course_generation_jobs WHERE id = $1`,
    [jobId],
  );
  return row?.status;
}

/** Ticks (one at a time) until every job ended; returns the summaries. */
async function tickUntilEnded(jobIds: readonly string[], budgetMs?: number, maxTicks = 40): Promise<TickSummary[]> {
  const summaries: TickSummary[] = [];
  for (let index = 0; index < maxTicks; index++) {
    const statuses = await Promise.all(jobIds.map(statusOf));
    if (statuses.every((status) => status === "succeeded" || status === "failed" || status === "canceled"))
      return summaries;
    summaries.push(await tick(budgetMs));
  }
  throw new Error(`The jobs did not end within ${maxTicks} ticks.`);
}

async function expectEachStepPaidOnce(jobId: string): Promise<void> {
  const calls = await successfulCallsByStep(bed.database, jobId);
  expect(calls.size).toBeGreaterThan(0);
  for (const [step, count] of calls) expect({ step, count: Number(count) }).toEqual({ step, count: 1 });
}

describe("POST /v1/worker/tick", () => {
  it("answers 401 to a missing, malformed or wrong secret and 400 to a bad budget", async () => {
    const url = `${baseUrl}/v1/worker/tick`;
    for (const authorization of [undefined, "Basic abc", `Bearer ${secret}x`, "Bearer short"]) {
      const response = await fetch(url, {
        method: "POST",
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(text).not.toContain(secret);
    }
    for (const budgetMs of [0, 99, 1.5, 900_001]) {
      const response = await fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: JSON.stringify({ budgetMs }),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/budgetMs/);
    }
  });

  it("is off (404) without a cron secret", async () => {
    const config = jobsConfig();
    const off = createHttpService({
      config,
      database: bed.database,
      queue: bed.queue,
      worker: createWorkerTicks({
        config,
        database: bed.database,
        queue: bed.queue,
        provider: bed.provider,
        simulated: true,
      }),
    });
    const response = await off.app.request("/v1/worker/tick", {
      method: "POST",
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(response.status).toBe(404);
    const none = createHttpService({ config, database: bed.database, queue: bed.queue });
    expect((await none.app.request("/v1/worker/tick", { method: "GET" })).status).toBe(404);
  });

  it("answers idle when no job waits", async () => {
    const summary = await tick(500);
    expect(summary).toMatchObject({ outcome: "idle", stepsRun: 0, jobsAdvanced: 0, jobsFinished: 0 });
    expect(summary.timeLeftMs).toBeGreaterThan(0);
  });

  it("carries a course across several ticks, each step paid once", async () => {
    const { job } = await bed.jobs.submit(
      callers.teacher,
      { request: { ...smallRequest("Tick-carried tide pools", 3), modules: 2 }, reviewOutline: false },
      {},
    );
    // 13 steps, at least four calls one after another (outline, lesson, lesson, quiz): more than 1.5 s.
    const summaries = await tickUntilEnded([job.id], Math.round(2.5 * unitMs));
    expect(await statusOf(job.id)).toBe("succeeded");
    const working = summaries.filter((summary) => summary.stepsRun > 0);
    expect(working.length).toBeGreaterThan(1);
    expect(summaries.reduce((sum, summary) => sum + summary.stepsRun, 0)).toBe(13);
    expect(summaries.at(-1)!.jobsFinished).toBe(1);
    // The budget holds, but for the release after an abort at the deadline on a loaded machine.
    for (const summary of summaries) expect(summary.elapsedMs).toBeLessThanOrEqual(summary.budgetMs + 2_000);
    await expectEachStepPaidOnce(job.id);
    const [course] = await bed.database.query<{ id: string }>(`SELECT id FROM courses WHERE job_id = $1`, [job.id]);
    expect(course).toBeDefined();
  });

  it("answers 200 nothing_fitted when the budget is too small for any step, leaving the job queued", async () => {
    const { job } = await bed.jobs.submit(
      callers.teacher,
      { request: smallRequest("Too little time for tides", 1), reviewOutline: false },
      {},
    );
    const summary = await tick(100);
    expect(summary).toMatchObject({ outcome: "nothing_fitted", stepsRun: 0, budgetMs: 100 });
    expect(await statusOf(job.id)).toBe("queued");
    await tickUntilEnded([job.id], 5 * unitMs);
    expect(await statusOf(job.id)).toBe("succeeded");
  });

  it("runs beside a regular worker and overlapping ticks without running a step twice", async () => {
    const submitted = await Promise.all(
      ["Shared kelp", "Shared reefs", "Shared dunes", "Shared marshes"].map((topic) =>
        bed.jobs.submit(callers.teacher, { request: smallRequest(topic, 2), reviewOutline: false }, {}),
      ),
    );
    const jobIds = submitted.map((result) => result.job.id);
    const worker = await bed.startWorker({ concurrency: 1, workerId: "regular-beside-ticks" });
    const summaries: TickSummary[] = [];
    try {
      // Two ticks at a time, as a cron fired more often than the budget lasts would overlap.
      for (let round = 0; round < 40; round++) {
        const statuses = await Promise.all(jobIds.map(statusOf));
        if (statuses.every((status) => status === "succeeded")) break;
        summaries.push(...(await Promise.all([tick(4 * unitMs), tick(4 * unitMs)])));
      }
    } finally {
      await worker.stop({ graceMs: 5_000 });
    }
    for (const jobId of jobIds) {
      expect(await statusOf(jobId)).toBe("succeeded");
      await expectEachStepPaidOnce(jobId);
    }
    // Both kinds of worker did part of the work: 4 courses of 5 steps.
    const byTicks = summaries.reduce((sum, summary) => sum + summary.stepsRun, 0);
    expect(byTicks).toBeGreaterThan(0);
    expect(byTicks).toBeLessThan(20);
  });

  it("loses at most the call in flight when a tick's request is aborted mid-call; the next tick finishes", async () => {
    const { job } = await bed.jobs.submit(
      callers.teacher,
      { request: smallRequest("Aborted tick tide tables", 2), reviewOutline: false },
      {},
    );
    const abort = new AbortController();
    const ticking = tick(10 * unitMs, abort.signal).catch((error: unknown) => error);
    // Abort once a call is in flight (recorded before it is sent) after the outline is stored.
    for (;;) {
      const [flight] = await bed.database.query<{ step: string }>(
        `SELECT step FROM llm_calls_in_flight WHERE job_id = $1 AND step <> 'outline'`,
        [job.id],
      );
      if (flight !== undefined) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    abort.abort();
    expect(await ticking).toBeInstanceOf(Error);
    // The server side stops too: the job goes back to the queue.
    for (let waited = 0; (await statusOf(job.id)) === "running" && waited < 10_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await statusOf(job.id)).toBe("queued");
    const stopped = await bed.database.query<{ outcome: string }>(
      `SELECT outcome FROM llm_calls WHERE job_id = $1 AND outcome <> 'success'`,
      [job.id],
    );
    expect(stopped.length).toBeGreaterThan(0);
    await tickUntilEnded([job.id], 5 * unitMs);
    expect(await statusOf(job.id)).toBe("succeeded");
    await expectEachStepPaidOnce(job.id);
  });

  it("fireTick reports a refused secret without echoing it", async () => {
    const error = await fireTick({ url: baseUrl, secret: "wrong-secret-value-123" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TickRequestError);
    expect((error as TickRequestError).status).toBe(401);
    expect((error as Error).message).not.toContain("wrong-secret-value-123");
  });
});
