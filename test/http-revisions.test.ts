import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { Course } from "../src/course/index.ts";
import { DiffResponse, RevisionListResponse, RevisionResponse, SubmitResponse } from "../src/http/schemas.ts";
import { sampleCourse } from "./support/course-fixtures.ts";
import { expectError, expectJson, sendJson, waitForStatus } from "./support/http-helpers.ts";
import { startTestService, type TestService, type TestUser } from "./support/http-service.ts";

// Revisions on a real database (PGlite, or Postgres with COURSEFORGE_TEST_DATABASE=postgres): a
// worker on the simulator (over HTTP, through the openai-compatible adapter) regenerates parts.

const revise = (service: TestService, as: TestUser | undefined, courseId: string, body: unknown) =>
  sendJson(service, `/v1/courses/${courseId}/revisions`, as, body);

async function readCourse(service: TestService, as: TestUser, path: string) {
  const response = await service.call(path, { as });
  const course = await expectJson(response, 200, Course);
  return { course, revision: response.headers.get("course-revision") };
}

const lessonOf = (course: Course, id: string) =>
  course.modules.flatMap((module) => module.lessons).find((lesson) => lesson.id === id);

describe("regenerating parts of a generated course", () => {
  let service: TestService;
  let courseId: string;
  let original: Course;

  beforeAll(async () => {
    service = await startTestService({ worker: true });
    const submitted = await expectJson(
      await sendJson(service, "/v1/courses", service.users.alice, {
        topic: "Bridges",
        modules: 1,
        lessonsPerModule: 2,
      }),
      202,
      SubmitResponse,
    );
    const job = await waitForStatus(service, service.users.alice, submitted.jobId, ["succeeded", "failed"]);
    expect(job.status).toBe("succeeded");
    courseId = job.courseId!;
    original = (await readCourse(service, service.users.alice, `/v1/courses/${courseId}`)).course;
  });
  afterAll(async () => {
    await service?.cleanup();
  });

  it("rewrites one lesson and its quiz as revision 2, copying the rest, ids kept", async () => {
    const alice = service.users.alice;
    const submitted = await expectJson(
      await revise(service, alice, courseId, {
        target: { kind: "lesson", id: "m1-l2" },
        instruction: "Add a worked example about bridges.",
      }),
      202,
      SubmitResponse,
    );
    const job = await waitForStatus(service, alice, submitted.jobId, ["succeeded", "failed", "canceled"]);
    expect(job.status).toBe("succeeded");
    expect(job.courseId).toBe(courseId);

    const current = await readCourse(service, alice, `/v1/courses/${courseId}`);
    expect(current.revision).toBe("2");
    expect(lessonOf(current.course, "m1-l1")).toEqual(lessonOf(original, "m1-l1"));
    const before = lessonOf(original, "m1-l2")!;
    const after = lessonOf(current.course, "m1-l2")!;
    expect(after.sections.map((section) => section.body)).not.toEqual(before.sections.map((section) => section.body));
    expect(after.objectives).toEqual(before.objectives);
    expect(after.sections.map((section) => section.id)).toEqual(
      after.sections.map((_, index) => `m1-l2-s${index + 1}`),
    );

    const first = await readCourse(service, alice, `/v1/courses/${courseId}?revision=1`);
    expect(first.revision).toBe("1");
    expect(first.course).toEqual(original);

    const list = await expectJson(
      await service.call(`/v1/courses/${courseId}/revisions`, { as: alice }),
      200,
      RevisionListResponse,
    );
    expect(list.current).toBe(2);
    expect(list.revisions.map((revision) => [revision.number, revision.origin, revision.current])).toEqual([
      [1, "generated", false],
      [2, "regenerated", true],
    ]);
    const second = list.revisions[1]!;
    expect(second).toMatchObject({
      target: { kind: "lesson", id: "m1-l2" },
      instruction: "Add a worked example about bridges.",
      basedOn: 1,
      jobId: submitted.jobId,
      userId: alice.id,
    });
    expect(second.changedParts.length).toBeGreaterThan(0);
    for (const part of second.changedParts) expect(part.id.startsWith("m1-l2")).toBe(true);

    const diff = await expectJson(
      await service.call(`/v1/courses/${courseId}/revisions/diff?from=1&to=2`, { as: alice }),
      200,
      DiffResponse,
    );
    expect(diff.changes.map((change) => change.id)).toEqual(second.changedParts.map((part) => part.id));
    // A rewritten lesson may have another number of explanations or questions: those are added or removed.
    expect(diff.changes.some((change) => change.change === "changed" && change.kind === "section")).toBe(true);

    const exported = await service.call(`/v1/courses/${courseId}/export?format=json&revision=1`, { as: alice });
    expect(exported.headers.get("course-revision")).toBe("1");
    expect(JSON.parse(await exported.text())).toEqual(original);
    const exportedNow = await service.call(`/v1/courses/${courseId}/export?format=json`, { as: alice });
    expect(JSON.parse(await exportedNow.text())).toEqual(current.course);

    const [succeeded] = await service.testDatabase.db.query<{ data: { revision: number; courseId: string } }>(
      `SELECT data FROM course_generation_events WHERE job_id = $1 AND type = 'job.succeeded'`,
      [submitted.jobId],
    );
    expect(succeeded?.data).toMatchObject({ revision: 2, courseId });
    const steps = await service.testDatabase.db.query<{ type: string; step: string | null }>(
      `SELECT type, data ->> 'step' AS step FROM course_generation_events WHERE job_id = $1 ORDER BY id`,
      [submitted.jobId],
    );
    expect(steps.filter((event) => event.type === "step.finished").map((event) => event.step)).toEqual([
      "revise:lesson:m1-l2",
      "revise:quiz:m1-l2",
    ]);
  });

  it("rewrites a single section, then a single question, each as one more revision", async () => {
    const alice = service.users.alice;
    for (const target of [
      { kind: "section", id: "m1-l1-s2" },
      { kind: "question", id: "m1-l1-q1" },
    ]) {
      const submitted = await expectJson(
        await revise(service, alice, courseId, { target, instruction: "Simpler language, please." }),
        202,
        SubmitResponse,
      );
      expect((await waitForStatus(service, alice, submitted.jobId, ["succeeded", "failed"])).status).toBe("succeeded");
    }
    const list = await expectJson(
      await service.call(`/v1/courses/${courseId}/revisions`, { as: alice }),
      200,
      RevisionListResponse,
    );
    expect(list.current).toBe(4);
    expect(list.revisions[2]!.changedParts).toEqual([{ kind: "section", id: "m1-l1-s2" }]);
    expect(list.revisions[3]!.changedParts).toEqual([{ kind: "question", id: "m1-l1-q1" }]);
  });

  it("restores an older revision as a new one", async () => {
    const alice = service.users.alice;
    const restored = await expectJson(
      await service.call(`/v1/courses/${courseId}/revisions/1/restore`, { method: "POST", as: alice }),
      201,
      RevisionResponse,
    );
    expect(restored).toMatchObject({ origin: "restored", restoredFrom: 1, current: true });
    expect(restored.number).toBeGreaterThan(1);
    const now = await readCourse(service, alice, `/v1/courses/${courseId}`);
    expect(now.course).toEqual(original);
    expect(now.revision).toBe(String(restored.number));
    await expectError(
      await service.call(`/v1/courses/${courseId}/revisions/${restored.number}/restore`, { method: "POST", as: alice }),
      409,
      "REVISION_IS_CURRENT",
    );
  });

  it("leaves the current revision untouched when the revision job fails", async () => {
    const alice = service.users.alice;
    const before = await readCourse(service, alice, `/v1/courses/${courseId}`);
    const control = service.simulator!.url.replace(/\/v1$/, "");
    const faults = await fetch(`${control}/_simulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rate: 1, kinds: ["refusal"] }),
    });
    expect(faults.status).toBe(200);
    try {
      const submitted = await expectJson(
        await revise(service, alice, courseId, { target: { kind: "quiz", id: "m1-l1" }, instruction: "Harder." }),
        202,
        SubmitResponse,
      );
      expect((await waitForStatus(service, alice, submitted.jobId, ["succeeded", "failed"])).status).toBe("failed");
    } finally {
      await fetch(`${control}/_simulator/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ rate: 0 }),
      });
    }
    const after = await readCourse(service, alice, `/v1/courses/${courseId}`);
    expect(after.revision).toBe(before.revision);
    expect(after.course).toEqual(before.course);
    const list = await expectJson(
      await service.call(`/v1/courses/${courseId}/revisions`, { as: alice }),
      200,
      RevisionListResponse,
    );
    expect(String(list.revisions.length)).toBe(before.revision);
  });
});

