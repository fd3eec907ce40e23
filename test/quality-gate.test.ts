// The quality gate end to end over HTTP: the simulator's low_quality fault plants one defect in
// every lesson (rate 1) and its judge scores follow the planted defect, so `mend` must regenerate
// and pass every lesson, `flag` must publish the course as succeeded with every lesson flagged,
// and `off` must not evaluate. This tests the gate's mechanics, not a judge's judgement.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Course } from "../src/course/index.ts";
import { expectError, sendJson, waitForStatus } from "./support/http-helpers.ts";
import { startTestService, type TestService } from "./support/http-service.ts";

describe("the quality gate over HTTP on the simulator's low_quality fault", () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({
      worker: true,
      environment: { COURSEFORGE_SIMULATOR_FAULTS: "low_quality", COURSEFORGE_SIMULATOR_FAULT_RATE: "1" },
    });
  });
  afterAll(async () => service?.cleanup());

  const generate = async (topic: string, quality?: string): Promise<Course> => {
    const submitted = await sendJson(service, "/v1/courses", service.users.alice, {
      topic,
      modules: 1,
      lessonsPerModule: 3,
      ...(quality === undefined ? {} : { quality }),
    });
    expect(submitted.status).toBe(202);
    const { jobId } = (await submitted.json()) as { jobId: string };
    const job = await waitForStatus(service, service.users.alice, jobId, ["succeeded", "failed"]);
    expect(job.status).toBe("succeeded");
    return (await (await service.call(`/v1/courses/${job.courseId}`, { as: service.users.alice })).json()) as Course;
  };

  it("mends every planted lesson once by default, and the course passes", async () => {
    const course = await generate("Soil erosion");
    const quality = course.quality!;
    expect(quality.mode).toBe("mend");
    expect(quality.lessons.map((lesson) => lesson.status)).toEqual(["mended", "mended", "mended"]);
    expect(quality.lessons.every((lesson) => lesson.mended.length === 1 && lesson.flags.length === 0)).toBe(true);
    expect(quality).toMatchObject({ passed: true, flagged: 0, score: 5 });
    // Every lesson is judged twice (before and after its mend) and regenerated once: 1 + 3 × (2 + 2 + 1) calls at least.
    expect(course.generation.llmCalls).toBeGreaterThanOrEqual(16);
  });

  it("with quality flag, publishes the course succeeded with every planted lesson flagged, never silently", async () => {
    const course = await generate("Bread baking", "flag");
    const quality = course.quality!;
    expect(quality.lessons.map((lesson) => lesson.status)).toEqual(["flagged", "flagged", "flagged"]);
    expect(quality).toMatchObject({ mode: "flag", passed: false, flagged: 3 });
    for (const lesson of quality.lessons) {
      // The judge's low criterion, the model-free flag, or both name the planted defect.
      const lowCriteria = Object.values(lesson.rubric!).filter((criterion) => criterion.score < 3);
      expect(lesson.flags.length + lowCriteria.length).toBeGreaterThan(0);
      expect(lesson.mended).toEqual([]);
    }
  });

  it("with quality off, does not evaluate", async () => {
    const course = await generate("Map reading", "off");
    expect(course.quality).toBeUndefined();
    expect(course.generation.llmCalls).toBe(7);
  });

  it("refuses an unknown quality mode, naming the allowed ones", async () => {
    const refused = await expectError(
      await sendJson(service, "/v1/courses", service.users.alice, { topic: "Tides", quality: "strict" }),
      400,
      "INVALID_INPUT",
    );
    expect(refused.message).toContain('quality must be one of "off", "flag", "mend"');
  });
});
