import { describe, expect, it } from "vitest";
import { createHttpService } from "../src/app/index.ts";
import { createWorkerTicks } from "../src/app/worker-ticks.ts";
import { fireTick } from "../src/cli/tick.ts";
import type { TickSummary } from "../src/jobs/index.ts";
import {
  callers,
  jobsConfig,
  postgresForWorkerProcesses,
  postgresWorkerEnvironment,
  smallRequest,
  spawnServiceProcess,
  successfulCallsByStep,
  useWorkerProcesses,
  waitFor,
} from "./jobs-support.ts";

// A serverless function killed by its platform mid-call (the function's time limit): the API
// process serving the tick is killed with SIGKILL while a model call is in flight. Worker
// processes need a server several processes share, so this runs on Postgres only.

const reachable = await postgresForWorkerProcesses("test/worker-tick-kill.test.ts");
const secret = "kill-tick-secret-0123456789";

describe.skipIf(!reachable)("a tick killed mid-call", () => {
  const processes = useWorkerProcesses();

  it("loses only that call (recorded lost); the next tick completes the course without paying again", async () => {
    const { bed } = processes;
    const environment = postgresWorkerEnvironment(bed.testDatabase.location, {
      COURSEFORGE_CRON_SECRET: secret,
      COURSEFORGE_CONCURRENCY: "1",
      COURSEFORGE_SIMULATOR_TIME_SCALE: "0.1",
    });
    const api = await spawnServiceProcess("serve", environment);
    await api.ready;
    const listening = await waitFor(
      async () => api.lines().find((line) => line.startsWith("Listening on ")),
      "the API's address",
    );
    const url = /Listening on (\S+)/.exec(listening)![1]!;
    const { job } = await bed.jobs.submit(
      callers.teacher,
      { request: smallRequest("Killed tick estuaries", 2), reviewOutline: false },
      {},
    );
    const killedTick = fireTick({ url, secret, budgetMs: 60_000 }).catch((error: unknown) => error);
    const checkpointed = async () =>
      (
        await bed.database.query<{ step: string }>(
          `SELECT step FROM course_generation_job_steps WHERE job_id = $1 AND status = 'succeeded'`,
          [job.id],
        )
      ).map((row) => row.step);
    const inFlight = async () =>
      bed.database.query<{ attempt_id: string; step: string }>(
        `SELECT attempt_id, step FROM llm_calls_in_flight WHERE job_id = $1`,
        [job.id],
      );
    await waitFor(
      async () => (await checkpointed()).length >= 1 && (await inFlight()).length > 0,
      "a checkpointed step and a call in flight",
      60_000,
    );
    api.child.kill("SIGKILL");
    expect((await api.exited).signal).toBe("SIGKILL");
    expect(await killedTick).toBeInstanceOf(Error);
    const unsettled = await inFlight();
    expect(unsettled.length).toBeGreaterThan(0);
    const atKill = await checkpointed();
    expect(atKill.length).toBeLessThan(5);

    // The next ticks (here in this process, on the same database) sweep the dead tick's job once
    // its heartbeat is stale and finish the course.
    const config = jobsConfig({ COURSEFORGE_CRON_SECRET: secret });
    const worker = createWorkerTicks({
      config,
      database: bed.database,
      queue: bed.queue,
      provider: bed.provider,
      simulated: true,
    });
    const { app } = createHttpService({ config, database: bed.database, queue: bed.queue, worker });
    const summaries: TickSummary[] = [];
    for (let round = 0; round < 30; round++) {
      const [row] = await bed.database.query<{ status: string }>(
        `SELECT status FROM course_generation_jobs WHERE id = $1`,
        [job.id],
      );
      if (row?.status === "succeeded") break;
      const response = await app.request("/v1/worker/tick", {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: JSON.stringify({ budgetMs: 5_000 }),
      });
      expect(response.status).toBe(200);
      summaries.push((await response.json()) as TickSummary);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const [ended] = await bed.database.query<{ status: string }>(
      `SELECT status FROM course_generation_jobs WHERE id = $1`,
      [job.id],
    );
    expect(ended?.status).toBe("succeeded");
    const lost = await bed.database.query<{ attempt_id: string }>(
      `SELECT attempt_id FROM llm_calls WHERE job_id = $1 AND outcome = 'lost'`,
      [job.id],
    );
    expect(lost.map((row) => row.attempt_id).sort()).toEqual(unsettled.map((row) => row.attempt_id).sort());
    // Steps finished before the kill were not paid again: one successful call per step.
    const calls = await successfulCallsByStep(bed.database, job.id);
    expect(calls.size).toBe(5);
    for (const [step, count] of calls) expect({ step, count: Number(count) }).toEqual({ step, count: 1 });
    expect(summaries.reduce((sum, summary) => sum + summary.stepsRun, 0)).toBe(5 - atKill.length);
  }, 120_000);
});
