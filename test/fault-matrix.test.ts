import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateCourse, type Course, type CourseRequest } from "../src/course/index.ts";
import { CourseforgeError } from "../src/errors/index.ts";
import { runGenerationJob, type RunningWorker } from "../src/jobs/index.ts";
import { openResilience } from "../src/app/index.ts";
import type { FaultKind } from "../src/simulator/index.ts";
import { callers, jobsConfig, openJobsBed, smallRequest, waitForStatus, type JobsBed } from "./jobs-support.ts";
import { openGenerationBed, type GenerationBed } from "./support/generation-bed.ts";

const request: CourseRequest = {
  topic: "Soil erosion",
  audience: "farmers",
  level: "intermediate",
  modules: 1,
  lessonsPerModule: 2,
  language: "en",
};

// Each injected fault must surface as its own typed error code in llm_calls (slow_stream is a good, slow answer).
// low_quality writes valid, flawed lessons: the quality gate's tests cover it (test/quality-gate.test.ts).
const expectedCode: Record<Exclude<FaultKind, "low_quality">, string | undefined> = {
  rate_limit: "LLM_RATE_LIMITED",
  server_error: "LLM_PROVIDER_UNAVAILABLE",
  timeout: "LLM_TIMEOUT",
  invalid_json: "LLM_INVALID_JSON",
  schema_violation: "LLM_OUTPUT_INVALID",
  refusal: "LLM_REFUSAL",
  truncation: "LLM_OUTPUT_TRUNCATED",
  content_filter: "LLM_CONTENT_FILTERED",
  slow_stream: undefined,
};
const injectedKinds = Object.keys(expectedCode) as (keyof typeof expectedCode)[];

describe("every injected fault kind ends in success after retries or in a clear typed failure, never half-written", () => {
  let bed: GenerationBed;

  beforeAll(async () => {
    bed = await openGenerationBed();
  });
  afterAll(async () => {
    await bed?.cleanup();
  });

  it.each(injectedKinds)("%s", async (kind) => {
    const { simulator, database } = bed;
    // Exactly the next two completions get the fault: the outline's first attempts, since it runs
    // alone. Recoverable kinds must then succeed; the others must fail the job cleanly.
    simulator.setFaults({ rate: 1, kinds: [kind], limit: 2 });
    simulator.resetStats();
    let jobId = "";
    const outcome = await runGenerationJob(
      request,
      bed.runOptions({
        // Short, so an injected hang turns into a timeout quickly; the simulator answers instantly otherwise.
        timeoutMs: kind === "timeout" ? 400 : 10_000,
        onProgress: (event) => {
          if (event.type === "job.started") jobId = event.jobId;
        },
      }),
    ).then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    );

    // A non-retryable fault ends the job at the first one.
    expect(simulator.stats().faultsInjected[kind]).toBe(kind === "content_filter" ? 1 : 2);
    const [job] = await database.query<{
      status: string;
      failure_code: string | null;
      failure_reason: string | null;
      course_id: string | null;
    }>(`SELECT status, failure_code, failure_reason, course_id FROM course_generation_jobs WHERE id = $1`, [jobId]);
    const faultCalls = await database.query<{ step: string; attempt: number }>(
      `SELECT step, attempt FROM llm_calls WHERE job_id = $1 AND outcome = $2 ORDER BY attempt`,
      [jobId, expectedCode[kind] ?? "none"],
    );
    if (kind === "slow_stream") expect(faultCalls).toEqual([]);
    else if (kind === "content_filter") expect(faultCalls).toEqual([{ step: "outline", attempt: 1 }]);
    else
      expect(faultCalls).toEqual([
        { step: "outline", attempt: 1 },
        { step: "outline", attempt: 2 },
      ]);

    if (outcome.ok) {
      expect(validateCourse(outcome.result.course).ok).toBe(true);
      expect(job).toMatchObject({ status: "succeeded", course_id: outcome.result.course.id });
    } else {
      expect(CourseforgeError.isInstance(outcome.error)).toBe(true);
      expect(job!.status).toBe("failed");
      expect(job!.failure_code).toBe((outcome.error as CourseforgeError).code);
      expect(job!.failure_reason).toMatch(/\S{10,}/);
      expect(job!.course_id).toBeNull();
      // A failed job never leaves a course behind.
      expect(await database.query(`SELECT id FROM courses WHERE job_id = $1`, [jobId])).toHaveLength(0);
    }
    // With 4 attempts per step, two faults are recoverable for every retryable kind; content
    // filtering is not retryable and must fail the job saying why.
    if (kind === "content_filter") {
      expect(outcome.ok).toBe(false);
      expect(job!.failure_reason).toMatch(/filter/i);
    } else {
      expect(outcome.ok).toBe(true);
    }
  });
});

