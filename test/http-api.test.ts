import { sign } from "hono/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { Course, Outline, validateCourse } from "../src/course/index.ts";
import {
  CourseListResponse,
  CreatedUserResponse,
  JobListResponse,
  JobResponse,
  MeResponse,
  ReadyResponse,
  SubmitResponse,
  UserListResponse,
  UserResponse,
} from "../src/http/schemas.ts";
import { createUser } from "../src/users/index.ts";
import { createHttpService } from "../src/app/index.ts";
import { exportFileName, markdownText } from "../src/export/index.ts";
import { createTestDatabase } from "./support/database.ts";
import { startTestService, type TestService } from "./support/http-service.ts";
import { expectError, expectJson, sendJson, waitForStatus } from "./support/http-helpers.ts";
import { readSse } from "./support/sse.ts";

let service: TestService;
beforeAll(async () => {
  service = await startTestService({ worker: true });
});
afterAll(async () => {
  await service?.cleanup();
});

const smallCourse = { topic: "Tides and the Moon", modules: 1, lessonsPerModule: 2 };

describe("a course from request to export", () => {
  it("accepts, streams progress, and serves the course as JSON and Markdown", async () => {
    const { alice } = service.users;
    const response = await sendJson(service, "/v1/courses", alice, {
      ...smallCourse,
      audience: "sailors",
      level: "intermediate",
      language: "fr",
    });
    const submitted = await expectJson(response, 202, SubmitResponse);
    expect(submitted).toMatchObject({
      created: true,
      status: "queued",
      links: { self: `/v1/jobs/${submitted.jobId}`, events: `/v1/jobs/${submitted.jobId}/events` },
    });
    expect(submitted.links.course).toBeUndefined();
    expect(response.headers.get("location")).toBe(submitted.links.self);

    const stream = await service.call(submitted.links.events, { as: alice });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const read = await readSse(stream);
    expect(read.ended).toBe(true);
    expect(read.events.at(-1)?.event).toBe("job.succeeded");
    expect(read.events.map((event) => event.event)).toEqual(
      expect.arrayContaining(["job.queued", "job.started", "step.started", "step.finished"]),
    );

    const job = await expectJson(await service.call(submitted.links.self, { as: alice }), 200, JobResponse);
    expect(job).toMatchObject({
      id: submitted.jobId,
      status: "succeeded",
      stepsDone: 5,
      stepsTotal: 5,
      failure: null,
      reviewOutline: false,
    });
    expect(job.request).toEqual({
      topic: "Tides and the Moon",
      audience: "sailors",
      level: "intermediate",
      modules: 1,
      lessonsPerModule: 2,
      language: "fr",
    });
    expect(job.links.course).toBe(`/v1/courses/${job.courseId}`);

    const course = await expectJson(await service.call(job.links.course!, { as: alice }), 200, Course);
    expect(validateCourse(course).ok).toBe(true);
    expect(course).toMatchObject({ id: job.courseId, topic: "Tides and the Moon", language: "fr" });

    const exported = await service.call(`${job.links.course}/export?format=json`, { as: alice });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toBe(
      `attachment; filename="${exportFileName(course, "json")}"; filename*=UTF-8''${exportFileName(course, "json")}`,
    );
    expect(exportFileName(course, "json")).toMatch(new RegExp(`^[a-z0-9-]+-${course.id}\\.json$`));
    expect(JSON.parse(await exported.text())).toEqual(course);
    const markdown = await service.call(`${job.links.course}/export?format=markdown`, { as: alice });
    expect(markdown.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(markdown.headers.get("content-disposition")).toMatch(/\.md$/);
    expect(await markdown.text()).toMatch(
      new RegExp(`^# ${markdownText(course.title).replace(/[\\[\]()*+?.^$|{}]/g, "\\$&")}\\n`),
    );

    const list = await expectJson(await service.call("/v1/courses", { as: alice }), 200, CourseListResponse);
    expect(list.courses.map((entry) => entry.id)).toContain(course.id);
    expect(list.courses.find((entry) => entry.id === course.id)).toMatchObject({
      ownerId: alice.id,
      jobId: job.id,
      links: { self: job.links.course },
    });
  });
});

describe("idempotency", () => {
  it("returns the same job for the same key and body, refuses the key with another body, and scopes keys per user", async () => {
    const { alice, bob } = service.users;
    const headers = { "idempotency-key": "retry-safe-123" };
    const first = await expectJson(
      await sendJson(service, "/v1/courses", alice, smallCourse, { headers }),
      202,
      SubmitResponse,
    );
    const again = await sendJson(service, "/v1/courses", alice, { ...smallCourse }, { headers });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await expectJson(again, 202, SubmitResponse)).toMatchObject({ jobId: first.jobId, created: false });
    const reused = await expectError(
      await sendJson(service, "/v1/courses", alice, { ...smallCourse, modules: 2 }, { headers }),
      422,
      "IDEMPOTENCY_KEY_REUSED",
    );
    expect(reused.details.jobId).toBe(first.jobId);
    const bobs = await expectJson(
      await sendJson(service, "/v1/courses", bob, smallCourse, { headers }),
      202,
      SubmitResponse,
    );
    expect(bobs.jobId).not.toBe(first.jobId);
    expect(bobs.created).toBe(true);
    await waitForStatus(service, alice, first.jobId, ["succeeded"]);
    await waitForStatus(service, bob, bobs.jobId, ["succeeded"]);
  });
});

