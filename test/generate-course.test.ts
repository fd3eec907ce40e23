import { setTimeout } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateCourse, type CourseRequest } from "../src/course/index.ts";
import type { Database } from "../src/db/index.ts";
import type { ProgressEvent } from "../src/generation/index.ts";
import { runGenerationJob } from "../src/jobs/index.ts";
import { createOpenAiCompatibleProvider, type ModelProvider } from "../src/llm/index.ts";
import { startSimulator, type RunningSimulator } from "../src/simulator/index.ts";
import { defaultPrices } from "../src/config/index.ts";
import { createTestDatabase } from "./support/database.ts";

const request: CourseRequest = {
  topic: "Photosynthesis in plants",
  audience: "high-school students",
  level: "beginner",
  modules: 2,
  lessonsPerModule: 2,
  language: "en",
};

describe("course generation end to end through the openai-compatible adapter and the simulator over HTTP", () => {
  let simulator: RunningSimulator;
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, seed: 7, timeScale: 0 });
    ({ db: database, cleanup } = await createTestDatabase());
  });
  afterAll(async () => {
    await cleanup?.();
    await simulator?.close();
  });

  const provider = () =>
    createOpenAiCompatibleProvider({ name: "simulator", apiKey: "test", baseUrl: simulator.url, timeoutMs: 10_000 });

  const run = (
    overrides: {
      provider?: ModelProvider;
      jobId?: string;
      signal?: AbortSignal;
      onProgress?: (event: ProgressEvent) => void;
      maxAttempts?: number;
      timeoutMs?: number;
    } = {},
  ) =>
    runGenerationJob(request, {
      database,
      provider: overrides.provider ?? provider(),
      models: { outline: "gpt-4.1-mini", lesson: "gpt-4.1-mini", quiz: "gpt-4.1-mini" },
      concurrency: 4,
      maxAttempts: overrides.maxAttempts ?? 3,
      timeoutMs: overrides.timeoutMs ?? 10_000,
      temperature: 0.7,
      prices: defaultPrices,
      simulated: true,
      signal: overrides.signal ?? new AbortController().signal,
      jobId: overrides.jobId,
      onProgress: overrides.onProgress,
    });

  it("generates a complete, valid course and records every step and call", async () => {
    simulator.setFaults({ rate: 0, kinds: [] });
    const events: ProgressEvent[] = [];
    const result = await run({ onProgress: (event) => events.push(event) });

    const validation = validateCourse(result.course);
    expect(validation.ok).toBe(true);
    expect(result.course.modules).toHaveLength(2);
    expect(result.course.modules.every((module) => module.lessons.length === 2)).toBe(true);
    expect(result.course.modules[0]!.lessons[0]!.quiz.questions.length).toBeGreaterThanOrEqual(3);
    expect(result.course.generation.simulated).toBe(true);
    expect(result.course.modules[0]!.lessons[0]!.sections[0]!.body).toContain("[simulated]");

    // 1 outline + 4 lessons + 4 quizzes, one attempt each without faults.
    expect(result.llmCalls).toBe(9);
    const calls = await database.query<{
      step: string;
      outcome: string;
      prompt_tokens: number;
      completion_tokens: number;
      usage_reported: boolean;
      cost_usd: number;
    }>(
      `SELECT step, outcome, prompt_tokens, completion_tokens, usage_reported, cost_usd FROM llm_calls WHERE job_id = $1`,
      [result.jobId],
    );
    expect(calls).toHaveLength(9);
    for (const call of calls) {
      expect(call.outcome).toBe("success");
      expect(call.usage_reported).toBe(true);
      expect(typeof call.prompt_tokens).toBe("number");
      expect(call.completion_tokens).toBeGreaterThan(0);
      expect(call.cost_usd).toBeGreaterThan(0);
    }
    // The shared prompt prefix (system + brief + outline) is served from the provider's cache.
    expect(result.cachedPromptTokens).toBeGreaterThan(0);

    // Settled attempts leave nothing in flight; each call row carries its attempt's id.
    const settled = await database.query<{ attempt_id: string | null }>(
      `SELECT attempt_id FROM llm_calls WHERE job_id = $1`,
      [result.jobId],
    );
    expect(settled.filter((call) => call.attempt_id === null)).toEqual([]);
    expect(
      await database.query(`SELECT attempt_id FROM llm_calls_in_flight WHERE job_id = $1`, [result.jobId]),
    ).toEqual([]);

    const steps = await database.query<{ step: string; status: string }>(
      `SELECT step, status FROM course_generation_job_steps WHERE job_id = $1 ORDER BY step`,
      [result.jobId],
    );
    expect(steps.map((step) => step.step)).toEqual([
      "lesson:m1-l1",
      "lesson:m1-l2",
      "lesson:m2-l1",
      "lesson:m2-l2",
      "outline",
      "quiz:m1-l1",
      "quiz:m1-l2",
      "quiz:m2-l1",
      "quiz:m2-l2",
    ]);
    expect(steps.every((step) => step.status === "succeeded")).toBe(true);

    const [job] = await database.query<{ status: string; course_id: string; steps_done: number; steps_total: number }>(
      `SELECT status, course_id, steps_done, steps_total FROM course_generation_jobs WHERE id = $1`,
      [result.jobId],
    );
    expect(job).toMatchObject({ status: "succeeded", course_id: result.course.id, steps_done: 9, steps_total: 9 });

    const stored = await database.query<{ type: string }>(
      `SELECT type FROM course_generation_events WHERE job_id = $1 ORDER BY id`,
      [result.jobId],
    );
    expect(stored[0]!.type).toBe("job.started");
    expect(stored.at(-1)!.type).toBe("job.succeeded");
  });

  it("records every attempt in flight before the provider receives it", async () => {
    simulator.setFaults({ rate: 0, kinds: [] });
    const jobId = "job_in_flight_before_send";
    const real = provider();
    const inFlightAtSend: number[] = [];
    const observed: ModelProvider = {
      name: real.name,
      close: () => real.close(),
      complete: async (providerRequest) => {
        const [row] = await database.query<{ n: number }>(
          `SELECT count(*) AS n FROM llm_calls_in_flight WHERE job_id = $1`,
          [jobId],
        );
        inFlightAtSend.push(row!.n);
        return real.complete(providerRequest);
      },
    };
    await run({ provider: observed, jobId });
    expect(inFlightAtSend).toHaveLength(9);
    expect(inFlightAtSend.filter((count) => count < 1)).toEqual([]);
  });

  it("starts a lesson's quiz while other lessons are still being written (no barrier)", async () => {
    simulator.setFaults({ rate: 0, kinds: [] });
    // Every lesson but the first is held at the provider's edge until some quiz has been asked
    // for: with a barrier between lessons and quizzes, that quiz never comes and the held
    // lessons time out, failing the job.
    const inner = provider();
    let lessonsSeen = 0;
    let releaseLessons!: () => void;
    const quizAsked = new Promise<void>((resolve) => (releaseLessons = resolve));
    const gated: ModelProvider = {
      name: inner.name,
      close: () => inner.close(),
      complete: async (call) => {
        if (call.responseFormat.name === "quiz") releaseLessons();
        if (call.responseFormat.name === "lesson" && ++lessonsSeen > 1) {
          await Promise.race([
            quizAsked,
            setTimeout(3_000).then(() =>
              Promise.reject(new Error("no quiz started while lessons were pending: a barrier")),
            ),
          ]);
        }
        return inner.complete(call);
      },
    };
    const events: ProgressEvent[] = [];
    const result = await run({ provider: gated, maxAttempts: 1, onProgress: (event) => events.push(event) });
    expect(lessonsSeen).toBe(4);
    const order = events
      .filter((event) => event.type === "step.started" || event.type === "step.finished")
      .map((event) => `${event.type}:${"step" in event ? event.step : ""}`);
    expect(order.findIndex((entry) => entry.startsWith("step.started:quiz:"))).toBeLessThan(
      order.findLastIndex((entry) => entry.startsWith("step.finished:lesson:")),
    );
    expect(validateCourse(result.course).ok).toBe(true);
  });

  it("resumes an interrupted job from its checkpoints without paying again for finished steps", async () => {
    simulator.setFaults({ rate: 0, kinds: [] });
    const controller = new AbortController();
    let jobId = "";
    let finished = 0;
    await expect(
      run({
        signal: controller.signal,
        onProgress: (event) => {
          if (event.type === "job.started") jobId = event.jobId;
          if (event.type === "step.finished" && ++finished === 3) controller.abort();
        },
      }),
    ).rejects.toThrow();
    const [stopped] = await database.query<{ status: string }>(
      `SELECT status FROM course_generation_jobs WHERE id = $1`,
      [jobId],
    );
    expect(stopped!.status).toBe("canceled");
    expect(
      await database.query(
        `SELECT 1 FROM courses c JOIN course_generation_jobs j ON j.course_id = c.id WHERE j.id = $1`,
        [jobId],
      ),
    ).toHaveLength(0);
    const before = await database.query<{ step: string }>(
      `SELECT step FROM course_generation_job_steps WHERE job_id = $1 AND status = 'succeeded'`,
      [jobId],
    );
    expect(before.length).toBeGreaterThanOrEqual(3);

    const events: ProgressEvent[] = [];
    const resumed = await run({ jobId, onProgress: (event) => events.push(event) });
    expect(validateCourse(resumed.course).ok).toBe(true);
    const fromCheckpoint = events.filter((event) => event.type === "step.finished" && event.fromCheckpoint);
    expect(fromCheckpoint.length).toBe(before.length);
    const duplicates = await database.query<{ step: string; successes: number }>(
      `SELECT step, count(*) AS successes FROM llm_calls WHERE job_id = $1 AND outcome = 'success' GROUP BY step HAVING count(*) > 1`,
      [jobId],
    );
    expect(duplicates).toEqual([]);
  });
});
