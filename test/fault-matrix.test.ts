import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultPrices } from "../src/config/index.ts";
import { validateCourse, type CourseRequest } from "../src/course/index.ts";
import type { Database } from "../src/db/index.ts";
import { CourseforgeError } from "../src/errors/index.ts";
import { runGenerationJob } from "../src/jobs/index.ts";
import { createOpenAiCompatibleProvider } from "../src/llm/index.ts";
import { startSimulator, type FaultKind, type RunningSimulator } from "../src/simulator/index.ts";
import { createTestDatabase } from "./support/database.ts";

const request: CourseRequest = { topic: "Soil erosion", audience: "farmers", level: "intermediate", modules: 1, lessonsPerModule: 2, language: "en" };

// Each injected fault must surface as its own typed error code in llm_calls (slow_stream is a good, slow answer).
const expectedCode: Record<FaultKind, string | undefined> = {
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
const injectedKinds = Object.keys(expectedCode) as FaultKind[];

describe("every injected fault kind ends in success after retries or in a clear typed failure, never half-written", () => {
  let simulator: RunningSimulator;
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, seed: 11, timeScale: 0 });
    ({ db: database, cleanup } = await createTestDatabase());
  });
  afterAll(async () => {
    await cleanup?.();
    await simulator?.close();
  });

  it.each(injectedKinds)("%s", async (kind) => {
    // Exactly the next two completions get the fault: the outline's first attempts, since it runs
    // alone. Recoverable kinds must then succeed; the others must fail the job cleanly.
    simulator.setFaults({ rate: 1, kinds: [kind], limit: 2 });
    simulator.resetStats();
    let jobId = "";
    const outcome = await runGenerationJob(request, {
      database,
      provider: createOpenAiCompatibleProvider({ name: "simulator", apiKey: "test", baseUrl: simulator.url, timeoutMs: 10_000 }),
      models: { outline: "gpt-4.1-mini", lesson: "gpt-4.1-mini", quiz: "gpt-4.1-mini" },
      concurrency: 3,
      maxAttempts: 4,
      // Short, so an injected hang turns into a timeout quickly; the simulator answers instantly otherwise.
      timeoutMs: kind === "timeout" ? 400 : 10_000,
      temperature: 0.7,
      prices: defaultPrices,
      simulated: true,
      signal: new AbortController().signal,
      onProgress: (event) => {
        if (event.type === "job.started") jobId = event.jobId;
      },
    }).then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    );

    // A non-retryable fault ends the job at the first one.
    expect(simulator.stats().faultsInjected[kind]).toBe(kind === "content_filter" ? 1 : 2);
    const [job] = await database.query<{ status: string; failure_code: string | null; failure_reason: string | null; course_id: string | null }>(
      `SELECT status, failure_code, failure_reason, course_id FROM course_generation_jobs WHERE id = $1`,
      [jobId],
    );
    const faultCalls = await database.query<{ step: string; attempt: number }>(
      `SELECT step, attempt FROM llm_calls WHERE job_id = $1 AND outcome = $2 ORDER BY attempt`,
      [jobId, expectedCode[kind] ?? "none"],
    );
    if (kind === "slow_stream") expect(faultCalls).toEqual([]);
    else if (kind === "content_filter") expect(faultCalls).toEqual([{ step: "outline", attempt: 1 }]);
    else expect(faultCalls).toEqual([{ step: "outline", attempt: 1 }, { step: "outline", attempt: 2 }]);

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
      const courses = await database.query(`SELECT id FROM courses WHERE topic = $1 AND id NOT IN (SELECT course_id FROM course_generation_jobs WHERE status = 'succeeded' AND course_id IS NOT NULL)`, [request.topic]);
      expect(courses).toHaveLength(0);
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