describe("outline review", () => {
  it("pauses for review, takes an edited outline, and writes the course from it once approved", async () => {
    const { alice } = service.users;
    const submitted = await expectJson(
      await sendJson(service, "/v1/courses", alice, { ...smallCourse, reviewOutline: true }),
      202,
      SubmitResponse,
    );
    await waitForStatus(service, alice, submitted.jobId, ["awaiting_approval"]);
    const outline = await expectJson(await service.call(submitted.links.outline, { as: alice }), 200, Outline);

    const unknownField = await expectError(
      await sendJson(service, submitted.links.outline, alice, { ...outline, colour: "blue" }, { method: "PUT" }),
      400,
      "INVALID_INPUT",
    );
    expect(unknownField.details.field).toBe("colour");
    const wrongType = await expectError(
      await sendJson(
        service,
        submitted.links.outline,
        alice,
        { ...outline, modules: [{ ...outline.modules[0], title: 42 }] },
        { method: "PUT" },
      ),
      400,
      "INVALID_INPUT",
    );
    expect(wrongType.details.field).toBe("modules[0].title");

    const edited = {
      ...outline,
      modules: outline.modules.map((module, index) =>
        index === 0 ? { ...module, title: "Edited by the teacher" } : module,
      ),
    };
    const stored = await expectJson(
      await sendJson(service, submitted.links.outline, alice, edited, { method: "PUT" }),
      200,
      Outline,
    );
    expect(stored.modules[0]?.title).toBe("Edited by the teacher");
    expect(
      (await expectJson(await service.call(submitted.links.outline, { as: alice }), 200, Outline)).modules[0]?.title,
    ).toBe("Edited by the teacher");

    const approved = await expectJson(
      await service.call(submitted.links.approve, { method: "POST", as: alice }),
      200,
      JobResponse,
    );
    expect(approved.status).not.toBe("awaiting_approval");
    const done = await waitForStatus(service, alice, submitted.jobId, ["succeeded", "failed"]);
    expect(done.status).toBe("succeeded");
    const course = await expectJson(await service.call(`/v1/courses/${done.courseId}`, { as: alice }), 200, Course);
    expect(course.modules[0]?.title).toBe("Edited by the teacher");

    // Approving again is a no-op; editing is over.
    expect(
      (await expectJson(await service.call(submitted.links.approve, { method: "POST", as: alice }), 200, JobResponse))
        .status,
    ).toBe("succeeded");
    await expectError(
      await sendJson(service, submitted.links.outline, alice, edited, { method: "PUT" }),
      409,
      "JOB_NOT_AWAITING_APPROVAL",
    );
    await expectError(
      await service.call(submitted.links.cancel, { method: "POST", as: alice }),
      409,
      "JOB_ALREADY_FINISHED",
    );
  });

  it("cancels a job awaiting approval at once (200), and again as a no-op", async () => {
    const { alice } = service.users;
    const submitted = await expectJson(
      await sendJson(service, "/v1/courses", alice, { ...smallCourse, reviewOutline: true }),
      202,
      SubmitResponse,
    );
    await waitForStatus(service, alice, submitted.jobId, ["awaiting_approval"]);
    const canceled = await expectJson(
      await service.call(submitted.links.cancel, { method: "POST", as: alice }),
      200,
      JobResponse,
    );
    expect(canceled.status).toBe("canceled");
    expect(
      (await expectJson(await service.call(submitted.links.cancel, { method: "POST", as: alice }), 200, JobResponse))
        .status,
    ).toBe("canceled");
    const events = await readSse(await service.call(`${submitted.links.events}?after=0`, { as: alice }));
    expect(events.ended).toBe(true);
    expect(events.events.at(-1)?.event).toBe("job.canceled");
  });
});

