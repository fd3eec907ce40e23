import { describe, expect, it } from "vitest";
import { validateCourse, type Course } from "../src/course/index.ts";
import {
  callers,
  postgresForWorkerProcesses,
  postgresWorkerEnvironment,
  smallRequest,
  useWorkerProcesses,
  waitFor,
  type WorkerProcess,
} from "./jobs-support.ts";

const reachable = await postgresForWorkerProcesses("test/jobs-multi-worker.test.ts");

describe.skipIf(!reachable)("three worker processes on one Postgres", () => {
  const processes = useWorkerProcesses();

  it("complete 30 courses, each exactly once, and exit cleanly on SIGTERM", async () => {
    const { bed } = processes;
    const environment = postgresWorkerEnvironment(bed.testDatabase.location);
    const workers: WorkerProcess[] = [];
    for (let index = 0; index < 3; index++)
      workers.push(
        await processes.spawn({ ...environment, COURSEFORGE_SIMULATOR_SEED: String(100 + index) }, { jobs: 4 }),
      );
    await Promise.all(workers.map((worker) => worker.ready));

    const roles = [callers.student, callers.teacher, callers.admin];
    const submitted: { id: string; lessons: number }[] = [];
    for (let index = 0; index < 30; index++) {
      const lessons = 1 + (index % 2);
      const { job } = await bed.jobs.submit(
        roles[index % 3]!,
        { request: smallRequest(`Parallel course number ${index + 1}`, lessons), reviewOutline: false },
        {},
      );
      submitted.push({ id: job.id, lessons });
    }
    const ids = submitted.map((job) => job.id);
    await waitFor(
      async () => {
        const [row] = await bed.database.query<{ done: number; failed: number }>(
          `SELECT count(*) FILTER (WHERE status = 'succeeded') AS done, count(*) FILTER (WHERE status IN ('failed', 'canceled')) AS failed
             FROM course_generation_jobs WHERE id = ANY($1::text[])`,
          [ids],
        );
        if (row!.failed > 0) throw new Error(`${row!.failed} jobs failed`);
        return row!.done === 30;
      },
      "30 succeeded jobs",
      50_000,
    );

    for (const worker of workers) worker.child.kill("SIGTERM");
    const exits = await Promise.all(workers.map((worker) => worker.exited));
    expect(exits.map((exit) => exit.code)).toEqual([0, 0, 0]);
    for (const worker of workers) expect(worker.lines().at(-1)).toMatch(/^worker .* stopped$/);

    // Each job ran once (one claim) on one worker; the three workers shared the load.
    const settledLines = workers.map((worker) => worker.lines().filter((line) => line.startsWith("job ")));
    const settled = settledLines.flat().map((line) => line.split(" "));
    expect(settled.map(([, id]) => id).sort()).toEqual([...ids].sort());
    expect(settled.every(([, , status]) => status === "succeeded")).toBe(true);
    expect(settledLines.filter((lines) => lines.length > 0).length).toBeGreaterThanOrEqual(2);
    const attempts = await bed.database.query<{ attempts: number }>(
      `SELECT DISTINCT attempts FROM course_generation_jobs WHERE id = ANY($1::text[])`,
      [ids],
    );
    expect(attempts).toEqual([{ attempts: 1 }]);

    // Exactly one successful model call per (job, step), and every planned step has one.
    const calls = await bed.database.query<{ job_id: string; step: string; n: number }>(
      `SELECT job_id, step, count(*) AS n FROM llm_calls WHERE job_id = ANY($1::text[]) AND outcome = 'success' GROUP BY job_id, step`,
      [ids],
    );
    expect(calls.every((call) => call.n === 1)).toBe(true);
    expect(calls).toHaveLength(submitted.reduce((sum, job) => sum + 1 + 2 * job.lessons, 0));

    // Every course stored once, owned by the job's user, pointed at by its job.
    const courses = await bed.database.query<{
      job_id: string;
      id: string;
      user_id: string;
      document: Course;
      course_id: string;
      owner: string;
    }>(
      `SELECT c.job_id, c.id, c.user_id, c.document, j.course_id, j.user_id AS owner
         FROM courses c JOIN course_generation_jobs j ON j.id = c.job_id WHERE c.job_id = ANY($1::text[])`,
      [ids],
    );
    expect(courses).toHaveLength(30);
    expect(new Set(courses.map((course) => course.job_id)).size).toBe(30);
    for (const course of courses) {
      expect(course.course_id).toBe(course.id);
      expect(course.user_id).toBe(course.owner);
      expect(validateCourse(course.document).ok).toBe(true);
    }
  });
});
