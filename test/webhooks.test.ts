import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { appendEvent } from "../src/store/index.ts";
import { createUser, type Caller } from "../src/users/index.ts";
import {
  createWebhooks,
  startWebhookDispatcher,
  type DeliveryAttempt,
  type WebhookDispatcher,
  type Webhooks,
} from "../src/webhooks/index.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";

// The outbox (migration 018's trigger) and the sender against a real receiver over HTTP, on the
// test database: what is queued for whom, what is signed, retried, given up on and replayed.

interface Received {
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

/** A receiver answering each request with the next status of `script` (then the last one). */
async function startReceiver(script: number[], options: { hangMs?: number } = {}) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      const status = script[Math.min(received.length - 1, script.length - 1)]!;
      const answer = () => response.writeHead(status).end("ok");
      if (options.hangMs === undefined) answer();
      else setTimeout(answer, options.hangMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return {
    url,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let testDatabase: TestDatabase;
let webhooks: Webhooks;
let alice: Caller;
let bob: Caller;
let admin: Caller;
const running: (() => Promise<void>)[] = [];
let jobNumber = 0;

async function job(owner: Caller): Promise<string> {
  jobNumber += 1;
  const id = `job_hook${jobNumber}`;
  await testDatabase.db.query(
    "INSERT INTO course_generation_jobs (id, status, request, user_id) VALUES ($1, 'running', '{}'::jsonb, $2)",
    [id, owner.userId],
  );
  return id;
}

async function dispatcher(
  retryDelaysSeconds: number[],
  attempts: DeliveryAttempt[] = [],
  timeoutMs = 2_000,
): Promise<WebhookDispatcher> {
  const started = await startWebhookDispatcher({
    database: testDatabase.db,
    retryDelaysSeconds,
    timeoutMs,
    policy: { allowPrivateNetworks: true },
    userAgent: "Courseforge-Webhooks/test",
    idleCheckMs: 200,
    onAttempt: (attempt) => attempts.push(attempt),
  });
  running.push(() => started.stop());
  return started;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  webhooks = createWebhooks(testDatabase.db, { allowPrivateNetworks: true });
  const user = async (role: "teacher" | "admin", name: string) => {
    const made = await createUser(testDatabase.db, { email: `${name}-hooks@example.com`, role });
    return { userId: made.id, role };
  };
  alice = await user("teacher", "alice");
  bob = await user("teacher", "bob");
  admin = await user("admin", "admin");
});
afterEach(async () => {
  for (const stop of running.splice(0)) await stop();
  await testDatabase.db.query("DELETE FROM webhook_endpoints");
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

describe("the outbox", () => {
  it("queues one delivery per endpoint that wants the event: the owner's and global ones, never another user's", async () => {
    const own = await webhooks.register(alice, { url: "https://platform.example.com/alice" });
    const onlyFailures = await webhooks.register(alice, {
      url: "https://platform.example.com/failures",
      eventTypes: ["course.failed"],
    });
    const everyone = await webhooks.register(admin, { url: "https://platform.example.com/all", global: true });
    const bobs = await webhooks.register(bob, { url: "https://platform.example.com/bob" });
    const jobId = await job(alice);

    await appendEvent(testDatabase.db, jobId, { type: "step.started", data: { type: "step.started", jobId } });
    expect(await webhooks.deliveries(admin, { limit: 50 })).toEqual([]);

    await appendEvent(testDatabase.db, jobId, {
      type: "job.succeeded",
      data: { type: "job.succeeded", jobId, courseId: "crs_hook1" },
    });
    const queued = await webhooks.deliveries(admin, { limit: 50 });
    expect(queued.map((delivery) => delivery.endpointId).sort()).toEqual([own.id, everyone.id].sort());
    expect(queued.map((delivery) => delivery.endpointId)).not.toContain(onlyFailures.id);
    expect(queued.map((delivery) => delivery.endpointId)).not.toContain(bobs.id);
    expect(queued[0]!.payload).toMatchObject({
      type: "course.succeeded",
      data: { jobId, courseId: "crs_hook1", userId: alice.userId },
    });
    expect(queued[0]!.status).toBe("pending");
    // Each user sees the deliveries of their own endpoints only.
    expect(await webhooks.deliveries(bob, { limit: 50 })).toEqual([]);
    expect((await webhooks.deliveries(alice, { limit: 50 })).map((delivery) => delivery.endpointId)).toEqual([own.id]);

    await appendEvent(testDatabase.db, jobId, {
      type: "job.failed",
      data: { type: "job.failed", jobId, code: "LLM_INVALID_OUTPUT", message: "gave up" },
    });
    const failures = await webhooks.deliveries(alice, { endpointId: onlyFailures.id, limit: 50 });
    expect(failures).toHaveLength(1);
    expect(failures[0]!.payload.data).toMatchObject({ code: "LLM_INVALID_OUTPUT", message: "gave up" });
  });
});

describe("the sender", () => {
  it("signs each delivery per Standard Webhooks, so the receiver can verify it with the secret", async () => {
    const receiver = await startReceiver([204]);
    running.push(receiver.close);
    const endpoint = await webhooks.register(alice, { url: receiver.url });
    await dispatcher([1]);
    const jobId = await job(alice);
    await appendEvent(testDatabase.db, jobId, {
      type: "job.awaiting_approval",
      data: { type: "job.awaiting_approval", jobId, outline: {} },
    });
    await until(
      async () => receiver.received.length,
      (count) => count === 1,
    );
    const [message] = receiver.received;
    const verified = new Webhook(endpoint.secret).verify(message!.body, {
      "webhook-id": String(message!.headers["webhook-id"]),
      "webhook-timestamp": String(message!.headers["webhook-timestamp"]),
      "webhook-signature": String(message!.headers["webhook-signature"]),
    });
    expect(verified).toMatchObject({ type: "job.awaiting_approval", data: { jobId } });
    // Another secret does not verify it: the signature is real.
    const other = await webhooks.register(bob, { url: receiver.url });
    expect(() =>
      new Webhook(other.secret).verify(message!.body, {
        "webhook-id": String(message!.headers["webhook-id"]),
        "webhook-timestamp": String(message!.headers["webhook-timestamp"]),
        "webhook-signature": String(message!.headers["webhook-signature"]),
      }),
    ).toThrow();
    const [delivery] = await until(
      () => webhooks.deliveries(alice, { limit: 5 }),
      (rows) => rows[0]?.status === "delivered",
    );
    expect(delivery).toMatchObject({
      attempts: 1,
      lastStatusCode: 204,
      lastError: null,
      id: message!.headers["webhook-id"],
    });
  });

  it("retries a receiver that answers 5xx with the same message id, then gives up after the last wait", async () => {
    const flaky = await startReceiver([503, 500, 200]);
    const down = await startReceiver([500]);
    running.push(flaky.close, down.close);
    await webhooks.register(alice, { url: flaky.url });
    const dead = await webhooks.register(bob, { url: down.url });
    const attempts: DeliveryAttempt[] = [];
    await dispatcher([0.05, 0.05], attempts);
    await appendEvent(testDatabase.db, await job(alice), { type: "job.succeeded", data: { courseId: "crs_a" } });
    await appendEvent(testDatabase.db, await job(bob), { type: "job.succeeded", data: { courseId: "crs_b" } });
    const [delivered] = await until(
      () => webhooks.deliveries(alice, { limit: 5 }),
      (rows) => rows[0]?.status === "delivered",
    );
    expect(delivered!.attempts).toBe(3);
    expect(new Set(flaky.received.map((message) => message.headers["webhook-id"]))).toEqual(new Set([delivered!.id]));
    const [failed] = await until(
      () => webhooks.deliveries(bob, { endpointId: dead.id, limit: 5 }),
      (rows) => rows[0]?.status === "failed",
    );
    expect(failed).toMatchObject({ attempts: 3, lastStatusCode: 500, lastError: "HTTP 500", nextAttemptAt: null });
    expect(down.received).toHaveLength(3);
    expect(attempts.filter((attempt) => attempt.deliveryId === failed!.id).map((attempt) => attempt.status)).toEqual([
      "pending",
      "pending",
      "failed",
    ]);
  });

  it("counts a receiver that does not answer in time as a failed attempt, without holding up other deliveries", async () => {
    const slow = await startReceiver([200], { hangMs: 3_000 });
    const fast = await startReceiver([200]);
    running.push(slow.close, fast.close);
    await webhooks.register(alice, { url: slow.url });
    await webhooks.register(bob, { url: fast.url });
    await dispatcher([60], [], 300);
    await appendEvent(testDatabase.db, await job(alice), { type: "job.succeeded", data: { courseId: "crs_s" } });
    await appendEvent(testDatabase.db, await job(bob), { type: "job.succeeded", data: { courseId: "crs_f" } });
    const [timedOut] = await until(
      () => webhooks.deliveries(alice, { limit: 5 }),
      (rows) => rows[0]?.lastError != null,
    );
    expect(timedOut).toMatchObject({ status: "pending", attempts: 1, lastError: "no answer within 300 ms" });
    expect((await webhooks.deliveries(bob, { limit: 5 }))[0]!.status).toBe("delivered");
  });

  it("replays a failed delivery with the same id and body; another user cannot see or replay it", async () => {
    const receiver = await startReceiver([500, 500, 200]);
    running.push(receiver.close);
    await webhooks.register(alice, { url: receiver.url });
    await dispatcher([]);
    await appendEvent(testDatabase.db, await job(alice), { type: "job.failed", data: { code: "X", message: "y" } });
    const [failed] = await until(
      () => webhooks.deliveries(alice, { limit: 5 }),
      (rows) => rows[0]?.status === "failed",
    );
    await expect(webhooks.replay(bob, failed!.id)).rejects.toMatchObject({ code: "WEBHOOK_NOT_FOUND" });
    await expect(webhooks.deliveries(bob, { endpointId: failed!.endpointId, limit: 5 })).rejects.toMatchObject({
      code: "WEBHOOK_NOT_FOUND",
    });
    expect((await webhooks.replay(alice, failed!.id)).status).toBe("pending");
    await until(
      () => webhooks.deliveries(alice, { limit: 5 }),
      (rows) => rows[0]?.status === "failed" && receiver.received.length === 2,
    );
    expect((await webhooks.replay(admin, failed!.id)).status).toBe("pending");
    const [delivered] = await until(
      () => webhooks.deliveries(alice, { limit: 5 }),
      (rows) => rows[0]?.status === "delivered",
    );
    expect(delivered!.id).toBe(failed!.id);
    expect(new Set(receiver.received.map((message) => message.body)).size).toBe(1);
    expect(new Set(receiver.received.map((message) => message.headers["webhook-id"]))).toEqual(new Set([failed!.id]));
  });

  it("sends each delivery once when several processes run senders at once", async () => {
    const receiver = await startReceiver([200]);
    running.push(receiver.close);
    await webhooks.register(alice, { url: receiver.url });
    const senders = await Promise.all([dispatcher([5]), dispatcher([5]), dispatcher([5])]);
    const jobs = await Promise.all(Array.from({ length: 12 }, () => job(alice)));
    await Promise.all(
      jobs.map((jobId) => appendEvent(testDatabase.db, jobId, { type: "job.succeeded", data: { courseId: "crs_m" } })),
    );
    await Promise.all(senders.map((sender) => sender.deliverDue()));
    await until(
      () => webhooks.deliveries(alice, { status: "delivered", limit: 50 }),
      (rows) => rows.length === 12,
    );
    expect(receiver.received).toHaveLength(12);
    expect(new Set(receiver.received.map((message) => message.headers["webhook-id"])).size).toBe(12);
  });
});

describe("endpoints", () => {
  it("keeps one user's endpoints from another, shows no secret after registering, and deletes only one's own", async () => {
    const endpoint = await webhooks.register(alice, { url: "https://platform.example.com/a", description: "LMS" });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const listed = await webhooks.list(alice);
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(endpoint.secret);
    expect(await webhooks.list(bob)).toEqual([]);
    expect((await webhooks.list(admin)).map((entry) => entry.id)).toContain(endpoint.id);
    await expect(webhooks.remove(bob, endpoint.id)).rejects.toMatchObject({ code: "WEBHOOK_NOT_FOUND" });
    await expect(webhooks.register(bob, { url: "https://x.example.com", global: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await webhooks.remove(alice, endpoint.id);
    expect(await webhooks.list(alice)).toEqual([]);
  });
});