describe("course listing", () => {
  it("pages with limit and cursor, newest first; admins see everyone's; all=true is for admins", async () => {
    const { student, admin } = service.users;
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const id = `crs_page${index}`;
      ids.unshift(id);
      const course = { ...(await firstCourseDocument()), id };
      await service.testDatabase.db.query(
        `INSERT INTO courses (id, title, topic, language, format_version, document, user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, now() + ($8 || ' seconds')::interval)`,
        [
          id,
          course.title,
          course.topic,
          course.language,
          course.formatVersion,
          JSON.stringify(course),
          student.id,
          String(index),
        ],
      );
    }
    const seen: string[] = [];
    let path = "/v1/courses?limit=2";
    for (let page = 0; page < 5; page += 1) {
      const body = await expectJson(await service.call(path, { as: student }), 200, CourseListResponse);
      expect(body.courses.length).toBeLessThanOrEqual(2);
      seen.push(...body.courses.map((entry) => entry.id));
      if (body.nextCursor === null) break;
      path = `/v1/courses?limit=2&cursor=${encodeURIComponent(body.nextCursor)}`;
    }
    expect(seen).toEqual(ids);

    const everyone = await expectJson(
      await service.call("/v1/courses?limit=100", { as: admin }),
      200,
      CourseListResponse,
    );
    const stored = await service.testDatabase.db.query<{ id: string }>(
      `SELECT id FROM courses ORDER BY created_at DESC, id DESC`,
    );
    expect(everyone.courses.map((entry) => entry.id)).toEqual(stored.map((row) => row.id));
    expect(new Set(everyone.courses.map((entry) => entry.ownerId))).toContain(service.users.alice.id);
    expect(
      (await expectJson(await service.call("/v1/courses?all=false", { as: admin }), 200, CourseListResponse)).courses,
    ).toEqual([]);
    await expectError(await service.call("/v1/courses?all=true", { as: student }), 403, "FORBIDDEN");
  });
});

