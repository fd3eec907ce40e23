import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SubmitResponse } from "../src/http/schemas.ts";
import { startTestService, type TestService } from "./support/http-service.ts";
import { expectJson, sendJson, waitForStatus } from "./support/http-helpers.ts";

let service: TestService;
beforeAll(async () => {
  service = await startTestService({ worker: true });
});
afterAll(async () => {
  await service?.cleanup();
});

// The README's curl flow follows these links: the 202 must say where the job, its events and the course are.
describe("POST /v1/courses answers with links to follow", () => {
  it("links the job and its events at once, and the course once the job has succeeded", async () => {
    const { alice } = service.users;
    const body = { topic: "Tides and the Moon", modules: 1, lessonsPerModule: 1 };
    const headers = { "Idempotency-Key": "links-after-success" };
    const first = await expectJson(
      await sendJson(service, "/v1/courses", alice, body, { headers }),
      202,
      SubmitResponse,
    );
    expect(first.links).toMatchObject({ self: `/v1/jobs/${first.jobId}`, events: `/v1/jobs/${first.jobId}/events` });
    expect(first.links.course).toBeUndefined();

    const { courseId } = await waitForStatus(service, alice, first.jobId, ["succeeded"]);
    const replayed = await expectJson(
      await sendJson(service, "/v1/courses", alice, body, { headers }),
      202,
      SubmitResponse,
    );
    expect(replayed).toMatchObject({ jobId: first.jobId, created: false, status: "succeeded" });
    expect(replayed.links.course).toBe(`/v1/courses/${courseId}`);
    expect((await service.call(replayed.links.course!, { as: alice })).status).toBe(200);
  });
});
