import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateCourse, type CourseRequest } from "../src/course/index.ts";
import { runGenerationJob } from "../src/jobs/index.ts";
import { createProviderResilience } from "../src/llm/index.ts";
import { findJob, listEvents } from "../src/store/index.ts";
import { openGenerationBed, type GenerationBed } from "./support/generation-bed.ts";

const request: CourseRequest = {
  topic: "Tides and the moon",
  audience: "curious adults",
  level: "beginner",
  modules: 2,
  lessonsPerModule: 2,
  language: "en",
};
const model = "gpt-4.1-mini";

describe("a provider outage in the middle of a course", () => {
  let bed: GenerationBed;

  beforeAll(async () => {
    bed = await openGenerationBed({ model });
  });
  afterAll(async () => {
    await bed?.cleanup();
  });

  it("opens the circuit, makes the job wait instead of failing, and completes the course once the provider is back", async () => {
    const resilience = createProviderResilience({
      fallbackModels: {},
      outageWaitSeconds: 120,
      breakerFailures: 3,
      breakerHalfOpenMs: 300,
      timeoutBaseMs: 5_000,
      tokensPerSecond: 1_000,
      maxTimeoutMs: 10_000,
      modelLimits: {},
      modelConcurrencyMax: 16,
    });
    let outageStarted = false;
    const { simulator, database } = bed;
    const result = await runGenerationJob(
      request,
      bed.runOptions({
        concurrency: 4,
        // One attempt only: an outage that spent attempts would fail the job at once.
        maxAttempts: 1,
        callPolicy: resilience.callPolicy,
        onProgress: (event) => {
          if (event.type === "step.finished" && event.step === "outline" && !outageStarted) {
            outageStarted = true;
            simulator.startOutage(1_500);
          }
        },
      }),
    );

    expect(outageStarted).toBe(true);
    expect(resilience.breakers.stats(model).opened).toBeGreaterThanOrEqual(1);
    expect(resilience.breakers.stats(model).rejected).toBeGreaterThan(0);
    expect(resilience.breakers.state(model)).toBe("closed");

    const job = await findJob(database, result.jobId);
    expect(job?.status).toBe("succeeded");
    const events = await listEvents(database, result.jobId);
    const types = events.map((event) => event.type);
    expect(types).toContain("job.waiting");
    expect(types).not.toContain("step.failed");
    expect(types).not.toContain("job.failed");
    const waiting = events.find((event) => event.type === "job.waiting")?.data;
    expect(waiting).toMatchObject({ reason: "provider_unavailable", model });

    const outcomes = await database.query<{ outcome: string }>(`SELECT outcome FROM llm_calls WHERE job_id = $1`, [
      result.jobId,
    ]);
    expect(outcomes.some((row) => row.outcome === "LLM_PROVIDER_UNAVAILABLE")).toBe(true);
    expect(outcomes.filter((row) => row.outcome === "success")).toHaveLength(9);

    // The course is whole and real-shaped: no placeholder stands in for a step that failed.
    const validation = validateCourse(result.course);
    expect(validation.ok).toBe(true);
    expect(result.course.modules.flatMap((module) => module.lessons)).toHaveLength(4);
  });
});