describe("job listing", () => {
  it("lists the caller's own jobs newest first, pages with limit and cursor, filters by status; admins see everyone's", async () => {
    const { alice, bob, student, admin } = service.users;
    const submitted: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const created = await expectJson(
        await sendJson(service, "/v1/courses", bob, {
          ...smallCourse,
          topic: `Listed job ${index}`,
          reviewOutline: true,
        }),
        202,
        SubmitResponse,
      );
      submitted.unshift(created.jobId);
    }
    const seen: string[] = [];
    let path = "/v1/jobs?limit=2";
    for (let page = 0; page < 5; page += 1) {
      const body = await expectJson(await service.call(path, { as: bob }), 200, JobListResponse);
      expect(body.jobs.length).toBeLessThanOrEqual(2);
      seen.push(...body.jobs.map((job) => job.id));
      if (body.nextCursor === null) break;
      path = `/v1/jobs?limit=2&cursor=${encodeURIComponent(body.nextCursor)}`;
    }
    const storedOfBob = await service.testDatabase.db.query<{ id: string }>(
      `SELECT id FROM course_generation_jobs WHERE user_id = $1 ORDER BY created_at DESC, id DESC`,
      [bob.id],
    );
    expect(seen).toEqual(storedOfBob.map((row) => row.id));
    expect(seen.slice(0, 3)).toEqual(submitted);

    const ofAlice = await expectJson(await service.call("/v1/jobs?limit=100", { as: alice }), 200, JobListResponse);
    const storedOfAlice = await service.testDatabase.db.query<{ id: string }>(
      `SELECT id FROM course_generation_jobs WHERE user_id = $1 ORDER BY created_at DESC, id DESC`,
      [alice.id],
    );
    expect(ofAlice.jobs.map((job) => job.id)).toEqual(storedOfAlice.map((row) => row.id));
    expect(ofAlice.jobs.map((job) => job.id)).not.toContain(submitted[0]);

    const succeeded = await expectJson(
      await service.call("/v1/jobs?status=succeeded&limit=100", { as: alice }),
      200,
      JobListResponse,
    );
    expect(succeeded.jobs.length).toBeGreaterThan(0);
    expect(succeeded.jobs.every((job) => job.status === "succeeded" && job.courseId !== null)).toBe(true);

    const everyone = await expectJson(await service.call("/v1/jobs?limit=100", { as: admin }), 200, JobListResponse);
    const stored = await service.testDatabase.db.query<{ id: string }>(
      `SELECT id FROM course_generation_jobs ORDER BY created_at DESC, id DESC LIMIT 100`,
    );
    expect(everyone.jobs.map((job) => job.id)).toEqual(stored.map((row) => row.id));
    expect(
      (await expectJson(await service.call("/v1/jobs?all=false", { as: admin }), 200, JobListResponse)).jobs,
    ).toEqual([]);
    await expectError(await service.call("/v1/jobs?all=true", { as: student }), 403, "FORBIDDEN");
    const badStatus = await expectError(
      await service.call("/v1/jobs?status=done", { as: student }),
      400,
      "INVALID_INPUT",
    );
    expect(badStatus.details.field).toBe("status");
    expect(
      (await expectError(await service.call("/v1/jobs?cursor=nope", { as: student }), 400, "INVALID_INPUT")).details
        .field,
    ).toBe("cursor");
  });
});

async function firstCourseDocument(): Promise<z.output<typeof Course>> {
  const [row] = await service.testDatabase.db.query<{ document: z.output<typeof Course> }>(
    `SELECT document FROM courses ORDER BY created_at LIMIT 1`,
  );
  if (row === undefined) throw new Error("no course generated yet");
  return row.document;
}