const coursesPerKind = 4;
const lessonsPerCourse = 2;
const stepsPerCourse = 1 + 2 * lessonsPerCourse;

interface JobOutcome extends Record<string, unknown> {
  readonly id: string;
  readonly status: string;
  readonly failure_code: string | null;
  readonly failure_reason: string | null;
  readonly course_id: string | null;
  readonly steps_done: number;
  readonly steps_total: number | null;
}

/** Asserts that a job that ended is whole (succeeded) or left nothing but its stated reason (failed). */
async function expectWholeOrCleanlyFailed(bed: JobsBed, job: JobOutcome): Promise<void> {
  const { database } = bed;
  const checkpoints = await database.query<{ step: string; status: string; error_code: string | null }>(
    `SELECT step, status, error_code FROM course_generation_job_steps WHERE job_id = $1 ORDER BY step`,
    [job.id],
  );
  const succeededSteps = checkpoints.filter((row) => row.status === "succeeded").map((row) => row.step);
  const paid = await database.query<{ step: string; n: number }>(
    `SELECT step, count(*)::int AS n FROM llm_calls WHERE job_id = $1 AND outcome = 'success' GROUP BY step ORDER BY step`,
    [job.id],
  );
  // Checkpoints agree with the job row and with the calls paid for: one success per stored step.
  // The quality gate's calls (judge:…, mend:…) are not checkpointed steps (docs/quality.md, Limits):
  // a lesson is judged at most twice (before and after its one mend) and mended at most once.
  expect(job.steps_done).toBe(succeededSteps.length);
  const isQualityCall = (step: string) => step.startsWith("judge:") || step.startsWith("mend:");
  expect(paid.filter((row) => !isQualityCall(row.step))).toEqual(succeededSteps.map((step) => ({ step, n: 1 })));
  for (const row of paid.filter((entry) => isQualityCall(entry.step)))
    expect(row.n, row.step).toBeLessThanOrEqual(row.step.startsWith("judge:") ? 2 : 1);
  const courses = await database.query<{ id: string; document: Course }>(
    `SELECT id, document FROM courses WHERE job_id = $1`,
    [job.id],
  );
  const events = (
    await database.query<{ type: string }>(`SELECT type FROM course_generation_events WHERE job_id = $1`, [job.id])
  ).map((row) => row.type);

  if (job.status === "succeeded") {
    expect(succeededSteps).toHaveLength(stepsPerCourse);
    expect(job.steps_total).toBe(stepsPerCourse);
    expect(courses).toHaveLength(1);
    expect(job.course_id).toBe(courses[0]!.id);
    expect(validateCourse(courses[0]!.document).ok).toBe(true);
    // Real (simulated) text everywhere, never a stand-in for a step that failed.
    expect(JSON.stringify(courses[0]!.document)).not.toMatch(/placeholder|TODO|content unavailable|lorem ipsum/i);
    expect(events).toContain("job.succeeded");
    expect(events).not.toContain("job.failed");
  } else {
    expect(job.status).toBe("failed");
    expect(job.failure_code).toMatch(/^[A-Z_]+$/);
    expect(job.failure_reason).toMatch(/\S{10,}/);
    expect(job.course_id).toBeNull();
    expect(courses).toHaveLength(0);
    expect(events).toContain("job.failed");
    // The step that ended the job is stored as failed, with its error code.
    if (job.failure_code === "GENERATION_STEP_FAILED")
      expect(checkpoints.some((row) => row.status === "failed" && row.error_code !== null)).toBe(true);
  }
}