describe("revision requests that cannot be served", () => {
  let service: TestService;
  const course = { ...sampleCourse(), id: "crs_revised" };

  beforeAll(async () => {
    // No worker: a revision job stays queued, so the course counts as being regenerated.
    service = await startTestService();
    await service.testDatabase.db.query(
      `INSERT INTO courses (id, title, topic, language, format_version, document, user_id) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [
        course.id,
        course.title,
        course.topic,
        course.language,
        course.formatVersion,
        JSON.stringify(course),
        service.users.alice.id,
      ],
    );
  });
  afterAll(async () => {
    await service?.cleanup();
  });

  const lesson = { kind: "lesson", id: "m1-l2" };

  it("gives every stored course its revision 1", async () => {
    const list = await expectJson(
      await service.call(`/v1/courses/${course.id}/revisions`, { as: service.users.alice }),
      200,
      RevisionListResponse,
    );
    expect(list.revisions.map((revision) => [revision.number, revision.origin])).toEqual([[1, "generated"]]);
  });

  it("answers 404 naming a target the course does not have", async () => {
    for (const target of [
      { kind: "lesson", id: "m1-l9" },
      { kind: "section", id: "m1-l1-s42" },
      { kind: "question", id: "m2-l2-q17" },
    ]) {
      const error = await expectError(
        await revise(service, service.users.alice, course.id, { target, instruction: "Simpler." }),
        404,
        "REVISION_TARGET_NOT_FOUND",
      );
      expect(error.message).toContain(target.id);
    }
  });

  it("answers 400 for an empty instruction, one over the cap, and a malformed target", async () => {
    const alice = service.users.alice;
    for (const instruction of ["", "   ", "x".repeat(2_001)]) {
      const error = await expectError(
        await revise(service, alice, course.id, { target: lesson, instruction }),
        400,
        "INVALID_INPUT",
      );
      expect(error.details.field).toBe("instruction");
    }
    await expectError(
      await revise(service, alice, course.id, { target: { kind: "section", id: "m1-l2" }, instruction: "Simpler." }),
      400,
      "INVALID_INPUT",
    );
    await expectError(
      await revise(service, alice, course.id, { target: { kind: "chapter", id: "m1" }, instruction: "Simpler." }),
      400,
      "INVALID_INPUT",
    );
  });

  it("answers 404 to another teacher and to a student, on every revision route", async () => {
    for (const as of [service.users.bob, service.users.student]) {
      await expectError(
        await revise(service, as, course.id, { target: lesson, instruction: "Simpler." }),
        404,
        "NOT_FOUND",
      );
      await expectError(await service.call(`/v1/courses/${course.id}/revisions`, { as }), 404, "NOT_FOUND");
      await expectError(await service.call(`/v1/courses/${course.id}?revision=1`, { as }), 404, "NOT_FOUND");
      await expectError(
        await service.call(`/v1/courses/${course.id}/revisions/diff?from=1&to=1`, { as }),
        404,
        "NOT_FOUND",
      );
      await expectError(
        await service.call(`/v1/courses/${course.id}/revisions/1/restore`, { method: "POST", as }),
        404,
        "NOT_FOUND",
      );
    }
    await expectError(await service.call(`/v1/courses/${course.id}/revisions`), 401, "UNAUTHENTICATED");
    expect((await service.call(`/v1/courses/${course.id}/revisions`, { as: service.users.admin })).status).toBe(200);
  });

  it("answers 404 for a revision number the course does not have", async () => {
    await expectError(
      await service.call(`/v1/courses/${course.id}?revision=7`, { as: service.users.alice }),
      404,
      "REVISION_NOT_FOUND",
    );
  });

  it("answers 409 while the course is already being regenerated, and refuses a restore meanwhile", async () => {
    const alice = service.users.alice;
    const first = await expectJson(
      await revise(service, alice, course.id, { target: lesson, instruction: "Simpler." }),
      202,
      SubmitResponse,
    );
    expect(first.status).toBe("queued");
    const error = await expectError(
      await revise(service, alice, course.id, { target: { kind: "outline" }, instruction: "Shorter titles." }),
      409,
      "REVISION_IN_PROGRESS",
    );
    expect(error.details.jobId).toBe(first.jobId);
    await expectError(
      await service.call(`/v1/courses/${course.id}/revisions/1/restore`, { method: "POST", as: alice }),
      409,
      "REVISION_IS_CURRENT",
    );
    // Once that job is canceled, the course may be regenerated again.
    expect((await service.call(`/v1/jobs/${first.jobId}/cancel`, { method: "POST", as: alice })).status).toBe(200);
    const again = await expectJson(
      await revise(service, alice, course.id, { target: { kind: "outline" }, instruction: "Shorter titles." }),
      202,
      SubmitResponse,
    );
    expect(again.jobId).not.toBe(first.jobId);
    const revisions = z.object({ revisions: z.array(z.unknown()) });
    const list = await expectJson(
      await service.call(`/v1/courses/${course.id}/revisions`, { as: alice }),
      200,
      revisions,
    );
    expect(list.revisions).toHaveLength(1);
  });
});
