import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEconomy, type Economy } from "../src/app/index.ts";
import { validateCourse, type Course } from "../src/course/index.ts";
import { callers, openJobsBed, smallRequest, waitForStatus, type JobsBed } from "./jobs-support.ts";

// The service's wiring: the worker gets the process's Batch API lane from the config (openEconomy),
// and a request's mode travels with the job through the queue.
describe("economy jobs through the queue and a worker", () => {
  let bed: JobsBed;
  let economy: Economy | undefined;

  beforeAll(async () => {
    bed = await openJobsBed({
      timeScale: 0.01,
      environment: {
        COURSEFORGE_SIMULATOR_TIME_SCALE: "0.01",
        COURSEFORGE_BATCH_WINDOW_SECONDS: "5",
        COURSEFORGE_BATCH_POLL_SECONDS: "2",
      },
    });
  });
  afterAll(async () => {
    await economy?.close();
    await bed?.cleanup();
  });

  it("writes an economy course's lesson and quiz in batches and its outline in real time", async () => {
    economy = openEconomy(bed.config, bed.database, bed.simulator.url);
    expect(economy).toBeDefined();
    const worker = await bed.startWorker({ economy: economy! });
    const { job } = await bed.jobs.submit(
      callers.teacher,
      { request: { ...smallRequest("Economical beekeeping", 1), mode: "economy" }, reviewOutline: false },
      { idempotencyKey: "economy-1" },
    );
    await waitForStatus(bed.database, job.id, "succeeded", 60_000);
    await worker.stop();

    const [course] = await bed.database.query<{ document: Course }>(`SELECT document FROM courses WHERE job_id = $1`, [
      job.id,
    ]);
    expect(validateCourse(course?.document).ok).toBe(true);
    expect(bed.simulator.stats()).toMatchObject({ completions: 1, batchLines: 2 });
    const events = await bed.database.query<{ type: string }>(
      `SELECT type FROM course_generation_events WHERE job_id = $1 AND type = 'batch.waiting'`,
      [job.id],
    );
    expect(events.length).toBeGreaterThan(0);
    const calls = await bed.database.query<{ task: string; cost_usd: number }>(
      `SELECT task, cost_usd FROM llm_calls WHERE job_id = $1 AND outcome = 'success' ORDER BY task`,
      [job.id],
    );
    expect(calls.map((call) => call.task)).toEqual(["lesson", "outline", "quiz"]);
  });
});
