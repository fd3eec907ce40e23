import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCourseBudgets, type CourseBudgets } from "../src/limits/index.ts";
import type { RunningWorker } from "../src/jobs/index.ts";
import {
  callers,
  jobsConfig,
  openJobsBed,
  smallRequest,
  successfulCallsByStep,
  waitFor,
  waitForStatus,
  type JobsBed,
} from "./jobs-support.ts";

// USD budgets enforced by the worker, on the test database's backend: a job that would pass its
// cap stops with BUDGET_EXCEEDED and keeps its checkpoints, resumes once the cap is raised, and
// the global daily budget makes new jobs wait or refuses them. Models are priced (gpt-4.1-mini).

describe("USD budgets in the worker", () => {
  let bed: JobsBed;
  let budgets: CourseBudgets;
  let worker: RunningWorker | undefined;

  beforeAll(async () => {
    bed = await openJobsBed({ environment: { COURSEFORGE_BUDGET_WAIT_SECONDS: "1" } });
    budgets = createCourseBudgets({
      database: bed.database,
      defaults: { roles: bed.config.budgets.roles, globalUsdPerDay: bed.config.budgets.globalUsdPerDay },
    });
  }, 60_000);
  afterAll(async () => {
    await worker?.stop({ graceMs: 0 });
    await bed?.cleanup();
  });

  it("stops a job past its per-course cap with BUDGET_EXCEEDED, keeps the outline, and resumes after a raise", async () => {
    expect(bed.config.models.outline).toBe("gpt-4.1-mini");
    // Enough for the outline (about $0.001), not for four lesson and quiz calls (about $0.015 more).
    await budgets.setUser(callers.teacher.userId, { usdPerCourse: 0.004 });
    worker = await bed.startWorker({ concurrency: 1 });
    const { job } = await bed.jobs.submit(
      callers.teacher,
      { request: smallRequest("Budgeted tides", 2), reviewOutline: true },
      {},
    );
    await waitForStatus(bed.database, job.id, "awaiting_approval", 60_000);
    await bed.jobs.approve(callers.teacher, job.id);
    const stopped = await waitForStatus(bed.database, job.id, "failed", 60_000);
    expect(stopped.failure_code).toBe("BUDGET_EXCEEDED");
    expect(stopped.failure_reason).toMatch(/per-course budget of \$0\.0040/);
    expect([...(await successfulCallsByStep(bed.database, job.id)).entries()]).toEqual([["outline", 1]]);
    const usage = await budgets.usage(callers.teacher);
    expect(usage.day.reservedUsd).toBe(0);
    expect(usage.day.spentUsd).toBeGreaterThan(0);

    // Still too low: resuming stops again at once, paying for nothing.
    await bed.jobs.resume(callers.teacher, job.id);
    await waitFor(async () => {
      const [row] = await bed.database.query<{ status: string }>(
        "SELECT status FROM course_generation_jobs WHERE id = $1",
        [job.id],
      );
      return row?.status === "failed";
    }, "the job to stop again");
    expect([...(await successfulCallsByStep(bed.database, job.id)).entries()]).toEqual([["outline", 1]]);

    await budgets.setUser(callers.teacher.userId, { usdPerCourse: 1 });
    const resumed = await bed.jobs.resume(callers.teacher, job.id);
    expect(resumed?.status).toBe("queued");
    await waitForStatus(bed.database, job.id, "succeeded", 60_000);
    const calls = await successfulCallsByStep(bed.database, job.id);
    // The outline was paid once, in the first run; the lessons and quizzes once, after the raise.
    expect(calls.get("outline")).toBe(1);
    expect([...calls.values()].every((count) => count === 1)).toBe(true);
    expect(calls.size).toBe(5);
    // The run gives back what it still holds just after it ends the job.
    const hold = await waitFor(async () => {
      const [row] = await bed.database.query<{ reserved_usd: number; spent_usd: number }>(
        "SELECT reserved_usd, spent_usd FROM course_generation_budget_holds WHERE job_id = $1",
        [job.id],
      );
      return row !== undefined && Number(row.reserved_usd) === 0 ? row : undefined;
    }, "the job's hold to be given back");
    const [cost] = await bed.database.query<{ cost: number }>(
      "SELECT sum(cost_usd) AS cost FROM llm_calls WHERE job_id = $1",
      [job.id],
    );
    expect(Number(hold?.spent_usd)).toBeCloseTo(Number(cost?.cost), 5);
    await expect(bed.jobs.resume(callers.teacher, job.id)).rejects.toMatchObject({ code: "JOB_NOT_RESUMABLE" });
  }, 120_000);

  it("makes a new job wait past the global daily budget, and starts it once the budget is raised", async () => {
    await budgets.setGlobal(0.000001);
    worker ??= await bed.startWorker({ concurrency: 1 });
    const { job } = await bed.jobs.submit(
      callers.student,
      { request: smallRequest("Waiting tides", 1), reviewOutline: false },
      {},
    );
    await waitFor(async () => {
      const rows = await bed.database.query<{ data: { reason?: string; message?: string } }>(
        "SELECT data FROM course_generation_events WHERE job_id = $1 AND type = 'job.waiting'",
        [job.id],
      );
      return rows.find((row) => row.data.reason === "global_budget");
    }, "a job.waiting event for the global budget");
    expect(await bed.database.query("SELECT 1 FROM llm_calls WHERE job_id = $1", [job.id])).toEqual([]);
    await budgets.setGlobal(null);
    await waitForStatus(bed.database, job.id, "succeeded", 60_000);
  }, 120_000);

  it("refuses a new job past the global daily budget when configured to refuse", async () => {
    await worker?.stop({ graceMs: 0 });
    worker = await bed.startWorker({
      concurrency: 1,
      config: jobsConfig({ COURSEFORGE_OVER_GLOBAL_BUDGET: "refuse" }),
    });
    await budgets.setGlobal(0.000001);
    const { job } = await bed.jobs.submit(
      callers.student,
      { request: smallRequest("Refused tides", 1), reviewOutline: false },
      {},
    );
    const refused = await waitForStatus(bed.database, job.id, "failed", 60_000);
    expect(refused.failure_code).toBe("BUDGET_EXCEEDED");
    expect(refused.failure_reason).toMatch(/service's daily budget/);
    expect(await bed.database.query("SELECT 1 FROM llm_calls WHERE job_id = $1", [job.id])).toEqual([]);
    await budgets.setGlobal(null);
  }, 120_000);
});
