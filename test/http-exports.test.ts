import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCourse } from "./support/course-fixtures.ts";
import { hostileCourse } from "./support/export-fixtures.ts";
import { SubmitResponse } from "../src/http/schemas.ts";
import { expectError, expectJson, sendJson } from "./support/http-helpers.ts";
import { startTestService, type TestService } from "./support/http-service.ts";
import { readZip } from "./support/zip-reader.ts";

// The export route on a real database, without a worker: courses are stored directly, and a
// submitted job stays queued ("still generating").
let service: TestService;
const course = { ...hostileCourse(), id: "crs_exported" };
beforeAll(async () => {
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

const exportOf = (id: string, format: string) => `/v1/courses/${id}/export?format=${format}`;

describe("GET /v1/courses/:id/export", () => {
  it.each([
    ["json", "application/json; charset=utf-8", "json"],
    ["markdown", "text/markdown; charset=utf-8", "md"],
    ["html", "text/html; charset=utf-8", "html"],
    ["scorm12", "application/zip", "scorm12.zip"],
    ["cc", "application/vnd.ims.imscc+zip", "imscc"],
  ])("serves %s as %s under a stable name", async (format, contentType, extension) => {
    const response = await service.call(exportOf(course.id, format), { as: service.users.alice });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(contentType);
    const disposition = response.headers.get("content-disposition");
    expect(disposition).toMatch(
      // The ASCII name, and the same name as UTF-8 for clients that read `filename*` (RFC 6266).
      new RegExp(
        `^attachment; filename="([a-z0-9-]*-?crs_exported\\.${extension.replace(".", "\\.")})"; filename\\*=UTF-8''\\1$`,
      ),
    );
    const again = await service.call(exportOf(course.id, format), { as: service.users.alice });
    expect(again.headers.get("content-disposition")).toBe(disposition);
    const body = Buffer.from(await response.arrayBuffer());
    expect(Buffer.from(await again.arrayBuffer()).equals(body)).toBe(true);
    if (extension.endsWith("zip") || extension === "imscc") expect(readZip(body).has("imsmanifest.xml")).toBe(true);
  });

  it("answers an unknown format with 400 listing the formats", async () => {
    const error = await expectError(
      await service.call(exportOf(course.id, "pdf"), { as: service.users.alice }),
      400,
      "INVALID_INPUT",
    );
    expect(error.details.field).toBe("format");
    expect(error.message).toContain("json, markdown, html, scorm12, cc");
  });

  it("answers 404 for a course the caller cannot read, 200 for an admin", async () => {
    await expectError(await service.call(exportOf(course.id, "html"), { as: service.users.bob }), 404, "NOT_FOUND");
    await expectError(await service.call(exportOf(course.id, "html"), { as: service.users.student }), 404, "NOT_FOUND");
    expect((await service.call(exportOf(course.id, "html"), { as: service.users.admin })).status).toBe(200);
    expect((await service.call(exportOf(course.id, "html"))).status).toBe(401);
  });

  it("answers 409 while the course of a job is still generating, 404 once the job failed", async () => {
    const submitted = await expectJson(
      await sendJson(service, "/v1/courses", service.users.alice, { topic: "Tides", modules: 1, lessonsPerModule: 1 }),
      202,
      SubmitResponse,
    );
    const generating = await expectError(
      await service.call(exportOf(submitted.jobId, "scorm12"), { as: service.users.alice }),
      409,
      "COURSE_NOT_READY",
    );
    expect(generating.message).toBe(`The course of job ${submitted.jobId} is still generating (queued).`);
    await expectError(
      await service.call(exportOf(submitted.jobId, "scorm12"), { as: service.users.bob }),
      404,
      "NOT_FOUND",
    );
    await service.testDatabase.db.query(`UPDATE course_generation_jobs SET status = 'failed' WHERE id = $1`, [
      submitted.jobId,
    ]);
    await expectError(
      await service.call(exportOf(submitted.jobId, "scorm12"), { as: service.users.alice }),
      404,
      "NOT_FOUND",
    );
  });

  it("exports the course of a succeeded job by the job's id", async () => {
    const submitted = await expectJson(
      await sendJson(service, "/v1/courses", service.users.alice, { topic: "Moons", modules: 1, lessonsPerModule: 1 }),
      202,
      SubmitResponse,
    );
    const stored = { ...sampleCourse(), id: "crs_of_job" };
    await service.testDatabase.db.query(
      `INSERT INTO courses (id, title, topic, language, format_version, document, user_id, job_id) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
      [
        stored.id,
        stored.title,
        stored.topic,
        stored.language,
        stored.formatVersion,
        JSON.stringify(stored),
        service.users.alice.id,
        submitted.jobId,
      ],
    );
    await service.testDatabase.db.query(
      `UPDATE course_generation_jobs SET status = 'succeeded', course_id = $2 WHERE id = $1`,
      [submitted.jobId, stored.id],
    );
    const response = await service.call(exportOf(submitted.jobId, "markdown"), { as: service.users.alice });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^# Photosynthesis from light to sugar\n/);
  });
});
