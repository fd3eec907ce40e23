import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpService } from "../src/app/index.ts";
import { startHttpServer, type RunningHttpServer } from "../src/http/index.ts";
import { SubmitResponse } from "../src/http/schemas.ts";
import { createCourseJobs } from "../src/jobs/index.ts";
import { appendEvent, appendEvents, createJobEventFeed, listEvents } from "../src/store/index.ts";
import { countStatements } from "../bench/support/counting-database.ts";
import { testBackend } from "./support/database.ts";
import { startTestService, type TestService, type TestUser } from "./support/http-service.ts";
import { expectError, expectJson } from "./support/http-helpers.ts";

// Event streams are pushed (a notification per commit of events, one listening connection per
// database), capped per user, and replay exactly: no event missed, none sent twice, also while
// events are written concurrently and clients reconnect with Last-Event-ID.

let service: TestService;
let server: RunningHttpServer;
const maxStreamsPerUser = 3;
beforeAll(async () => {
  // No worker: jobs stay queued and their streams stay open; the tests write the events.
  service = await startTestService({
    environment: { COURSEFORGE_MAX_STREAMS_PER_USER: String(maxStreamsPerUser) },
  });
  server = await startHttpServer(
    createHttpService({
      database: service.testDatabase.db,
      queue: service.queue,
      jobs: service.jobs,
      config: service.config,
      // Only a notification can wake a stream within these tests: the sweep is far away.
      eventFeed: createJobEventFeed(service.testDatabase.db, { sweepIntervalMs: 600_000 }),
    }).app,
    { port: 0 },
  );
});
afterAll(async () => {
  await server?.close();
  await service?.cleanup();
});

interface ReceivedEvent {
  readonly id: number;
  readonly type: string;
}

