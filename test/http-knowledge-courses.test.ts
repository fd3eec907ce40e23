// `POST /v1/courses` with `knowledge`: the material is checked at submission (400 naming what is
// missing or not the caller's), and the worker writes the course from it with citations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Course } from "../src/course/index.ts";
import { expectError, sendJson, waitForStatus } from "./support/http-helpers.ts";
import { startTestService, type TestService } from "./support/http-service.ts";

const notes = `# Tides\n\nThe moon's gravity pulls the oceans and raises tides twice a day.\n\n## Spring tides\n\nWhen the sun and the moon line up, spring tides are the highest tides of the month.\n`;

describe("courses grounded on the knowledge base over HTTP", () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({ worker: true, knowledge: true });
    const body = new FormData();
    body.append("collection", "oceans");
    body.append("file", new Blob([notes]), "tides.md");
    const uploaded = (await (
      await service.call("/v1/knowledge/documents", { method: "POST", body, as: service.users.alice })
    ).json()) as {
      documents: { id: string }[];
    };
    for (let attempt = 0; attempt < 200; attempt++) {
      const document = (await (
        await service.call(`/v1/knowledge/documents/${uploaded.documents[0]!.id}`, { as: service.users.alice })
      ).json()) as {
        status: string;
      };
      if (document.status !== "pending") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(async () => service?.cleanup());

  const request = (knowledge: unknown) => ({ topic: "Tides", modules: 1, lessonsPerModule: 1, knowledge });

  it("refuses material that does not exist for the caller, naming it", async () => {
    const foreign = await expectError(
      await sendJson(service, "/v1/courses", service.users.bob, request({ collections: ["oceans"] })),
      400,
      "INVALID_INPUT",
    );
    expect(foreign.message).toContain('Collection "oceans" does not exist');
    const deleted = await expectError(
      await sendJson(service, "/v1/courses", service.users.alice, request({ documents: ["doc_0000000000000000000"] })),
      400,
      "INVALID_INPUT",
    );
    expect(deleted.message).toContain('Document "doc_0000000000000000000" does not exist (or was deleted)');
    await expectError(await sendJson(service, "/v1/courses", service.users.alice, request({})), 400, "INVALID_INPUT");
  });

  it("generates the course from the collection, with citations", async () => {
    const submitted = await sendJson(service, "/v1/courses", service.users.alice, request({ collections: ["oceans"] }));
    expect(submitted.status).toBe(202);
    const { jobId } = (await submitted.json()) as { jobId: string };
    const job = await waitForStatus(service, service.users.alice, jobId, ["succeeded", "failed"]);
    expect(job.status).toBe("succeeded");
    const course = (await (
      await service.call(`/v1/courses/${job.courseId}`, { as: service.users.alice })
    ).json()) as Course;
    expect(course.generation.grounded).toBe(true);
    const citations = course.modules[0]!.lessons[0]!.sections.flatMap((section) => section.citations ?? []);
    expect(citations.length).toBeGreaterThan(0);
    expect(citations.every((citation) => notes.includes(citation.quote))).toBe(true);
  });
});
