import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateCourse, type Course } from "../src/course/index.ts";
import {
  callers,
  openJobsBed,
  smallRequest,
  successfulCallsByStep,
  waitForStatus,
  type JobsBed,
} from "./jobs-support.ts";

// Whatever COURSEFORGE_TEST_DATABASE says: the embedded path (pg-boss through its PGlite adapter,
// in the one process that holds the PGlite folder) must work on its own.
describe("the pg-boss queue on embedded PGlite", () => {
  let bed: JobsBed;

  beforeAll(async () => {
    bed = await openJobsBed({ backend: "pglite" });
  });
  afterAll(async () => {
    await bed?.cleanup();
  });

  it("carries a job from submit to a stored course through one in-process worker", async () => {
    expect(bed.database.kind).toBe("pglite");
    const [schema] = await bed.database.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [
      `${bed.queueSchema}.job`,
    ]);
    expect(schema?.present).toBe(true);

    const worker = await bed.startWorker({ concurrency: 1 });
    const { job } = await bed.jobs.submit(
      callers.teacher,
      { request: smallRequest("Embedded beekeeping", 2), reviewOutline: false },
      { idempotencyKey: "embedded-1" },
    );
    await waitForStatus(bed.database, job.id, "succeeded");
    await worker.stop();

    const view = (await bed.jobs.get(callers.teacher, job.id))!;
    expect(view).toMatchObject({ status: "succeeded", stepsTotal: 5, stepsDone: 5 });
    const [course] = await bed.database.query<{ document: Course; user_id: string }>(
      `SELECT document, user_id FROM courses WHERE job_id = $1`,
      [job.id],
    );
    expect(course?.user_id).toBe(callers.teacher.userId);
    expect(validateCourse(course?.document).ok).toBe(true);
    expect([...(await successfulCallsByStep(bed.database, job.id)).values()]).toEqual([1, 1, 1, 1, 1]);
    // The queue message was consumed exactly once, and is completed.
    const messages = await bed.database.query<{ state: string }>(
      `SELECT state FROM ${bed.queueSchema}.job WHERE singleton_key = $1`,
      [job.id],
    );
    expect(messages).toEqual([{ state: "completed" }]);
  });
});
