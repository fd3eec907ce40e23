import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SubmitResponse } from "../src/http/schemas.ts";
import {
  RegisteredWebhookResponse,
  WebhookDeliveriesResponse,
  WebhookEndpointsResponse,
} from "../src/http/webhook-schemas.ts";
import { startWebhookDispatcher, type WebhookDispatcher } from "../src/webhooks/index.ts";
import { expectError, expectJson, sendJson, waitForStatus } from "./support/http-helpers.ts";
import { startTestService, type TestService } from "./support/http-service.ts";

// Webhooks end to end over the API: a teacher registers an endpoint, generates a course on the
// simulator, and the platform's receiver gets a signed `course.succeeded` naming the course.

let service: TestService;
let dispatcher: WebhookDispatcher;
let receiver: ReturnType<typeof createServer>;
let receiverUrl: string;
const received: { headers: IncomingMessage["headers"]; body: string }[] = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/courseforge`;
  service = await startTestService({
    worker: true,
    environment: { COURSEFORGE_WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true" },
  });
  dispatcher = await startWebhookDispatcher({
    database: service.testDatabase.db,
    retryDelaysSeconds: service.config.webhooks.retryDelaysSeconds,
    timeoutMs: service.config.webhooks.timeoutSeconds * 1_000,
    policy: { allowPrivateNetworks: service.config.webhooks.allowPrivateNetworks },
    userAgent: "Courseforge-Webhooks/test",
  });
});
afterAll(async () => {
  await dispatcher?.stop();
  await service?.cleanup();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
});

describe("webhooks over the API", () => {
  it("tells the teacher's endpoint, signed, when their course is ready", async () => {
    const { alice, bob } = service.users;
    const registered = await expectJson(
      await sendJson(service, "/v1/webhooks", alice, { url: receiverUrl, eventTypes: ["course.succeeded"] }),
      201,
      RegisteredWebhookResponse,
    );
    const listed = await expectJson(await service.call("/v1/webhooks", { as: alice }), 200, WebhookEndpointsResponse);
    expect(listed.endpoints.map((endpoint) => endpoint.id)).toEqual([registered.id]);
    expect(JSON.stringify(listed)).not.toContain(registered.secret);

    const { jobId } = await expectJson(
      await sendJson(service, "/v1/courses", alice, { topic: "Tides", modules: 1, lessonsPerModule: 1 }),
      202,
      SubmitResponse,
    );
    const job = await waitForStatus(service, alice, jobId, ["succeeded"]);
    const deadline = Date.now() + 20_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toHaveLength(1);
    const message = received[0]!;
    const payload = new Webhook(registered.secret).verify(message.body, {
      "webhook-id": String(message.headers["webhook-id"]),
      "webhook-timestamp": String(message.headers["webhook-timestamp"]),
      "webhook-signature": String(message.headers["webhook-signature"]),
    });
    expect(payload).toMatchObject({
      type: "course.succeeded",
      data: { jobId, courseId: job.courseId, userId: alice.id },
    });

    const log = await expectJson(
      await service.call("/v1/webhooks/deliveries", { as: alice }),
      200,
      WebhookDeliveriesResponse,
    );
    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 200, jobId });
    expect(JSON.stringify(log)).not.toContain(registered.secret);
    // Bob sees none of it, and cannot replay or delete it.
    const bobs = await expectJson(
      await service.call("/v1/webhooks/deliveries", { as: bob }),
      200,
      WebhookDeliveriesResponse,
    );
    expect(bobs.deliveries).toEqual([]);
    await expectError(
      await service.call(`/v1/webhooks/deliveries/${log.deliveries[0]!.id}/replay`, { method: "POST", as: bob }),
      404,
      "WEBHOOK_NOT_FOUND",
    );
    await expectError(
      await service.call(`/v1/webhooks/${registered.id}`, { method: "DELETE", as: bob }),
      404,
      "WEBHOOK_NOT_FOUND",
    );
    // Replayed: the same message again.
    const replayed = await service.call(`/v1/webhooks/deliveries/${log.deliveries[0]!.id}/replay`, {
      method: "POST",
      as: alice,
    });
    expect(replayed.status).toBe(202);
    while (received.length === 1 && Date.now() < deadline + 10_000)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received[1]?.headers["webhook-id"]).toBe(message.headers["webhook-id"]);
    expect(received[1]?.body).toBe(message.body);
  });

  it("answers bad registrations with what was wrong", async () => {
    const { alice, student } = service.users;
    await expectError(
      await sendJson(service, "/v1/webhooks", alice, { url: "ftp://files.example.com/x" }),
      400,
      "WEBHOOK_URL_REJECTED",
    );
    const unknownType = await expectError(
      await sendJson(service, "/v1/webhooks", alice, { url: receiverUrl, eventTypes: ["course.deleted"] }),
      400,
      "INVALID_INPUT",
    );
    expect(JSON.stringify(unknownType)).toContain("course.succeeded");
    await expectError(
      await sendJson(service, "/v1/webhooks", alice, { url: receiverUrl, secret: "x" }),
      400,
      "INVALID_INPUT",
    );
    await expectError(
      await sendJson(service, "/v1/webhooks", student, { url: receiverUrl, global: true }),
      403,
      "FORBIDDEN",
    );
    await expectError(await service.call("/v1/webhooks/deliveries?limit=0", { as: alice }), 400, "INVALID_INPUT");
    await expectError(
      await service.call("/v1/webhooks/whe_nothere", { method: "DELETE", as: alice }),
      400,
      "INVALID_INPUT",
    );
    await expectError(
      await service.call("/v1/webhooks/whe_abc123", { method: "DELETE", as: alice }),
      404,
      "WEBHOOK_NOT_FOUND",
    );
  });
});