/** An open event stream, read as it arrives (as EventSource does), until closed or ended. */
interface OpenStream {
  readonly events: ReceivedEvent[];
  readonly ended: Promise<void>;
  /** Resolves once `count` events have arrived (rejects after `timeoutMs`). */
  waitForEvents(count: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

async function openStream(baseUrl: string, path: string, user: TestUser, lastEventId?: number): Promise<OpenStream> {
  const aborter = new AbortController();
  const response = await fetch(`${baseUrl}${path}`, {
    headers: {
      authorization: `Bearer ${user.token}`,
      ...(lastEventId === undefined ? {} : { "last-event-id": String(lastEventId) }),
    },
    signal: aborter.signal,
  });
  if (response.status !== 200) throw new Error(`${response.status}: ${await response.text()}`);
  const events: ReceivedEvent[] = [];
  const waiters = new Set<() => void>();
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const ended = (async () => {
    let buffer = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += value;
        let boundary: number;
        while ((boundary = buffer.indexOf("\n\n")) !== -1) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const id = /^id: (\d+)$/m.exec(block)?.[1];
          const type = /^event: (.+)$/m.exec(block)?.[1];
          if (id !== undefined && type !== undefined) events.push({ id: Number(id), type });
          for (const wake of waiters) wake();
        }
      }
    } catch (error) {
      if (!aborter.signal.aborted) throw error;
    }
  })();
  return {
    events,
    ended,
    async waitForEvents(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${events.length} of ${count} events arrived`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, 50);
          waiters.add(done);
          function done() {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          }
        });
      }
    },
    close: () => aborter.abort(),
  };
}

async function submitJob(user: TestUser, topic: string): Promise<{ jobId: string; eventsPath: string }> {
  const submitted = await expectJson(
    await service.call("/v1/courses", {
      method: "POST",
      as: user,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ topic, modules: 1, lessonsPerModule: 1 }),
    }),
    202,
    SubmitResponse,
  );
  return { jobId: submitted.jobId, eventsPath: submitted.links.events };
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe("the cap on open streams per user", () => {
  it("answers 429 TOO_MANY_STREAMS with Retry-After beyond the cap, per user, and frees a slot when a stream closes", async () => {
    const { alice, bob } = service.users;
    const job = await submitJob(alice, "Glaciers");
    const streams: OpenStream[] = [];
    for (let index = 0; index < maxStreamsPerUser; index += 1) {
      const stream = await openStream(server.url, job.eventsPath, alice);
      await stream.waitForEvents(1);
      streams.push(stream);
    }
    const refused = await fetch(`${server.url}${job.eventsPath}`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(refused.headers.get("retry-after")).toBe("10");
    const error = await expectError(refused, 429, "TOO_MANY_STREAMS");
    expect(error.message).toContain(`${maxStreamsPerUser} event streams open`);
    expect(error.details).toMatchObject({ limit: maxStreamsPerUser });

    // Another user's streams are counted apart.
    const bobJob = await submitJob(bob, "Fjords");
    const bobStream = await openStream(server.url, bobJob.eventsPath, bob);
    await bobStream.waitForEvents(1);
    bobStream.close();

    // Closing a stream gives its slot back (the server notices the disconnect).
    streams.pop()!.close();
    let reopened: Response | undefined;
    for (let attempt = 0; attempt < 100 && reopened?.status !== 200; attempt += 1) {
      if (attempt > 0) await pause(20);
      await reopened?.body?.cancel();
      reopened = await fetch(`${server.url}${job.eventsPath}`, { headers: { authorization: `Bearer ${alice.token}` } });
    }
    expect(reopened?.status).toBe(200);
    await reopened?.body?.cancel();
    for (const stream of streams) stream.close();
  });
});

describe("pushed, not polled", () => {
  it("runs no statement while the job is quiet, and delivers a stored event at once", async () => {
    const { alice } = service.users;
    const counting = countStatements(service.testDatabase.db);
    const { app } = createHttpService({
      database: counting.database,
      queue: service.queue,
      jobs: createCourseJobs({ database: counting.database, queue: service.queue }),
      config: { ...service.config, streams: { maxPerUser: 100 } },
      eventFeed: createJobEventFeed(counting.database, { sweepIntervalMs: 600_000 }),
    });
    const own = await startHttpServer(app, { port: 0 });
    const streams: OpenStream[] = [];
    try {
      const job = await submitJob(alice, "Tides");
      for (let index = 0; index < 20; index += 1) streams.push(await openStream(own.url, job.eventsPath, alice));
      await Promise.all(streams.map((stream) => stream.waitForEvents(1)));
      const quietFrom = counting.statements();
      // Six 250 ms intervals: streams that poll would have run at least 120 statements.
      await pause(1_500);
      expect(counting.statements() - quietFrom).toBe(0);

      const started = performance.now();
      await appendEvent(service.testDatabase.db, job.jobId, { type: "job.started", data: { jobId: job.jobId } });
      await Promise.all(streams.map((stream) => stream.waitForEvents(2, 3_000)));
      expect(performance.now() - started).toBeLessThan(2_000);
      for (const stream of streams)
        expect(stream.events.map((event) => event.type)).toEqual(["job.queued", "job.started"]);
      // One read per stream for the new event (the job's visibility to the caller, then its events).
      expect(counting.statements() - quietFrom).toBe(2 * streams.length);
    } finally {
      for (const stream of streams) stream.close();
      await own.close();
    }
  });
});

describe("the feed's sweep", () => {
  it("ends the stream of a job that ended without a terminal event (its worker died in between)", async () => {
    const { alice } = service.users;
    const { app } = createHttpService({
      database: service.testDatabase.db,
      queue: service.queue,
      jobs: service.jobs,
      config: service.config,
      eventFeed: createJobEventFeed(service.testDatabase.db, { sweepIntervalMs: 100 }),
      eventStream: { terminalGraceMs: 50 },
    });
    const own = await startHttpServer(app, { port: 0 });
    try {
      const job = await submitJob(alice, "Moraines");
      const stream = await openStream(own.url, job.eventsPath, alice);
      await stream.waitForEvents(1);
      // The status changes, no event is stored: no notification, only the sweep sees it.
      await service.testDatabase.db.query(
        `UPDATE course_generation_jobs SET status = 'failed', finished_at = now() WHERE id = $1`,
        [job.jobId],
      );
      await stream.ended;
      expect(stream.events.map((event) => event.type)).toEqual(["job.queued"]);
    } finally {
      await own.close();
    }
  });
});

describe("exact replay", () => {
  it("sends every event once, in order, while writers append concurrently and the client reconnects with Last-Event-ID", async () => {
    const { alice } = service.users;
    const job = await submitJob(alice, "Estuaries");
    const writers = 4;
    const batchesPerWriter = 15;
    const received: ReceivedEvent[] = [];
    let stream = await openStream(server.url, job.eventsPath, alice);
    const writing = Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        for (let batch = 0; batch < batchesPerWriter; batch += 1) {
          const events = Array.from({ length: 1 + (batch % 3) }, (_, index) => ({
            type: "step.progress",
            data: { writer, batch, index },
          }));
          await appendEvents(service.testDatabase.db, job.jobId, events);
          if (batch % 4 === writer) await pause(5);
        }
      }),
    );
    // Reconnect every few events while the writers run, resuming after the last event received.
    let done = false;
    void writing.then(() => (done = true));
    while (!done) {
      // At least one more event, unless the writers finished meanwhile.
      await stream.waitForEvents(stream.events.length + 1, 1_000).catch(() => undefined);
      await pause(15);
      stream.close();
      await stream.ended;
      received.push(...stream.events);
      stream = await openStream(server.url, job.eventsPath, alice, received.at(-1)?.id ?? 0);
    }
    await writing;
    await appendEvent(service.testDatabase.db, job.jobId, { type: "job.canceled", data: { jobId: job.jobId } });
    await stream.ended;
    received.push(...stream.events);

    const stored = await listEvents(service.testDatabase.db, job.jobId);
    // job.queued, each writer's 15 batches of 1, 2 or 3 events, job.canceled.
    expect(stored.length).toBe(1 + writers * 30 + 1);
    expect(received.map((event) => event.id)).toEqual(stored.map((event) => event.id));
    expect(received.at(-1)?.type).toBe("job.canceled");
  });

  it.runIf(testBackend() === "postgres")(
    "keeps a job's events in commit order: a writer of the same job waits for the one before it",
    async () => {
      const { alice } = service.users;
      const database = service.testDatabase.db;
      const job = await submitJob(alice, "Deltas");
      const stream = await openStream(server.url, job.eventsPath, alice);
      await stream.waitForEvents(1);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      // The first writer stores an event and holds its transaction open; the second stores one
      // meanwhile. Had the second committed first (a higher id), the stream woken by it would have
      // moved past the first one's id before that committed, and never sent it.
      const first = database.transaction(async (transaction) => {
        await appendEvent(transaction, job.jobId, { type: "step.started", data: { writer: 1 } });
        await gate;
      });
      await pause(100);
      const second = appendEvent(database, job.jobId, { type: "step.started", data: { writer: 2 } });
      await pause(300);
      release();
      await Promise.all([first, second]);
      await appendEvent(database, job.jobId, { type: "job.canceled", data: { jobId: job.jobId } });
      await stream.ended;
      const stored = await listEvents(database, job.jobId);
      expect(stored.map((event) => (event.data as { writer?: number }).writer)).toEqual([undefined, 1, 2, undefined]);
      expect(stream.events.map((event) => event.id)).toEqual(stored.map((event) => event.id));
    },
  );
});
