import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateCourse, type Course, type Outline } from "../src/course/index.ts";
import { claimJobs } from "../src/store/index.ts";
import type { Database } from "../src/db/index.ts";
import { startWorker, sweepJobs } from "../src/jobs/index.ts";
import {
  callers,
  openJobsBed,
  smallRequest,
  successfulCallsByStep,
  waitFor,
  waitForStatus,
  type JobsBed,
} from "./jobs-support.ts";

describe("course jobs service with the pg-boss queue and workers", () => {
  let bed: JobsBed;

  beforeAll(async () => {
    bed = await openJobsBed();
  });
  afterAll(async () => {
    await bed?.cleanup();
  });

  it("stores a queued job owned by the caller, with the priority of the role, once per idempotency key", async () => {
    const input = { request: smallRequest("Idempotent bread baking"), reviewOutline: false };
    const first = await bed.jobs.submit(callers.teacher, input, { idempotencyKey: "key-1" });
    expect(first.created).toBe(true);
    expect(first.job).toMatchObject({
      status: "queued",
      reviewOutline: false,
      stepsDone: 0,
      courseId: null,
      failure: null,
    });
    expect(first.job.createdAt).toBeInstanceOf(Date);
    // Defaults filled in, key order irrelevant: the same body gets the same job.
    const again = await bed.jobs.submit(
      callers.teacher,
      { request: { ...smallRequest("Idempotent bread baking") }, reviewOutline: false },
      { idempotencyKey: "key-1" },
    );
    expect(again).toEqual({ job: first.job, created: false, limits: [] });

    await expect(
      bed.jobs.submit(
        callers.teacher,
        { request: smallRequest("Another topic"), reviewOutline: false },
        { idempotencyKey: "key-1" },
      ),
    ).rejects.toMatchObject({
      code: "IDEMPOTENCY_KEY_REUSED",
    });
    await expect(
      bed.jobs.submit(callers.teacher, { ...input, reviewOutline: true }, { idempotencyKey: "key-1" }),
    ).rejects.toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED" });
    // Keys are per user.
    const other = await bed.jobs.submit(callers.student, input, { idempotencyKey: "key-1" });
    expect(other.created).toBe(true);
    expect(other.job.id).not.toBe(first.job.id);

    const rows = await bed.database.query<{ id: string; user_id: string; priority: number }>(
      `SELECT id, user_id, priority FROM course_generation_jobs WHERE id = ANY($1::text[]) ORDER BY priority DESC`,
      [[first.job.id, other.job.id]],
    );
    expect(rows).toEqual([
      { id: first.job.id, user_id: callers.teacher.userId, priority: 20 },
      { id: other.job.id, user_id: callers.student.userId, priority: 10 },
    ]);
    for (const job of [first.job, other.job]) await bed.jobs.cancel(callers.admin, job.id);
  });

  it("shows a job to its owner and to admins only, as if it did not exist to anyone else", async () => {
    const { job } = await bed.jobs.submit(
      callers.student,
      { request: smallRequest("Private knitting lessons"), reviewOutline: false },
      {},
    );
    expect((await bed.jobs.get(callers.student, job.id))?.id).toBe(job.id);
    expect((await bed.jobs.get(callers.admin, job.id))?.id).toBe(job.id);
    expect(await bed.jobs.get(callers.otherStudent, job.id)).toBeUndefined();
    expect(await bed.jobs.get(callers.teacher, job.id)).toBeUndefined();
    expect(await bed.jobs.events(callers.otherStudent, job.id, 0)).toBeUndefined();
    expect(await bed.jobs.getOutline(callers.otherStudent, job.id)).toBeUndefined();
    expect(await bed.jobs.updateOutline(callers.otherStudent, job.id, {})).toBeUndefined();
    expect(await bed.jobs.approve(callers.otherStudent, job.id)).toBeUndefined();
    expect(await bed.jobs.cancel(callers.otherStudent, job.id)).toBeUndefined();
    expect(await bed.jobs.get(callers.student, "job_doesnotexist")).toBeUndefined();
    expect((await bed.jobs.get(callers.student, job.id))?.status).toBe("queued");
    expect((await bed.jobs.events(callers.student, job.id, 0))?.map((event) => event.type)).toEqual(["job.queued"]);

    // Canceling a queued job ends it at once; no worker ever runs it.
    const canceled = await bed.jobs.cancel(callers.student, job.id);
    expect(canceled).toMatchObject({ status: "canceled", failure: { code: "CANCELED" } });
    expect(await bed.jobs.cancel(callers.student, job.id)).toMatchObject({ status: "canceled" });
    const worker = await bed.startWorker({ concurrency: 1 });
    const later = await bed.jobs.submit(
      callers.student,
      { request: smallRequest("A later course"), reviewOutline: false },
      {},
    );
    await waitForStatus(bed.database, later.job.id, "succeeded");
    await worker.stop();
    const [row] = await bed.database.query<{ status: string; attempts: number }>(
      `SELECT status, attempts FROM course_generation_jobs WHERE id = $1`,
      [job.id],
    );
    expect(row).toEqual({ status: "canceled", attempts: 0 });
    await expect(bed.jobs.cancel(callers.student, later.job.id)).rejects.toMatchObject({
      code: "JOB_ALREADY_FINISHED",
    });
  });

  it("runs the jobs of admins, then teachers, then students", async () => {
    const submitted = [];
    for (const caller of [callers.student, callers.teacher, callers.admin, callers.student]) {
      submitted.push(
        (
          await bed.jobs.submit(
            caller,
            { request: smallRequest(`Priority course of ${caller.role}`), reviewOutline: false },
            {},
          )
        ).job.id,
      );
    }
    const worker = await bed.startWorker({ concurrency: 1 });
    for (const id of submitted) await waitForStatus(bed.database, id, "succeeded");
    await worker.stop();
    const order = await bed.database.query<{ id: string }>(
      `SELECT id FROM course_generation_jobs WHERE id = ANY($1::text[]) ORDER BY started_at`,
      [submitted],
    );
    expect(order.map((row) => row.id)).toEqual([submitted[2], submitted[1], submitted[0], submitted[3]]);
    const course = await bed.database.query<{ user_id: string; job_id: string; document: Course }>(
      `SELECT user_id, job_id, document FROM courses WHERE job_id = $1`,
      [submitted[2]],
    );
    expect(course).toHaveLength(1);
    expect(course[0]).toMatchObject({ user_id: callers.admin.userId, job_id: submitted[2] });
    expect(validateCourse(course[0]!.document).ok).toBe(true);
    const view = await bed.jobs.get(callers.admin, submitted[2]!);
    expect(view).toMatchObject({ status: "succeeded", stepsTotal: 3, stepsDone: 3, courseId: course[0]!.document.id });
  });

  it("pauses after the outline for review, takes an edited outline, and finishes with it once approved", async () => {
    const worker = await bed.startWorker();
    const { job } = await bed.jobs.submit(
      callers.teacher,
      { request: { ...smallRequest("Reviewed pottery course", 3), modules: 2 }, reviewOutline: true },
      {},
    );
    await expect(bed.jobs.approve(callers.teacher, job.id)).rejects.toMatchObject({
      code: "JOB_NOT_AWAITING_APPROVAL",
    });
    await waitForStatus(bed.database, job.id, "awaiting_approval");
    const events = await bed.jobs.events(callers.teacher, job.id, 0);
    const paused = events?.find((event) => event.type === "job.awaiting_approval");
    const outline = (await bed.jobs.getOutline(callers.teacher, job.id))!;
    expect((paused?.data as { outline: Outline }).outline).toEqual(outline);
    expect(outline.modules.map((module) => module.lessons.length)).toEqual([3, 3]);

    // Reorder module 1's lessons, remove one lesson of module 2, and add an objective.
    const [a, b, c] = outline.modules[0]!.lessons;
    const edited: Outline = structuredClone(outline);
    edited.modules[0]!.lessons = [structuredClone(c!), structuredClone(a!), structuredClone(b!)];
    edited.modules[1]!.lessons.splice(1, 1);
    edited.modules[1]!.lessons[0]!.objectives.push({ id: "m2-l1-o9", text: "Name the three firing stages" });
    edited.title = "Pottery, reviewed by a teacher";

    await expect(bed.jobs.updateOutline(callers.teacher, job.id, { ...edited, modules: [] })).rejects.toMatchObject({
      code: "OUTLINE_INVALID",
    });
    const saved = (await bed.jobs.updateOutline(callers.teacher, job.id, edited))!;
    expect(saved.modules.map((module) => module.lessons.map((lesson) => lesson.id))).toEqual([
      ["m1-l1", "m1-l2", "m1-l3"],
      ["m2-l1", "m2-l2"],
    ]);
    expect(saved.modules[0]!.lessons.map((lesson) => lesson.title)).toEqual([c!.title, a!.title, b!.title]);
    expect((await bed.jobs.get(callers.teacher, job.id))?.stepsTotal).toBe(11);

    const approved = await bed.jobs.approve(callers.teacher, job.id);
    expect(approved?.status).toBe("queued");
    await waitForStatus(bed.database, job.id, "succeeded");
    await expect(bed.jobs.updateOutline(callers.teacher, job.id, saved)).rejects.toMatchObject({
      code: "JOB_NOT_AWAITING_APPROVAL",
    });
    expect((await bed.jobs.approve(callers.teacher, job.id))?.status).toBe("succeeded");
    await worker.stop();

    const view = (await bed.jobs.get(callers.teacher, job.id))!;
    expect(view).toMatchObject({ stepsTotal: 11, stepsDone: 11 });
    const [course] = await bed.database.query<{ document: Course }>(`SELECT document FROM courses WHERE id = $1`, [
      view.courseId,
    ]);
    const document = course!.document;
    expect(validateCourse(document).ok).toBe(true);
    expect(document.title).toBe("Pottery, reviewed by a teacher");
    expect(document.modules.map((module) => module.lessons.map((lesson) => lesson.title))).toEqual(
      saved.modules.map((module) => module.lessons.map((lesson) => lesson.title)),
    );
    expect(document.modules[1]!.lessons[0]!.objectives.map((objective) => objective.text)).toContain(
      "Name the three firing stages",
    );
    // The outline was planned once; every lesson and quiz once.
    const calls = await successfulCallsByStep(bed.database, job.id);
    expect(calls.get("outline")).toBe(1);
    expect([...calls.values()].every((count) => count === 1)).toBe(true);
    expect(calls.size).toBe(11);
  });

  it("re-queues a running job whose worker stopped sending heartbeats, and resumes it from its checkpoints", async () => {
    // Get a job to the point where its outline is checkpointed, then pretend a worker died holding it.
    const worker = await bed.startWorker();
    const { job } = await bed.jobs.submit(
      callers.student,
      { request: smallRequest("Orphaned chess openings", 2), reviewOutline: true },
      {},
    );
    await waitForStatus(bed.database, job.id, "awaiting_approval");
    await worker.stop();
    await bed.database.query(
      `UPDATE course_generation_jobs SET status = 'queued', outline_approved_at = now() WHERE id = $1`,
      [job.id],
    );
    expect((await claimJobs(bed.database, [job.id], "dead-worker"))[0]).toMatchObject({
      status: "running",
      workerId: "dead-worker",
    });

    // Fresh heartbeat: not stale yet.
    expect((await sweepJobs({ database: bed.database, queue: bed.queue, staleAfterSeconds: 60 })).requeued).toEqual([]);
    await bed.database.query(
      `UPDATE course_generation_jobs SET heartbeat_at = now() - interval '1 hour' WHERE id = $1`,
      [job.id],
    );
    const swept = await sweepJobs({ database: bed.database, queue: bed.queue, staleAfterSeconds: 60 });
    expect(swept.requeued).toEqual([job.id]);
    expect((await bed.jobs.get(callers.student, job.id))?.status).toBe("queued");

    const rescuer = await bed.startWorker({ workerId: "rescuer" });
    await waitForStatus(bed.database, job.id, "succeeded");
    await rescuer.stop();
    const calls = await successfulCallsByStep(bed.database, job.id);
    expect(Object.fromEntries(calls)).toEqual({
      outline: 1,
      "lesson:m1-l1": 1,
      "lesson:m1-l2": 1,
      "quiz:m1-l1": 1,
      "quiz:m1-l2": 1,
    });
    const types = (await bed.jobs.events(callers.student, job.id, 0))!.map((event) => event.type);
    expect(types).toContain("job.requeued");
    const [row] = await bed.database.query<{ attempts: number; worker_id: string | null }>(
      `SELECT attempts, worker_id FROM course_generation_jobs WHERE id = $1`,
      [job.id],
    );
    expect(row).toEqual({ attempts: 3, worker_id: null });
  });

  it("records the timeline of a job as events a client can replay from any point", async () => {
    const worker = await bed.startWorker();
    const { job } = await bed.jobs.submit(
      callers.student,
      { request: smallRequest("Replayable events"), reviewOutline: false },
      {},
    );
    await waitForStatus(bed.database, job.id, "succeeded");
    await worker.stop();
    const all = (await bed.jobs.events(callers.student, job.id, 0))!;
    expect(all[0]!.type).toBe("job.queued");
    expect(all.at(-1)!.type).toBe("job.succeeded");
    const after = (await bed.jobs.events(callers.student, job.id, all[2]!.id))!;
    expect(after.map((event) => event.id)).toEqual(all.slice(3).map((event) => event.id));
    await waitFor(async () => (await worker.activeJobs()).length === 0, "the worker to be idle");
  });

  it("reads a job's checkpoints only when it ran before: not on its first claim", async () => {
    const stepReads: string[] = [];
    const inner = bed.database;
    const counting: Database = {
      kind: inner.kind,
      query: (sql, parameters, options) => {
        // The checkpoint read (loadCheckpoints).
        if (/SELECT step, output, prompt_tokens[\s\S]*FROM course_generation_job_steps/.test(sql))
          stepReads.push(String(parameters?.[0]));
        return inner.query(sql, parameters, options);
      },
      transaction: (work, options) => inner.transaction(work, options),
      exec: (sql, options) => inner.exec(sql, options),
      close: () => inner.close(),
      raw: () => inner.raw(),
      listen: (channel, listener, options) => inner.listen(channel, listener, options),
    };
    const worker = await startWorker({
      database: counting,
      queue: bed.queue,
      provider: bed.provider,
      config: bed.config,
      simulated: true,
      workerId: "test-worker-reads",
      concurrency: 2,
    });
    try {
      const fresh = (
        await bed.jobs.submit(
          callers.teacher,
          { request: smallRequest("First-run lantern making"), reviewOutline: false },
          {},
        )
      ).job;
      const reviewed = (
        await bed.jobs.submit(
          callers.teacher,
          { request: smallRequest("Reviewed lantern making"), reviewOutline: true },
          {},
        )
      ).job;
      await waitForStatus(bed.database, fresh.id, "succeeded");
      await waitForStatus(bed.database, reviewed.id, "awaiting_approval");
      expect(stepReads).toEqual([]);
      await bed.jobs.approve(callers.teacher, reviewed.id);
      await waitForStatus(bed.database, reviewed.id, "succeeded");
      // Its second run resumes from the outline stored by the first.
      // Its second run reads them (the budget's estimate and the pipeline may each read them), its first never did.
      expect(new Set(stepReads)).toEqual(new Set([reviewed.id]));
    } finally {
      await worker.stop();
    }
  });
});
