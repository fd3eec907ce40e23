import { describe, expect, it } from "vitest";
import { sumCallsOfJob } from "../src/store/index.ts";
import {
  callers,
  postgresForWorkerProcesses,
  postgresWorkerEnvironment,
  smallRequest,
  successfulCallsByStep,
  useWorkerProcesses,
  waitFor,
  waitForStatus,
} from "./jobs-support.ts";

const reachable = await postgresForWorkerProcesses("test/jobs-kill-resume.test.ts");

describe.skipIf(!reachable)("a worker killed with SIGKILL in the middle of a course", () => {
  const processes = useWorkerProcesses();

  it("leaves a job that another worker resumes from its checkpoints without paying again for a finished step", async () => {
    const { bed } = processes;
    // One step at a time, slow enough that the kill lands between checkpoints.
    const environment = postgresWorkerEnvironment(bed.testDatabase.location, {
      COURSEFORGE_CONCURRENCY: "1",
      COURSEFORGE_SIMULATOR_TIME_SCALE: "0.1",
    });
    const first = await processes.spawn(environment, { jobs: 1 });
    await first.ready;
    const { job } = await bed.jobs.submit(
      callers.teacher,
      { request: smallRequest("Interrupted sourdough science", 3), reviewOutline: false },
      {},
    );

    const checkpointed = async () =>
      (
        await bed.database.query<{ step: string }>(
          `SELECT step FROM course_generation_job_steps WHERE job_id = $1 AND status = 'succeeded'`,
          [job.id],
        )
      ).map((row) => row.step);
    const inFlight = async () =>
      bed.database.query<{ attempt_id: string; step: string; prompt_tokens: number; completion_tokens: number }>(
        `SELECT attempt_id, step, prompt_tokens, completion_tokens FROM llm_calls_in_flight WHERE job_id = $1`,
        [job.id],
      );
    const before = await waitFor(async () => {
      const steps = await checkpointed();
      return steps.length >= 2 && (await inFlight()).length > 0 && steps;
    }, "two checkpointed steps and an attempt in flight");
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");
    // Sent (so possibly billed) and never answered: recorded before sending, unsettled at the kill.
    const unsettled = await inFlight();
    expect(unsettled.length).toBeGreaterThan(0);

    const [orphan] = await bed.database.query<{ status: string; worker_id: string }>(
      `SELECT status, worker_id FROM course_generation_jobs WHERE id = $1`,
      [job.id],
    );
    expect(orphan?.status).toBe("running");
    expect(orphan?.worker_id).toMatch(/:/);
    // 7 steps in all: the kill landed mid-course.
    const atKill = await checkpointed();
    expect(atKill.length).toBeGreaterThanOrEqual(before.length);
    expect(atKill.length).toBeLessThan(7);

    const second = await processes.spawn({ ...environment, COURSEFORGE_SIMULATOR_TIME_SCALE: "0.01" }, { jobs: 1 });
    await second.ready;
    await waitForStatus(bed.database, job.id, "succeeded", 50_000);
    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);

    // The recovery recorded the unsettled attempts as lost, with their estimated tokens and cost,
    // so the job's totals (and the quotas and budgets summed from llm_calls) include them.
    const lost = await bed.database.query<{
      attempt_id: string;
      step: string;
      prompt_tokens: number;
      completion_tokens: number;
      cost_usd: number;
    }>(
      `SELECT attempt_id, step, prompt_tokens, completion_tokens, cost_usd FROM llm_calls WHERE job_id = $1 AND outcome = 'lost'`,
      [job.id],
    );
    expect(lost.map((call) => call.attempt_id).sort()).toEqual(unsettled.map((call) => call.attempt_id).sort());
    for (const call of lost) {
      const estimate = unsettled.find((flight) => flight.attempt_id === call.attempt_id)!;
      expect(call).toMatchObject({
        prompt_tokens: estimate.prompt_tokens,
        completion_tokens: estimate.completion_tokens,
      });
      expect(call.prompt_tokens).toBeGreaterThan(0);
      expect(call.completion_tokens).toBeGreaterThan(0);
      expect(call.cost_usd).toBeGreaterThan(0);
    }
    expect(await inFlight()).toEqual([]);
    const totals = await sumCallsOfJob(bed.database, job.id);
    const [settledCost] = await bed.database.query<{ cost: number }>(
      `SELECT sum(cost_usd) AS cost FROM llm_calls WHERE job_id = $1 AND outcome <> 'lost'`,
      [job.id],
    );
    expect(totals.costUsd).toBeCloseTo(settledCost!.cost + lost.reduce((sum, call) => sum + call.cost_usd, 0), 6);

    const calls = await successfulCallsByStep(bed.database, job.id);
    expect(calls.size).toBe(7);
    expect([...calls.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    const [row] = await bed.database.query<{ attempts: number; steps_done: number }>(
      `SELECT attempts, steps_done FROM course_generation_jobs WHERE id = $1`,
      [job.id],
    );
    expect(row).toEqual({ attempts: 2, steps_done: 7 });
    const events = (await bed.jobs.events(callers.teacher, job.id, 0))!;
    const requeued = events.find((event) => event.type === "job.requeued");
    expect(requeued?.data).toMatchObject({ reason: "stale" });
    const resumed = events.filter((event) => event.type === "job.started").at(-1);
    expect((resumed?.data as { stepsFromCheckpoint: number }).stepsFromCheckpoint).toBe(atKill.length);
    expect(second.lines()).toContain(`job ${job.id} succeeded`);
  });
});