describe("the fault matrix at 20% per kind, through the queue and a worker with the real call policy", () => {
  let bed: JobsBed;
  let worker: RunningWorker;
  const measured: string[] = [];

  beforeAll(async () => {
    bed = await openJobsBed();
  });
  afterAll(async () => {
    if (measured.length > 0) console.info(`fault matrix at 20%:\n${measured.join("\n")}`);
    await bed?.cleanup();
  });

  const startWorkerFor = async (kind: FaultKind) => {
    await worker?.stop({ graceMs: 0 });
    // A hung answer must end in a timeout quickly: every call's time limit is 1 s (the simulator,
    // at time scale 0, answers in milliseconds otherwise). Breakers half-open fast.
    const config = jobsConfig({
      COURSEFORGE_BREAKER_HALF_OPEN_MS: "200",
      COURSEFORGE_SIMULATOR_TIME_SCALE: "0",
      ...(kind === "timeout" ? { COURSEFORGE_LLM_TIMEOUT_MS: "1000", COURSEFORGE_LLM_TIMEOUT_BASE_MS: "1000" } : {}),
    });
    worker = await bed.startWorker({
      config,
      concurrency: coursesPerKind,
      callPolicy: openResilience(config, bed.database).callPolicy,
      workerId: `fault-${kind}`,
    });
  };

  it.each(injectedKinds)(
    "%s: every course completes or fails with a stored reason, nothing half-written",
    async (kind) => {
      await startWorkerFor(kind);
      bed.simulator.setFaults({ rate: 0.2, kinds: [kind] });
      bed.simulator.resetStats();
      const ids: string[] = [];
      for (let index = 0; index < coursesPerKind; index++) {
        const { job } = await bed.jobs.submit(
          callers.admin,
          { request: smallRequest(`Faulty ${kind} course ${index + 1}`, lessonsPerCourse), reviewOutline: false },
          {},
        );
        ids.push(job.id);
      }
      for (const id of ids) await waitForStatus(bed.database, id, ["succeeded", "failed"], 120_000);
      const stats = bed.simulator.stats();
      bed.simulator.setFaults({ rate: 0, kinds: [] });
      expect(stats.faultsInjected[kind]).toBeGreaterThan(0);

      const jobs = await bed.database.query<JobOutcome>(
        `SELECT id, status, failure_code, failure_reason, course_id, steps_done, steps_total FROM course_generation_jobs WHERE id = ANY($1::text[])`,
        [ids],
      );
      for (const job of jobs) await expectWholeOrCleanlyFailed(bed, job);

      const code = expectedCode[kind];
      if (code !== undefined) {
        // Each injected fault was seen as its own typed error, and recorded.
        const [faulted] = await bed.database.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM llm_calls WHERE job_id = ANY($1::text[]) AND outcome = $2`,
          [ids, code],
        );
        expect(faulted!.n).toBeGreaterThan(0);
      }
      const succeeded = jobs.filter((job) => job.status === "succeeded").length;
      // Retryable kinds: 3 attempts per step make a failure rare (0.2³ per step); content filtering
      // is final, so a course whose step was filtered fails, saying so.
      if (kind === "content_filter") {
        for (const job of jobs.filter((candidate) => candidate.status === "failed"))
          expect(job.failure_reason).toMatch(/filter/i);
      } else {
        expect(succeeded).toBeGreaterThanOrEqual(coursesPerKind - 1);
      }
      const failures = jobs.filter((job) => job.status === "failed").map((job) => job.failure_code);
      measured.push(
        `  ${kind}: ${stats.faultsInjected[kind]} faults in ${stats.requests} requests; ${succeeded}/${coursesPerKind} succeeded${failures.length > 0 ? `, failed: ${failures.join(", ")}` : ""}`,
      );
    },
  );
});
