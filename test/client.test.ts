import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCourseforgeClient, CourseforgeApiError, dataOf } from "../src/client/index.ts";
import { startTestService, type TestService } from "./support/http-service.ts";

// The typed client against the real API (its Hono app, a real database, a worker on the simulator):
// typed calls, errors as CourseforgeApiError, and a job's events followed to the end.

let service: TestService;

beforeAll(async () => {
  service = await startTestService({ worker: true });
});
afterAll(async () => {
  await service?.cleanup();
});

const clientFor = (token: string | undefined) =>
  createCourseforgeClient({
    baseUrl: "http://courseforge.test",
    token,
    fetch: async (input, init) => service.app.request(new Request(input, init)),
  });

describe("courseforge/client", () => {
  it("submits a course, follows its events to the end and reads the course, all typed", async () => {
    const client = clientFor(service.users.alice.token);
    const { jobId } = await dataOf(
      client.POST("/v1/courses", { body: { topic: "Glaciers", modules: 1, lessonsPerModule: 1 } }),
    );
    const types: string[] = [];
    for await (const event of client.jobEvents(jobId)) types.push(event.type);
    expect(types[0]).toBe("job.queued");
    expect(types.at(-1)).toBe("job.succeeded");
    const job = await dataOf(client.GET("/v1/jobs/{id}", { params: { path: { id: jobId } } }));
    expect(job.status).toBe("succeeded");
    const course = await dataOf(client.GET("/v1/courses/{id}", { params: { path: { id: job.courseId! } } }));
    expect(course.topic).toBe("Glaciers");
  });

  it("throws the API's errors with their code, status and details", async () => {
    const client = clientFor(service.users.bob.token);
    const missing = await dataOf(client.GET("/v1/jobs/{id}", { params: { path: { id: "job_nothere" } } })).catch(
      (error: unknown) => error,
    );
    expect(missing).toBeInstanceOf(CourseforgeApiError);
    expect(missing).toMatchObject({ status: 404, code: "NOT_FOUND" });
    const invalid = await dataOf(
      client.POST("/v1/courses", { body: { topic: "", modules: 1, lessonsPerModule: 1 } }),
    ).catch((error: unknown) => error);
    expect(invalid).toMatchObject({ status: 400, code: "INVALID_INPUT", details: { field: "topic" } });
    const anonymous = await dataOf(clientFor(undefined).GET("/v1/me")).catch((error: unknown) => error);
    expect(anonymous).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    const events = clientFor(service.users.bob.token).jobEvents("job_nothere");
    await expect(events.next()).rejects.toMatchObject({ status: 404, code: "NOT_FOUND" });
  });
});
