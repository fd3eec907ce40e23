import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CourseRequest, outlineFromDraft, type Outline } from "../src/course/index.ts";
import { createHttpService } from "../src/app/index.ts";
import type { AppEnv } from "../src/http/index.ts";
import { createCourseLimits, type CourseLimits, type JobAdmission } from "../src/limits/index.ts";
import { claimJobs, pauseJobForReview, saveFinishedStep } from "../src/store/index.ts";
import { expectError } from "./support/http-helpers.ts";
import { makeUser, startTestService, type TestService, type TestUser } from "./support/http-service.ts";

// An outline edit that grows a job past its submitted size is admitted again against the limits
// (docs/limits.md, "Outline edits"), on the test database's backend (COURSEFORGE_TEST_DATABASE).

const hourMs = 3_600_000;
let service: TestService;
let app: Hono<AppEnv>;
let limits: CourseLimits;
let nowMs = Date.parse("2031-05-04T09:00:00Z");

beforeAll(async () => {
  service = await startTestService();
  limits = createCourseLimits({
    database: service.testDatabase.db,
    defaults: service.config.limits,
    now: () => nowMs,
  });
  app = createHttpService({
    database: service.testDatabase.db,
    queue: service.queue,
    jobs: service.jobs,
    config: service.config,
    limits,
  }).app;
});
afterAll(async () => {
  await service?.cleanup();
});

