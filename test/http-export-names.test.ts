import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCourse } from "./support/course-fixtures.ts";
import { insertJob, storeSucceededCourse } from "../src/store/index.ts";
import { startTestService, type TestService } from "./support/http-service.ts";

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.cleanup();
});

async function storeCourseTitled(title: string, suffix: string): Promise<string> {
  const course = { ...sampleCourse(), id: `crs_names${suffix}`, title };
  const jobId = `job_names${suffix}`;
  await insertJob(service.testDatabase.db, { id: jobId, request: { topic: title } });
  await storeSucceededCourse(service.testDatabase.db, jobId, course, { type: "job.succeeded", data: {} });
  return course.id;
}

async function dispositionOf(courseId: string, format: "json" | "markdown"): Promise<string | null> {
  const response = await service.call(`/v1/courses/${courseId}/export?format=${format}`, { as: service.users.admin });
  expect(response.status).toBe(200);
  return response.headers.get("content-disposition");
}

describe("export file names", () => {
  it("names the file after a Latin title, accents dropped", async () => {
    const id = await storeCourseTitled("Photosynthèse pour débutants", "latin");
    expect(await dispositionOf(id, "json")).toBe(
      `attachment; filename="photosynthese-pour-debutants-${id}.json"; filename*=UTF-8''photosynthese-pour-debutants-${id}.json`,
    );
  });

  it("keeps a non-Latin title in filename* and gives ASCII-only clients the course id", async () => {
    const id = await storeCourseTitled("Фотосинтез", "cyrillic");
    const disposition = await dispositionOf(id, "markdown");
    expect(disposition).toBe(
      `attachment; filename="${id}.md"; filename*=UTF-8''${encodeURIComponent(`фотосинтез-${id}.md`)}`,
    );
  });

  it("falls back to the course id for a title with no letters (emoji)", async () => {
    const id = await storeCourseTitled("🌋🔥", "emoji");
    expect(await dispositionOf(id, "json")).toBe(`attachment; filename="${id}.json"; filename*=UTF-8''${id}.json`);
  });
});
