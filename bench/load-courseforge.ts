/**
 * The many-users workload through Courseforge's real path: users in the database, the jobs
 * service stores and queues every course (pg-boss), one worker process runs them with the
 * process-wide call policy (fair provider budget, breakers), the openai-compatible adapter talks
 * to the simulator over HTTP.
 */
import os from "node:os";
import type { Config } from "../src/config/index.ts";
import type { CourseRequest } from "../src/course/index.ts";
import { createCourseJobs, openPgBossQueue, startWorker } from "../src/jobs/index.ts";
import { createOpenAiCompatibleProvider } from "../src/llm/index.ts";
import { openResilience } from "../src/app/index.ts";
import type { JobStatus } from "../src/store/index.ts";
import type { Caller } from "../src/users/index.ts";
import { computeCriticalPath, type LatencyProfile } from "./critical-path.ts";
import type { BenchDatabase } from "./support/database.ts";
import { readJobCalls } from "./support/job-calls.ts";

/** What the Courseforge run measured, before the simulator's counters are added. */
export interface CourseforgeRun {
  readonly makespanMs: number;
  readonly courseMs: readonly number[];
  readonly criticalPathMs: number;
  readonly tokens: number;
  /** Steps answered, and those with an answer cut at max_tokens. */
  readonly steps: number;
  readonly truncatedSteps: number;
  readonly failed: number;
  readonly failures: readonly string[];
  /** The job slots of the worker (jobs at once). */
  readonly workerConcurrency: number;
  /** The model's adaptive concurrency limit at the end (it halves on each burst of 429s). */
  readonly concurrencyLimit: number;
}

/** Runs one course per user, all submitted at the same moment, and waits for every job to end. */
export async function runCourseforge(options: {
  readonly bench: BenchDatabase;
  readonly config: Config;
  readonly simulatorUrl: string;
  readonly requests: readonly CourseRequest[];
  readonly profile: LatencyProfile;
  readonly timeScale: number;
  readonly deadlineMs: number;
  readonly log: (line: string) => void;
  readonly signal: AbortSignal;
}): Promise<CourseforgeRun> {
  const { bench, config, requests, signal } = options;
  const database = bench.database;
  const callers: Caller[] = requests.map((_, index) => ({
    userId: `usr_load_${String(index).padStart(4, "0")}`,
    role: "teacher",
  }));
  for (const caller of callers) {
    await database.query(
      `INSERT INTO users (id, email, role) VALUES ($1, $2, $3)`,
      [caller.userId, `${caller.userId}@example.test`, caller.role],
      { signal },
    );
  }
  const queueSchema = bench.location.startsWith("schema ") ? `${bench.location.split(" ")[1]}_queue` : "pgboss";
  const queue = await openPgBossQueue({
    database,
    schema: queueSchema,
    pollingSeconds: config.jobs.pollingSeconds,
    signal,
  });
  const provider = createOpenAiCompatibleProvider({
    name: "simulator",
    apiKey: "simulator",
    baseUrl: options.simulatorUrl,
    timeoutMs: config.llm.timeoutMs,
  });
  const resilience = openResilience(config);
  const jobs = createCourseJobs({ database, queue });
  const settledAt = new Map<string, { ms: number; status: JobStatus | undefined }>();
  let startedAt = 0;
  let allSettled!: () => void;
  const everyJobSettled = new Promise<void>((resolve) => (allSettled = resolve));
  const errors: string[] = [];
  const worker = await startWorker({
    database,
    queue,
    provider,
    callPolicy: resilience.callPolicy,
    config,
    simulated: true,
    workerId: `${os.hostname()}:${process.pid}:bench-load`,
    onError: (error) => errors.push(error.message),
    onJobSettled: (jobId, status) => {
      settledAt.set(jobId, { ms: performance.now() - startedAt, status });
      if (settledAt.size === requests.length) allSettled();
    },
  });
  try {
    startedAt = performance.now();
    const submitted = await Promise.all(
      requests.map((request, index) => jobs.submit(callers[index]!, { request, reviewOutline: false }, {}, signal)),
    );
    options.log(
      `courseforge: ${submitted.length} jobs submitted in ${(performance.now() - startedAt).toFixed(0)} ms; worker runs up to ${config.jobs.workerConcurrency} jobs at once`,
    );
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(options.deadlineMs)]);
    await new Promise<void>((resolve, reject) => {
      void everyJobSettled.then(resolve);
      deadline.addEventListener(
        "abort",
        () =>
          reject(new Error(`Only ${settledAt.size} of ${requests.length} jobs ended within ${options.deadlineMs} ms.`)),
        { once: true },
      );
    });
    const makespanMs = Math.max(...[...settledAt.values()].map((settled) => settled.ms));
    let criticalPathMs = 0;
    let tokens = 0;
    let steps = 0;
    let truncatedSteps = 0;
    const failures: string[] = [];
    for (const { job } of submitted) {
      const settled = settledAt.get(job.id);
      const calls = await readJobCalls(database, job.id, signal);
      tokens += calls.reduce((total, call) => total + call.promptTokens + call.completionTokens, 0);
      steps += new Set(calls.filter((call) => call.outcome === "success").map((call) => call.step)).size;
      truncatedSteps += new Set(
        calls.filter((call) => call.outcome === "LLM_OUTPUT_TRUNCATED").map((call) => call.step),
      ).size;
      if (settled?.status !== "succeeded") {
        const [row] = await database.query<{ failure_reason: string | null }>(
          `SELECT failure_reason FROM course_generation_jobs WHERE id = $1`,
          [job.id],
          { signal },
        );
        failures.push(`${job.id} ${settled?.status ?? "lost"}: ${row?.failure_reason ?? "no reason stored"}`);
        continue;
      }
      const successful = calls.filter((call) => call.outcome === "success");
      criticalPathMs = Math.max(
        criticalPathMs,
        computeCriticalPath(successful, () => options.profile, options.timeScale).totalMs,
      );
    }
    if (errors.length > 0)
      options.log(`courseforge: worker reported ${errors.length} background error(s), first: ${errors[0]}`);
    const courseMs = submitted.flatMap(({ job }) =>
      settledAt.get(job.id)?.status === "succeeded" ? [settledAt.get(job.id)!.ms] : [],
    );
    return {
      makespanMs,
      courseMs,
      criticalPathMs,
      tokens,
      steps,
      truncatedSteps,
      failed: failures.length,
      failures,
      workerConcurrency: config.jobs.workerConcurrency,
      concurrencyLimit: resilience.budget.state(config.models.lesson).concurrencyLimit,
    };
  } finally {
    await worker.stop({ graceMs: 1_000 });
    await queue.stop();
    await provider.close();
  }
}
