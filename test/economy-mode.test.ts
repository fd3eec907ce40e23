import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { defaultPrices } from "../src/config/index.ts";
import { validateCourse, type CourseRequest } from "../src/course/index.ts";
import type { Database } from "../src/db/index.ts";
import type { ProgressEvent } from "../src/generation/index.ts";
import { runGenerationJob } from "../src/jobs/index.ts";
import {
  costOf,
  createBatchCoordinator,
  createOpenAiBatchApi,
  createOpenAiCompatibleProvider,
  findPrice,
  type BatchCoordinator,
} from "../src/llm/index.ts";
import { startSimulator, type RunningSimulator } from "../src/simulator/index.ts";
import { createTestDatabase } from "./support/database.ts";

const request: CourseRequest = {
  topic: "Photosynthesis in plants",
  audience: "high-school students",
  level: "beginner",
  modules: 2,
  lessonsPerModule: 2,
  language: "en",
  mode: "economy",
};
const model = "gpt-4.1-mini";

describe("economy mode: lessons and quizzes through the simulated Batch API", () => {
  let simulator: RunningSimulator;
  let database: Database;
  let cleanup: () => Promise<void>;
  const coordinators: BatchCoordinator[] = [];

  beforeAll(async () => {
    // A batch takes 1.5 s (150 s simulated at 1/100): long enough to stop a worker in the middle.
    simulator = await startSimulator({ port: 0, seed: 11, timeScale: 0.01, batches: { completionMs: 150_000 } });
    ({ db: database, cleanup } = await createTestDatabase());
  });
  afterEach(async () => {
    for (const coordinator of coordinators.splice(0)) await coordinator.stop();
    simulator.setBatchSettings({ lineFaultRate: 0, lineFaultKinds: [], expireNext: 0 });
    simulator.resetStats();
  });
  afterAll(async () => {
    await cleanup?.();
    await simulator?.close();
  });

  const openCoordinator = (windowMs = 100) => {
    const coordinator = createBatchCoordinator({
      database,
      api: createOpenAiBatchApi({ name: "simulator", apiKey: "test", baseUrl: simulator.url, timeoutMs: 10_000 }),
      windowMs,
      maxLines: 500,
      pollIntervalMs: 25,
    });
    coordinators.push(coordinator);
    return coordinator;
  };

  const run = (options: {
    coordinator: BatchCoordinator;
    jobId?: string;
    signal?: AbortSignal;
    events?: ProgressEvent[];
    fallback?: "realtime" | "fail";
  }) =>
    runGenerationJob(request, {
      database,
      provider: createOpenAiCompatibleProvider({
        name: "simulator",
        apiKey: "test",
        baseUrl: simulator.url,
        timeoutMs: 10_000,
      }),
      models: { outline: model, lesson: model, quiz: model },
      concurrency: 2,
      maxAttempts: 3,
      timeoutMs: 10_000,
      temperature: 0.7,
      prices: defaultPrices,
      simulated: true,
      economy: { coordinator: options.coordinator, priceFactor: 0.5, fallback: options.fallback ?? "realtime" },
      signal: options.signal ?? new AbortController().signal,
      ...(options.jobId === undefined ? {} : { jobId: options.jobId }),
      onProgress: (event) => options.events?.push(event),
    });

  const callsOf = (jobId: string) =>
    database.query<{
      step: string;
      task: string;
      attempt: number;
      outcome: string;
      prompt_tokens: number;
      completion_tokens: number;
      cached_prompt_tokens: number;
      cost_usd: number;
    }>(
      `SELECT step, task, attempt, outcome, prompt_tokens, completion_tokens, cached_prompt_tokens, cost_usd
       FROM llm_calls WHERE job_id = $1 ORDER BY step, attempt`,
      [jobId],
    );

  it("completes valid courses, the outline in real time and every lesson and quiz in shared batches at half price", async () => {
    // A window wide enough that the two jobs' lessons (and then quizzes) meet on a loaded machine.
    const coordinator = openCoordinator(2_000);
    const events: ProgressEvent[] = [];
    const [first, second] = await Promise.all([run({ coordinator, events }), run({ coordinator })]);
    for (const result of [first, second]) expect(validateCourse(result.course).ok).toBe(true);

    const stats = simulator.stats();
    // Two outlines in real time; 2 × (4 lessons + 4 quizzes) as batch lines, each sent once.
    expect(stats.completions).toBe(2);
    expect(stats.batchLines).toBe(16);
    // The two jobs share batches: lessons together, then quizzes (not one batch per step or per job).
    expect(stats.batchesCreated).toBeLessThanOrEqual(3);

    const price = findPrice(defaultPrices, model)!;
    const calls = await callsOf(first.jobId);
    expect(calls).toHaveLength(9);
    for (const call of calls) {
      const full = costOf(
        {
          promptTokens: call.prompt_tokens,
          completionTokens: call.completion_tokens,
          cachedPromptTokens: call.cached_prompt_tokens,
        },
        price,
      );
      expect(call.cost_usd).toBeCloseTo(call.task === "outline" ? full : full / 2, 6);
    }
    const waiting = events.filter((event) => event.type === "batch.waiting");
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((event) => event.linesTotal >= 4 && event.linesDone <= event.linesTotal)).toBe(true);
  });

  it("resumes a job whose worker stopped mid-batch without submitting any step again", async () => {
    const stopped = new AbortController();
    const firstWorker = openCoordinator();
    const jobId = `job_resume_${Date.now()}`;
    const interrupted = run({ coordinator: firstWorker, jobId, signal: stopped.signal });
    interrupted.catch(() => {}); // awaited below; a failing assertion before then leaves it unhandled
    // Wait until the lessons are in a submitted batch, then stop the worker.
    for (let tries = 0; tries < 400; tries++) {
      const [row] = await database.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM course_generation_batch_lines l
         JOIN course_generation_batches b ON b.id = l.batch_id
         WHERE l.job_id = $1 AND l.status = 'submitted' AND b.provider_batch_id IS NOT NULL`,
        [jobId],
      );
      if ((row?.n ?? 0) >= 4) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(simulator.stats().batchesCreated).toBe(1);
    stopped.abort();
    await expect(interrupted).rejects.toThrow();
    await firstWorker.stop();

    const result = await run({ coordinator: openCoordinator(), jobId });
    expect(validateCourse(result.course).ok).toBe(true);
    const stats = simulator.stats();
    // 4 lessons + 4 quizzes, each line sent exactly once across both workers; the lessons' batch was polled, not re-sent.
    expect(stats.batchLines).toBe(8);
    expect(stats.batchesCreated).toBe(2);
    const lines = await database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM course_generation_batch_lines WHERE job_id = $1`,
      [jobId],
    );
    expect(lines[0]!.n).toBe(8);
  });

  it("retries a line that failed validation with feedback, in the next batch", async () => {
    simulator.setBatchSettings({ lineFaultRate: 1, lineFaultKinds: ["schema_violation"], lineFaultLimit: 1 });
    const result = await run({ coordinator: openCoordinator() });
    expect(validateCourse(result.course).ok).toBe(true);

    const retried = await database.query<{
      step: string;
      attempt: number;
      batch_id: string;
      body: { messages: { content: string }[] };
    }>(
      `SELECT step, attempt, batch_id, body FROM course_generation_batch_lines WHERE job_id = $1 ORDER BY step, attempt`,
      [result.jobId],
    );
    const second = retried.find((line) => line.attempt === 2);
    expect(second).toBeDefined();
    const first = retried.find((line) => line.step === second!.step && line.attempt === 1)!;
    expect(second!.batch_id).not.toBe(first.batch_id);
    const lastMessage = second!.body.messages.at(-1)!.content;
    expect(lastMessage).toContain("Your previous answer was rejected");
    const calls = await callsOf(result.jobId);
    expect(calls.find((call) => call.step === second!.step && call.attempt === 1)?.outcome).toBe("LLM_OUTPUT_INVALID");
  });

  it("finishes the lines of an expired batch in real time, with the reason in the job's events", async () => {
    simulator.setBatchSettings({ expireNext: 1 });
    const events: ProgressEvent[] = [];
    const result = await run({ coordinator: openCoordinator(), events });
    expect(validateCourse(result.course).ok).toBe(true);
    const fallbacks = events.filter((event) => event.type === "batch.fallback");
    // The lessons' batch expired half-way: two lessons were answered in it, two ran in real time.
    expect(fallbacks).toHaveLength(2);
    expect(fallbacks[0]).toMatchObject({ code: "batch_expired", reason: expect.stringMatching(/expired/) });
    expect(simulator.stats().completions).toBe(1 + 2);
    const stored = await database.query<{ type: string }>(
      `SELECT type FROM course_generation_events WHERE job_id = $1 AND type = 'batch.fallback'`,
      [result.jobId],
    );
    expect(stored).toHaveLength(2);
  });

  it("withdraws the lines of a job that stops before its batch goes out", async () => {
    const stopped = new AbortController();
    const jobId = `job_withdrawn_${Date.now()}`;
    const running = run({ coordinator: openCoordinator(60_000), jobId, signal: stopped.signal });
    running.catch(() => {}); // awaited below
    const pending = async () =>
      (
        await database.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM course_generation_batch_lines WHERE job_id = $1`,
          [jobId],
        )
      )[0]!.n;
    for (let tries = 0; tries < 400 && (await pending()) < 4; tries++)
      await new Promise((resolve) => setTimeout(resolve, 25));
    expect(await pending()).toBe(4);
    stopped.abort();
    await expect(running).rejects.toThrow();
    for (let tries = 0; tries < 100 && (await pending()) > 0; tries++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await pending()).toBe(0);
    expect(simulator.stats().batchesCreated).toBe(0);
  });

  it("fails the step instead when falling back is off", async () => {
    simulator.setBatchSettings({ expireNext: 1 });
    await expect(run({ coordinator: openCoordinator(), fallback: "fail" })).rejects.toThrow(/BATCH_UNFINISHED|expired/);
  });
});