async function call(
  path: string,
  as: TestUser,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { authorization: `Bearer ${as.token}`, ...init.headers };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  return app.request(path, {
    method: init.method ?? "GET",
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

const submitted = { topic: "Tide pools", modules: 1, lessonsPerModule: 1, reviewOutline: true };

function outlineOfSize(modules: number, lessonsPerModule: number, title = "Tide pools, planned"): Outline {
  const request = CourseRequest.parse({ topic: "Tide pools", modules, lessonsPerModule });
  return outlineFromDraft(
    {
      title,
      description: "Life between the tides.",
      modules: Array.from({ length: modules }, (_, module) => ({
        title: `Module ${module + 1}`,
        summary: `What module ${module + 1} covers.`,
        lessons: Array.from({ length: lessonsPerModule }, (_, lesson) => ({
          title: `Lesson ${module + 1}.${lesson + 1}`,
          summary: `What lesson ${module + 1}.${lesson + 1} covers.`,
          objectives: [`Explain idea ${module + 1}.${lesson + 1}`],
          keyPoints: [`Point of ${module + 1}.${lesson + 1}`],
        })),
      })),
    },
    request,
  );
}

// What a worker does up to the review: the outline step stored, the job paused.
async function pausedWithOutline(jobId: string): Promise<void> {
  const database = service.testDatabase.db;
  expect(await claimJobs(database, [jobId], "host:1")).toEqual([expect.objectContaining({ id: jobId })]);
  await saveFinishedStep(database, jobId, {
    checkpoint: {
      step: "outline",
      output: outlineOfSize(1, 1),
      promptTokens: 100,
      completionTokens: 50,
      cachedPromptTokens: 0,
      costUsd: 0,
      attempts: 1,
      durationMs: 10,
    },
    calls: [],
    event: { type: "step.finished", data: { type: "step.finished", step: "outline" } },
  });
  expect(await pauseJobForReview(database, jobId, "host:1")).toBeDefined();
}

async function storedJob(jobId: string) {
  const [row] = await service.testDatabase.db.query<{
    request: unknown;
    submitted_request: unknown;
    steps_total: number;
  }>(`SELECT request, submitted_request, steps_total FROM course_generation_jobs WHERE id = $1`, [jobId]);
  return row!;
}

describe("PUT /v1/jobs/:id/outline re-admits an edit that grows the job", () => {
  it("refuses growing a 1×1 job to 12×10 over the limits, admits it once the limits allow, and records the edited size", async () => {
    const teacher = await makeUser(service.testDatabase, "teacher", "grow");
    const admin = service.users.admin;
    const limited = await call(`/v1/admin/limits/users/${teacher.id}`, admin, {
      method: "PUT",
      body: { coursesPerHour: 1, burst: 0 },
    });
    expect(limited.status).toBe(200);

    const created = await call("/v1/courses", teacher, {
      method: "POST",
      body: submitted,
      headers: { "idempotency-key": "grow-1" },
    });
    expect(created.status).toBe(202);
    const { jobId } = (await created.json()) as { jobId: string };
    await pausedWithOutline(jobId);
    const outlinePath = `/v1/jobs/${jobId}/outline`;

    // The submission used the hour's one course: growing the job is refused and changes nothing.
    const refused = await call(outlinePath, teacher, { method: "PUT", body: outlineOfSize(12, 10) });
    const error = await expectError(refused, 429, "RATE_LIMITED");
    expect(error.details).toMatchObject({ limit: "courses-hour" });
    expect(refused.headers.get("retry-after")).toBe("3600");
    expect(((await (await call(outlinePath, teacher)).json()) as Outline).modules).toHaveLength(1);
    expect(await storedJob(jobId)).toMatchObject({
      request: { modules: 1, lessonsPerModule: 1 },
      submitted_request: null,
      steps_total: 0,
    });

    // An edit that does not grow the job takes nothing from the limits.
    const retitled = await call(outlinePath, teacher, {
      method: "PUT",
      body: outlineOfSize(1, 1, "Tide pools, retitled"),
    });
    expect(retitled.status).toBe(200);
    expect(((await retitled.json()) as Outline).title).toBe("Tide pools, retitled");

    nowMs += hourMs;
    const grown = await call(outlinePath, teacher, { method: "PUT", body: outlineOfSize(12, 10) });
    expect(grown.status).toBe(200);
    expect(((await grown.json()) as Outline).modules.map((module) => module.lessons.length)).toEqual(
      Array.from({ length: 12 }, () => 10),
    );
    expect(await storedJob(jobId)).toMatchObject({
      request: { modules: 12, lessonsPerModule: 10 },
      submitted_request: { modules: 1, lessonsPerModule: 1 },
      steps_total: 241,
    });
    const view = (await (await call(`/v1/jobs/${jobId}`, teacher)).json()) as { request: unknown };
    expect(view.request).toMatchObject({ modules: 12, lessonsPerModule: 10 });

    // The growth was charged as a course: the hour's one course is used again.
    const next = await call("/v1/courses", teacher, { method: "POST", body: { topic: "Kelp forests" } });
    await expectError(next, 429, "RATE_LIMITED");
    // A replay of the original submission is still recognized as the same one.
    const replay = await call("/v1/courses", teacher, {
      method: "POST",
      body: submitted,
      headers: { "idempotency-key": "grow-1" },
    });
    expect(replay.status).toBe(202);
    expect(((await replay.json()) as { jobId: string }).jobId).toBe(jobId);
  });

  it("answers JOB_NOT_AWAITING_APPROVAL, charging nothing, when the job leaves review while a growing edit is admitted", async () => {
    const teacher = await makeUser(service.testDatabase, "teacher", "race");
    const created = await call("/v1/courses", teacher, { method: "POST", body: submitted });
    const { jobId } = (await created.json()) as { jobId: string };
    await pausedWithOutline(jobId);
    const caller = { userId: teacher.id, role: "teacher" as const, tokenId: null };
    let abandoned = 0;
    const edit = service.jobs.updateOutline(caller, jobId, outlineOfSize(2, 2), {
      admit: async (signal) => {
        // The owner cancels the job between the edit's checks and its statement.
        await service.testDatabase.db.query(`UPDATE course_generation_jobs SET status = 'canceled' WHERE id = $1`, [
          jobId,
        ]);
        const admission = await limits.admission(caller, signal);
        return {
          ...admission,
          abandon: () => {
            abandoned += 1;
            admission.abandon();
          },
        } satisfies JobAdmission;
      },
    });
    await expect(edit).rejects.toMatchObject({ code: "JOB_NOT_AWAITING_APPROVAL" });
    expect(abandoned).toBe(1);
    expect(await storedJob(jobId)).toMatchObject({
      request: { modules: 1, lessonsPerModule: 1 },
      submitted_request: null,
    });
  });
});
