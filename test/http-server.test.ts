import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer, type CourseJobs, type RunningHttpServer } from "../src/http/index.ts";
import { createHttpService } from "../src/app/index.ts";
import { JobResponse, SubmitResponse } from "../src/http/schemas.ts";
import { startTestService, type TestService } from "./support/http-service.ts";
import { expectError, expectJson, waitForStatus } from "./support/http-helpers.ts";
import { readSse, type SseEvent } from "./support/sse.ts";

// The API over a real port (@hono/node-server): requests, body limits on a real socket, and an
// event-stream client that disconnects and reconnects with Last-Event-ID without missing or
// repeating an event.

let service: TestService;
let server: RunningHttpServer;
beforeAll(async () => {
  service = await startTestService({ worker: true });
  server = await startHttpServer(service.app, { port: 0 });
});
afterAll(async () => {
  await server?.close();
  await service?.cleanup();
});

function authorized(token: string, headers: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...headers };
}

describe("over a real port", () => {
  it("serves health, auth errors and a submission", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok" });
    await expectError(await fetch(`${server.url}/v1/courses`), 401, "UNAUTHENTICATED");
    const response = await fetch(`${server.url}/v1/courses`, {
      method: "POST",
      headers: authorized(service.users.alice.token, { "content-type": "application/json" }),
      body: JSON.stringify({ topic: "Rivers", modules: 1, lessonsPerModule: 1 }),
    });
    const submitted = await expectJson(response, 202, SubmitResponse);
    expect(response.headers.get("location")).toBe(`/v1/jobs/${submitted.jobId}`);
    await waitForStatus(service, service.users.alice, submitted.jobId, ["succeeded"]);
  });

  it("refuses bodies over 1 MB, declared or chunked, and keeps serving", async () => {
    const before = await service.testDatabase.db.query<{ count: number }>(
      "SELECT count(*) AS count FROM course_generation_jobs",
    );
    const big = JSON.stringify({ topic: "x".repeat(2 * 1024 * 1024) });
    const declared = await fetch(`${server.url}/v1/courses`, {
      method: "POST",
      headers: authorized(service.users.alice.token, { "content-type": "application/json" }),
      body: big,
    });
    await expectError(declared, 413, "PAYLOAD_TOO_LARGE");
    const encoder = new TextEncoder();
    let sent = 0;
    const chunked = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(encoder.encode('{"topic":"'));
        if (sent > 3 * 1024 * 1024) return controller.close();
        sent += 64 * 1024;
        controller.enqueue(encoder.encode("y".repeat(64 * 1024)));
      },
    });
    const streamed = await fetch(`${server.url}/v1/courses`, {
      method: "POST",
      headers: authorized(service.users.alice.token, { "content-type": "application/json" }),
      body: chunked,
      duplex: "half",
    } as RequestInit);
    await expectError(streamed, 413, "PAYLOAD_TOO_LARGE");
    expect(await service.testDatabase.db.query("SELECT count(*) AS count FROM course_generation_jobs")).toEqual(before);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("event stream with reconnection", () => {
  it("replays from Last-Event-ID so that a reconnecting client misses nothing and sees nothing twice", async () => {
    const { alice } = service.users;
    const token = alice.token;
    const submitted = await expectJson(
      await fetch(`${server.url}/v1/courses`, {
        method: "POST",
        headers: authorized(token, { "content-type": "application/json" }),
        body: JSON.stringify({ topic: "Glaciers", modules: 1, lessonsPerModule: 2, reviewOutline: true }),
      }),
      202,
      SubmitResponse,
    );
    const eventsUrl = `${server.url}${submitted.links.events}`;
    const received: SseEvent[] = [];

    // 1: the client drops after two events.
    const first = await readSse(await fetch(eventsUrl, { headers: authorized(token) }), {
      stopAfter: (_event, read) => read.length === 2,
    });
    expect(first.ended).toBe(false);
    expect(first.retry).toBe(2000);
    received.push(...first.events);

    // 2: reconnects where it left off and follows until the job pauses for review, then drops again.
    const second = await readSse(
      await fetch(eventsUrl, { headers: authorized(token, { "last-event-id": received.at(-1)!.id! }) }),
      {
        stopAfter: (event) => event.event === "job.awaiting_approval",
      },
    );
    expect(second.ended).toBe(false);
    received.push(...second.events);

    // While nobody listens, the job goes on.
    await expectJson(
      await fetch(`${server.url}${submitted.links.approve}`, { method: "POST", headers: authorized(token) }),
      200,
      JobResponse,
    );
    await waitForStatus(service, alice, submitted.jobId, ["succeeded", "failed"]);

    // 3: reconnects and gets the rest; the server ends the stream after the terminal event.
    const third = await readSse(
      await fetch(eventsUrl, { headers: authorized(token, { "last-event-id": received.at(-1)!.id! }) }),
    );
    expect(third.ended).toBe(true);
    received.push(...third.events);

    const stored = await service.testDatabase.db.query<{ id: number; type: string; data: unknown }>(
      `SELECT id, type, data FROM course_generation_events WHERE job_id = $1 ORDER BY id`,
      [submitted.jobId],
    );
    expect(stored.length).toBeGreaterThan(8);
    expect(received.map((event) => Number(event.id))).toEqual(stored.map((row) => row.id));
    expect(received.map((event) => event.event)).toEqual(stored.map((row) => row.type));
    expect(received.map((event) => JSON.parse(event.data) as unknown)).toEqual(stored.map((row) => row.data));
    expect(received.at(-1)?.event).toBe("job.succeeded");

    // ?after= does the same for clients that cannot set headers.
    const middle = stored[4]!.id;
    const resumed = await readSse(await fetch(`${eventsUrl}?after=${middle}`, { headers: authorized(token) }));
    expect(resumed.events.map((event) => Number(event.id))).toEqual(
      stored.filter((row) => row.id > middle).map((row) => row.id),
    );
    // A client reconnecting after the end gets an empty stream that ends at once.
    const after = await readSse(
      await fetch(eventsUrl, { headers: authorized(token, { "last-event-id": String(stored.at(-1)!.id) }) }),
    );
    expect(after).toMatchObject({ events: [], ended: true });
  });

  it("keeps an idle stream open with comment lines", async () => {
    const { alice } = service.users;
    const submitted = await expectJson(
      await fetch(`${server.url}/v1/courses`, {
        method: "POST",
        headers: authorized(alice.token, { "content-type": "application/json" }),
        body: JSON.stringify({ topic: "Deserts", modules: 1, lessonsPerModule: 1, reviewOutline: true }),
      }),
      202,
      SubmitResponse,
    );
    await waitForStatus(service, alice, submitted.jobId, ["awaiting_approval"]);
    const app = createHttpService({
      database: service.testDatabase.db,
      queue: service.queue,
      jobs: service.jobs,
      config: service.config,
      eventStream: { keepAliveMs: 50 },
    }).app;
    const response = await app.request(submitted.links.events, { headers: authorized(alice.token) });
    const read = await readSse(response, { stopAfterComment: (comment) => comment === "keep-alive" });
    expect(read.ended).toBe(false);
    expect(read.events.at(-1)?.event).toBe("job.awaiting_approval");
    expect(read.comments).toContain("keep-alive");
    await fetch(`${server.url}${submitted.links.cancel}`, { method: "POST", headers: authorized(alice.token) });
  });

  it("stops reading events for a client that went away", async () => {
    const { alice } = service.users;
    let polls = 0;
    // The real service, counted: how often the stream asks for new events.
    const jobs: CourseJobs = {
      ...service.jobs,
      events: (...args) => {
        polls += 1;
        return service.jobs.events(...args);
      },
    };
    const app = createHttpService({
      database: service.testDatabase.db,
      queue: service.queue,
      jobs,
      config: service.config,
    }).app;
    const own = await startHttpServer(app, { port: 0 });
    try {
      const submitted = await expectJson(
        await fetch(`${own.url}/v1/courses`, {
          method: "POST",
          headers: authorized(alice.token, { "content-type": "application/json" }),
          body: JSON.stringify({ topic: "Lakes", modules: 1, lessonsPerModule: 1, reviewOutline: true }),
        }),
        202,
        SubmitResponse,
      );
      await waitForStatus(service, alice, submitted.jobId, ["awaiting_approval"]);
      const read = await readSse(
        await fetch(`${own.url}${submitted.links.events}`, { headers: authorized(alice.token) }),
        {
          stopAfter: (event) => event.event === "job.awaiting_approval",
        },
      );
      expect(read.ended).toBe(false);
      // Give the server a moment to see the client go, then make the job move: a stream still
      // running would be woken by the cancel's event and read it.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const atDisconnect = polls;
      await fetch(`${own.url}${submitted.links.cancel}`, { method: "POST", headers: authorized(alice.token) });
      // Follow the job to its end through the service's own app (not counted): by then the
      // cancel's event is stored and announced to every listener.
      const control = await readSse(await service.call(submitted.links.events, { as: alice }), {
        stopAfter: (event) => event.event === "job.canceled",
      });
      expect(control.events.map((event) => event.event)).toContain("job.canceled");
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(polls - atDisconnect).toBe(0);
    } finally {
      await own.close();
    }
  });
});
