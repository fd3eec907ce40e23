import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../src/simulator/index.ts";
import {
  callers,
  openJobsBed,
  providerFor,
  smallRequest,
  successfulCallsByStep,
  waitFor,
  waitForStatus,
  type JobsBed,
} from "./jobs-support.ts";

// Steps run one at a time (COURSEFORGE_CONCURRENCY=1) on a simulator slow enough that a step is
// still in flight when the test acts.
describe("cancel and worker shutdown while a job runs", () => {
  let bed: JobsBed;

  beforeAll(async () => {
    bed = await openJobsBed({ timeScale: 0.1, environment: { COURSEFORGE_CONCURRENCY: "1" } });
  });
  afterAll(async () => {
    await bed?.cleanup();
  });

  const stepStarted = (jobId: string, step: string) =>
    waitFor(async () => {
      const [row] = await bed.database.query(
        `SELECT 1 FROM course_generation_events WHERE job_id = $1 AND type = 'step.started' AND data->>'step' = $2`,
        [jobId, step],
      );
      return row !== undefined;
    }, `step ${step} of ${jobId} to start`);

  const stepsOf = async (jobId: string) =>
    (
      await bed.database.query<{ step: string }>(
        `SELECT step FROM course_generation_job_steps WHERE job_id = $1 AND status = 'succeeded' ORDER BY step`,
        [jobId],
      )
    ).map((row) => row.step);

  it("cancels a running job by aborting its in-flight model call", async () => {
    // Real-time latency: the outline call takes seconds, so the cancel lands while it is in flight.
    const slow = await startSimulator({ port: 0, seed: 3, timeScale: 1 });
    const provider = providerFor(slow);
    try {
      const worker = await bed.startWorker({ provider });
      const { job } = await bed.jobs.submit(
        callers.student,
        { request: smallRequest("Canceled calligraphy"), reviewOutline: false },
        {},
      );
      await stepStarted(job.id, "outline");
      const requested = await bed.jobs.cancel(callers.student, job.id);
      expect(requested?.status).toBe("running");
      const ended = await waitForStatus(bed.database, job.id, "canceled");
      expect(ended).toMatchObject({ failure_code: "CANCELED" });
      await worker.stop();
      const calls = await bed.database.query<{ step: string; outcome: string }>(
        `SELECT step, outcome FROM llm_calls WHERE job_id = $1`,
        [job.id],
      );
      expect(calls).toEqual([{ step: "outline", outcome: "ABORTED" }]);
      expect(await bed.database.query(`SELECT 1 FROM courses WHERE job_id = $1`, [job.id])).toEqual([]);
      const types = (await bed.jobs.events(callers.student, job.id, 0))!.map((event) => event.type);
      expect(types.at(-1)).toBe("job.canceled");
      await expect(bed.jobs.cancel(callers.student, job.id)).resolves.toMatchObject({ status: "canceled" });
    } finally {
      await provider.close();
      await slow.close();
    }
  });

  it("on stop, lets the step in flight finish and be checkpointed, then gives the job back to the queue", async () => {
    const worker = await bed.startWorker();
    const { job } = await bed.jobs.submit(
      callers.teacher,
      { request: smallRequest("Drained woodworking", 2), reviewOutline: false },
      {},
    );
    await stepStarted(job.id, "lesson:m1-l1");
    await worker.stop({ graceMs: 60_000 });

    expect((await bed.jobs.get(callers.teacher, job.id))?.status).toBe("queued");
    expect(await stepsOf(job.id)).toEqual(["lesson:m1-l1", "outline"]);
    const [requeued] = (await bed.jobs.events(callers.teacher, job.id, 0))!.filter(
      (event) => event.type === "job.requeued",
    );
    expect(requeued?.data).toMatchObject({ reason: "worker_stopped" });

    const next = await bed.startWorker({ workerId: "next-worker" });
    await waitForStatus(bed.database, job.id, "succeeded");
    await next.stop();
    expect(Object.fromEntries(await successfulCallsByStep(bed.database, job.id))).toEqual({
      outline: 1,
      "lesson:m1-l1": 1,
      "lesson:m1-l2": 1,
      "quiz:m1-l1": 1,
      "quiz:m1-l2": 1,
    });
  });

  it("after the grace period, aborts the step in flight and still gives the job back rather than failing it", async () => {
    const worker = await bed.startWorker();
    const { job } = await bed.jobs.submit(
      callers.teacher,
      { request: smallRequest("Hurried glassblowing"), reviewOutline: false },
      {},
    );
    await stepStarted(job.id, "lesson:m1-l1");
    await worker.stop({ graceMs: 0 });

    expect(await bed.jobs.get(callers.teacher, job.id)).toMatchObject({ status: "queued", failure: null });
    expect(await stepsOf(job.id)).toEqual(["outline"]);
    const aborted = await bed.database.query(
      `SELECT 1 FROM llm_calls WHERE job_id = $1 AND step = 'lesson:m1-l1' AND outcome = 'ABORTED'`,
      [job.id],
    );
    expect(aborted).toHaveLength(1);

    const next = await bed.startWorker({ workerId: "patient-worker" });
    await waitForStatus(bed.database, job.id, "succeeded");
    await next.stop();
    expect(Object.fromEntries(await successfulCallsByStep(bed.database, job.id))).toEqual({
      outline: 1,
      "lesson:m1-l1": 1,
      "quiz:m1-l1": 1,
    });
  });
});