describe("system routes", () => {
  it("answers /healthz, /readyz and /v1/me", async () => {
    expect(await (await service.call("/healthz")).json()).toEqual({ status: "ok" });
    expect(await expectJson(await service.call("/readyz"), 200, ReadyResponse)).toEqual({
      status: "ready",
      checks: { database: "ok", migrations: "ok" },
    });
    expect(await expectJson(await service.call("/v1/me", { as: service.users.student }), 200, MeResponse)).toEqual({
      userId: service.users.student.id,
      email: service.users.student.email,
      role: "student",
    });
  });

  it("reports not ready, and 503 for requests, when the database is gone", async () => {
    const broken = await createTestDatabase();
    const errors: unknown[] = [];
    const app = createHttpService({
      database: broken.db,
      queue: service.queue,
      jobs: service.jobs,
      config: service.config,
      onError: (error) => errors.push(error),
    }).app;
    await broken.cleanup();
    const ready = await app.request("/readyz");
    expect(await expectJson(ready, 503, ReadyResponse)).toMatchObject({
      status: "not_ready",
      checks: { database: "failed" },
    });
    const response = await app.request("/v1/me", { headers: { authorization: `Bearer ${service.users.alice.token}` } });
    expect(response.headers.get("retry-after")).toBe("5");
    const error = await expectError(response, 503, "DATABASE_UNAVAILABLE");
    expect(error.details).toEqual({});
    expect(error.message).not.toMatch(/pglite|postgres|closed|\/tmp\//i);
    // The real error is reported to the server's log, not to the client.
    expect(errors.map(String)).toEqual([expect.stringMatching(/DatabaseUnavailableError/)]);
  });
});

describe("admin user routes", () => {
  it("creates a user with a token shown once, lists and disables it; others get 403", async () => {
    const { admin, bob } = service.users;
    const created = await expectJson(
      await sendJson(service, "/v1/admin/users", admin, { email: "New.Teacher@example.com", role: "teacher" }),
      201,
      CreatedUserResponse,
    );
    expect(created).toMatchObject({
      email: "new.teacher@example.com",
      role: "teacher",
      token: expect.stringMatching(/^cf_/),
    });
    const newcomer = { id: created.userId, email: created.email, role: "teacher" as const, token: created.token };
    expect(await expectJson(await service.call("/v1/me", { as: newcomer }), 200, MeResponse)).toEqual({
      userId: created.userId,
      email: "new.teacher@example.com",
      role: "teacher",
    });

    const listed = await expectJson(await service.call("/v1/admin/users", { as: admin }), 200, UserListResponse);
    const entry = listed.users.find((user) => user.id === created.userId);
    expect(entry).toMatchObject({ activeTokens: 1, disabledAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.token);

    await expectError(
      await sendJson(service, "/v1/admin/users", admin, { email: "new.teacher@example.com", role: "student" }),
      409,
      "USER_EXISTS",
    );
    const badEmail = await expectError(
      await sendJson(service, "/v1/admin/users", admin, { email: "nope", role: "student" }),
      400,
      "INVALID_INPUT",
    );
    expect(badEmail.details.field).toBe("email");
    await expectError(
      await sendJson(service, "/v1/admin/users", bob, { email: "x@example.com", role: "admin" }),
      403,
      "FORBIDDEN",
    );
    await expectError(await service.call("/v1/admin/users", { as: bob }), 403, "FORBIDDEN");

    const disabled = await expectJson(
      await service.call(`/v1/admin/users/${created.userId}/disable`, { method: "POST", as: admin }),
      200,
      UserResponse,
    );
    expect(disabled.disabledAt).not.toBeNull();
    await expectError(await service.call("/v1/me", { as: newcomer }), 401, "UNAUTHENTICATED");
    await expectError(
      await service.call("/v1/admin/users/usr_nobody/disable", { method: "POST", as: admin }),
      404,
      "USER_NOT_FOUND",
    );
  });
});

describe("Supabase JWTs", () => {
  it("authenticates an access token as the users-table user when SUPABASE_JWT_SECRET is set", async () => {
    const secret = "a-supabase-project-jwt-secret-for-the-tests-0123456789";
    const id = "7c0e5a41-2f3b-4d6e-9a8b-1c2d3e4f5a6b";
    await createUser(service.testDatabase.db, { email: "supabase.user@example.com", role: "student", id });
    const token = await sign(
      { sub: id, aud: "authenticated", role: "authenticated", exp: Math.floor(Date.now() / 1000) + 600 },
      secret,
      "HS256",
    );
    const withSecret = createHttpService({
      database: service.testDatabase.db,
      queue: service.queue,
      jobs: service.jobs,
      config: { auth: { supabaseJwtSecret: secret } },
    }).app;
    const me = await withSecret.request("/v1/me", { headers: { authorization: `Bearer ${token}` } });
    expect(await expectJson(me, 200, MeResponse)).toEqual({
      userId: id,
      email: "supabase.user@example.com",
      role: "student",
    });
    const withoutSecret = await service.call("/v1/me", { headers: { authorization: `Bearer ${token}` } });
    await expectError(withoutSecret, 401, "UNAUTHENTICATED");
    expect(withoutSecret.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });
});
