import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateCourse, type Course } from "../src/course/index.ts";
import { openDatabase } from "../src/db/index.ts";
import { createCourseJobs, openPgBossQueue } from "../src/jobs/index.ts";
import { removeScripts } from "./support/child-process.ts";
import {
  startThrowawayCluster,
  throwawayClusterUnavailable,
  type ThrowawayCluster,
} from "./support/postgres-cluster.ts";
import { fastJobEnvironment, smallRequest, spawnServiceProcess, waitFor, type WorkerProcess } from "./jobs-support.ts";

// The server is stopped and started under the service's feet: it must be a cluster of this test's own.
const unavailable = throwawayClusterUnavailable();
if (unavailable !== undefined)
  console.warn(`SKIPPED test/postgres-restart.test.ts: cannot start a throwaway Postgres cluster: ${unavailable}.`);

const courseCount = 8;
const lessonsPerCourse = 2;
const stepsPerCourse = 1 + 2 * lessonsPerCourse;

/** One statement on a fresh connection (a pooled one would not survive the restart). */
async function sql<T>(url: string, text: string, parameters: unknown[] = []): Promise<T[]> {
  // Courseforge's tables live in its own schema (COURSEFORGE_DB_SCHEMA, default courseforge).
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 2_000,
    options: "-c search_path=courseforge,public",
  });
  try {
    await client.connect();
    return (await client.query(text, parameters)).rows as T[];
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe.skipIf(unavailable !== undefined)("a Postgres restart while the service generates courses", () => {
  let cluster: ThrowawayCluster;
  let service: WorkerProcess | undefined;
  let dataDir: string;

  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    dataDir = await mkdtemp(path.join(os.tmpdir(), "courseforge-restart-"));
  });
  afterAll(async () => {
    service?.child.kill("SIGKILL");
    await service?.exited;
    await cluster?.destroy();
    await rm(dataDir, { recursive: true, force: true });
    await removeScripts();
  });

  it("loses nothing: every job succeeds once with a valid course, no step is paid twice, and the API and worker reconnect", async () => {
    service = await spawnServiceProcess(
      "start",
      {
        ...fastJobEnvironment,
        DATABASE_URL: cluster.url,
        COURSEFORGE_DATA_DIR: dataDir,
        COURSEFORGE_SIMULATOR_TIME_SCALE: "0.05",
        COURSEFORGE_CONCURRENCY: "2",
      },
      { jobs: 4 },
    );
    await service.ready;
    const running = service;
    const lines = await waitFor(
      async () => running.lines().some((line) => line.includes("Its API token")) && running.lines(),
      "the first admin token",
    );
    const baseUrl = lines.map((line) => /Listening on (http\S+)/.exec(line)?.[1]).find((url) => url !== undefined);
    const token = lines[lines.findIndex((line) => line.includes("Its API token")) + 1]?.trim();
    expect(baseUrl).toBeDefined();
    expect(token).toMatch(/\S{20,}/);
    const api = (route: string, init: RequestInit = {}) =>
      fetch(`${baseUrl}${route}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
      });

    // Submitted through the jobs service (what POST /v1/courses calls after its rate limits), from
    // a pool of the test's own that is closed before the restart.
    const submitter = await openDatabase({ databaseUrl: cluster.url, dataDir, migrate: false });
    const queue = await openPgBossQueue({ database: submitter, schema: "pgboss", pollingSeconds: 0.5 });
    const ids: string[] = [];
    try {
      const [admin] = await submitter.query<{ id: string }>(`SELECT id FROM users WHERE role = 'admin'`);
      const jobs = createCourseJobs({ database: submitter, queue });
      for (let index = 0; index < courseCount; index++) {
        const { job } = await jobs.submit(
          { userId: admin!.id, role: "admin" },
          { request: smallRequest(`Restart-proof course ${index + 1}`, lessonsPerCourse), reviewOutline: false },
          {},
        );
        ids.push(job.id);
      }
    } finally {
      await queue.stop();
      await submitter.close();
    }

    const checkpointed = async () =>
      (
        await sql<{ n: number }>(
          cluster.url,
          `SELECT count(*)::int AS n FROM course_generation_job_steps WHERE status = 'succeeded'`,
        )
      )[0]!.n;
    await waitFor(async () => (await checkpointed()) >= 3, "three checkpointed steps", 60_000);
    await cluster.restart();
    const atRestart = await checkpointed();
    // The restart landed while work was left to do.
    expect(atRestart).toBeLessThan(courseCount * stepsPerCourse);

    await waitFor(
      async () => {
        const rows = await sql<{ status: string; n: number }>(
          cluster.url,
          `SELECT status, count(*)::int AS n FROM course_generation_jobs GROUP BY status`,
        ).catch(() => []);
        const failed = rows.find((row) => row.status === "failed" || row.status === "canceled");
        if (failed)
          throw new Error(
            `${failed.n} jobs ${failed.status}: ${JSON.stringify(await sql(cluster.url, `SELECT id, failure_code, failure_reason FROM course_generation_jobs WHERE status IN ('failed', 'canceled')`))}`,
          );
        return rows.find((row) => row.status === "succeeded")?.n === courseCount;
      },
      `${courseCount} succeeded jobs`,
      120_000,
    ).catch(async (error: unknown) => {
      const jobs = await sql(
        cluster.url,
        `SELECT id, status, steps_done, worker_id, attempts FROM course_generation_jobs`,
      ).catch(() => []);
      throw new Error(
        `${String(error)}\njobs: ${JSON.stringify(jobs)}\nservice stderr: ${service!.stderr().slice(-3_000)}\nstdout: ${service!.lines().slice(-30).join("\n")}`,
      );
    });

    // The API answers from its pool again, and the process never crashed.
    for (const id of ids) {
      const response = await api(`/v1/jobs/${id}`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { status: string }).status).toBe("succeeded");
    }
    expect(service.child.exitCode).toBeNull();

    // Exactly one successful model call per (job, step), and every planned step has one. Calls of
    // no job (embedding a finished course's request for similar-course reuse) are not steps.
    const calls = await sql<{ job_id: string; step: string; n: number }>(
      cluster.url,
      `SELECT job_id, step, count(*)::int AS n FROM llm_calls WHERE outcome = 'success' AND job_id IS NOT NULL GROUP BY job_id, step`,
    );
    expect(calls.filter((call) => call.n !== 1)).toEqual([]);
    expect(calls).toHaveLength(courseCount * stepsPerCourse);
    const steps = await sql<{ n: number }>(
      cluster.url,
      `SELECT count(*)::int AS n FROM course_generation_job_steps WHERE status = 'succeeded'`,
    );
    expect(steps[0]!.n).toBe(courseCount * stepsPerCourse);

    // Every course stored once, whole, pointed at by its job.
    const courses = await sql<{ job_id: string; id: string; course_id: string; document: Course }>(
      cluster.url,
      `SELECT c.job_id, c.id, j.course_id, c.document FROM courses c JOIN course_generation_jobs j ON j.id = c.job_id`,
    );
    expect(courses.map((course) => course.job_id).sort()).toEqual([...ids].sort());
    for (const course of courses) {
      expect(course.course_id).toBe(course.id);
      expect(validateCourse(course.document).ok).toBe(true);
    }
    console.info(
      `postgres-restart: ${atRestart} of ${courseCount * stepsPerCourse} steps checkpointed at the restart; all ${courseCount} jobs succeeded once`,
    );

    service.child.kill("SIGTERM");
    expect((await service.exited).code).toBe(0);
  }, 180_000);
});
