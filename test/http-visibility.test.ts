import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoutes } from "../src/http/index.ts";
import { CourseListResponse, SubmitResponse } from "../src/http/schemas.ts";
import { startTestService, type TestService, type TestUser } from "./support/http-service.ts";
import { expectError, expectJson, sendJson, waitForStatus } from "./support/http-helpers.ts";
import { readSse } from "./support/sse.ts";

// Walks every authenticated route of the API as a user who does not own the resources (404 for
// each job and course route, 403 for admin routes, nothing of the owner's in listings, nothing
// changed) and as an admin (sees them). The table of requests must cover every route the app
// has, so a new route cannot be added without being walked here.

let service: TestService;
let finishedJob: string;
let pausedJob: string;
let courseId: string;
let outline: unknown;

beforeAll(async () => {
  service = await startTestService({ worker: true, knowledge: true });
  const { alice } = service.users;
  const hook = (await (
    await sendJson(service, "/v1/webhooks", alice, { url: "https://platform.example.com/alice" })
  ).json()) as { id: string };
  webhookId = hook.id;
  const body = { topic: "Volcanoes of Iceland", modules: 1, lessonsPerModule: 1 };
  finishedJob = (await expectJson(await sendJson(service, "/v1/courses", alice, body), 202, SubmitResponse)).jobId;
  pausedJob = (
    await expectJson(
      await sendJson(service, "/v1/courses", alice, { ...body, reviewOutline: true }),
      202,
      SubmitResponse,
    )
  ).jobId;
  const finished = await waitForStatus(service, alice, finishedJob, ["succeeded"]);
  courseId = finished.courseId!;
  await waitForStatus(service, alice, pausedJob, ["awaiting_approval"]);
  outline = await (await service.call(`/v1/jobs/${pausedJob}/outline`, { as: alice })).json();
  const upload = new FormData();
  upload.append("collection", "alice-notes");
  upload.append("file", new Blob(["# Volcanoes\n\nBasalt lava flows far from its vent.\n"]), "volcanoes.md");
  const uploaded = (await (
    await service.call("/v1/knowledge/documents", { method: "POST", body: upload, as: alice })
  ).json()) as { collection: { id: string }; documents: { id: string }[] };
  documentId = uploaded.documents[0]!.id;
  collectionId = uploaded.collection.id;
  const log = (await (await service.call("/v1/webhooks/deliveries", { as: alice })).json()) as {
    deliveries: { id: string }[];
  };
  deliveryId = log.deliveries[0]!.id;
});
afterAll(async () => {
  await service?.cleanup();
});

// "document": a knowledge-base document, private to its owner (admins included: they may only share
// a collection with everyone).
// "webhook": a webhook endpoint or delivery, its owner's (and admins').
type Kind = "job" | "course" | "document" | "admin" | "collection" | "webhook";
interface WalkIds {
  readonly job: string;
  readonly course: string;
  readonly document: string;
  readonly collection: string;
}
let documentId: string;
let collectionId: string;
let webhookId: string;
let deliveryId: string;
interface Walk {
  readonly kind: Kind;
  request(as: TestUser, ids: WalkIds): Promise<Response>;
}

const json = { "content-type": "application/json" };
let alertId: number | undefined;
async function walkAlertId(): Promise<number> {
  alertId ??= (
    await service.testDatabase.db.query(
      `INSERT INTO course_generation_alerts (rule, key, severity, status, message) VALUES ('walk', 'walk', 'warning', 'open', 'walk') RETURNING id`,
    )
  )[0]!.id as number;
  return alertId;
}
const walks: Record<string, Walk> = {
  "GET /v1/me": { kind: "collection", request: (as) => service.call("/v1/me", { as }) },
  "POST /v1/courses": {
    kind: "collection",
    request: (as) =>
      sendJson(service, "/v1/courses", as, { topic: "Someone else's course", modules: 1, lessonsPerModule: 1 }),
  },
  "GET /v1/courses": { kind: "collection", request: (as) => service.call("/v1/courses?limit=100", { as }) },
  "GET /v1/jobs": { kind: "collection", request: (as) => service.call("/v1/jobs?limit=100", { as }) },
  "GET /v1/jobs/:id": { kind: "job", request: (as, ids) => service.call(`/v1/jobs/${ids.job}`, { as }) },
  "POST /v1/jobs/:id/cancel": {
    kind: "job",
    request: (as, ids) => service.call(`/v1/jobs/${ids.job}/cancel`, { method: "POST", as }),
  },
  "GET /v1/jobs/:id/events": { kind: "job", request: (as, ids) => service.call(`/v1/jobs/${ids.job}/events`, { as }) },
  "GET /v1/jobs/:id/outline": {
    kind: "job",
    request: (as, ids) => service.call(`/v1/jobs/${ids.job}/outline`, { as }),
  },
  "PUT /v1/jobs/:id/outline": {
    kind: "job",
    request: (as, ids) =>
      service.call(`/v1/jobs/${ids.job}/outline`, { method: "PUT", as, headers: json, body: JSON.stringify(outline) }),
  },
  "POST /v1/jobs/:id/approve": {
    kind: "job",
    request: (as, ids) => service.call(`/v1/jobs/${ids.job}/approve`, { method: "POST", as }),
  },
  "GET /v1/courses/:id": { kind: "course", request: (as, ids) => service.call(`/v1/courses/${ids.course}`, { as }) },
  "GET /v1/courses/:id/export": {
    kind: "course",
    request: (as, ids) => service.call(`/v1/courses/${ids.course}/export?format=markdown`, { as }),
  },
  "POST /v1/courses/:id/revisions": {
    kind: "course",
    request: (as, ids) =>
      sendJson(service, `/v1/courses/${ids.course}/revisions`, as, {
        target: { kind: "lesson", id: "m1-l1" },
        instruction: "Simpler language.",
      }),
  },
  "GET /v1/courses/:id/revisions": {
    kind: "course",
    request: (as, ids) => service.call(`/v1/courses/${ids.course}/revisions`, { as }),
  },
  "GET /v1/courses/:id/revisions/diff": {
    kind: "course",
    request: (as, ids) => service.call(`/v1/courses/${ids.course}/revisions/diff?from=1&to=1`, { as }),
  },
  "GET /v1/courses/:id/revisions/:number": {
    kind: "course",
    request: (as, ids) => service.call(`/v1/courses/${ids.course}/revisions/1`, { as }),
  },
  "POST /v1/courses/:id/revisions/:number/restore": {
    kind: "course",
    request: (as, ids) => service.call(`/v1/courses/${ids.course}/revisions/1/restore`, { method: "POST", as }),
  },
  "POST /v1/admin/users": {
    kind: "admin",
    request: (as) =>
      sendJson(service, "/v1/admin/users", as, { email: `walk-${Math.random()}@example.com`, role: "student" }),
  },
  "GET /v1/admin/users": { kind: "admin", request: (as) => service.call("/v1/admin/users", { as }) },
  "POST /v1/admin/users/:id/disable": {
    kind: "admin",
    request: (as) => service.call(`/v1/admin/users/${service.users.alice.id}/disable`, { method: "POST", as }),
  },
  "POST /v1/admin/users/:id/tokens": {
    kind: "admin",
    request: (as) => sendJson(service, `/v1/admin/users/${service.users.alice.id}/tokens`, as, { name: "walk" }),
  },
  "GET /v1/admin/stats": { kind: "admin", request: (as) => service.call("/v1/admin/stats?hours=48", { as }) },
  "GET /v1/me/usage": { kind: "collection", request: (as) => service.call("/v1/me/usage", { as }) },
  "GET /v1/admin/limits": { kind: "admin", request: (as) => service.call("/v1/admin/limits", { as }) },
  "PUT /v1/admin/limits/roles/:role": {
    kind: "admin",
    request: (as) => sendJson(service, "/v1/admin/limits/roles/teacher", as, { burst: 2 }, { method: "PUT" }),
  },
  "PUT /v1/admin/limits/users/:userId": {
    kind: "admin",
    request: (as) =>
      sendJson(
        service,
        `/v1/admin/limits/users/${service.users.alice.id}`,
        as,
        { coursesPerDay: 100 },
        { method: "PUT" },
      ),
  },
  "DELETE /v1/admin/limits/users/:userId": {
    kind: "admin",
    request: (as) => service.call(`/v1/admin/limits/users/${service.users.alice.id}`, { method: "DELETE", as }),
  },
  "PUT /v1/admin/limits/global": {
    kind: "admin",
    request: (as) => sendJson(service, "/v1/admin/limits/global", as, { coursesPerHour: 2000 }, { method: "PUT" }),
  },
  "GET /v1/admin/logs": {
    kind: "admin",
    request: (as) => service.call("/v1/admin/logs?severity=info&limit=5", { as }),
  },
  "GET /v1/admin/alerts": { kind: "admin", request: (as) => service.call("/v1/admin/alerts?status=open", { as }) },
  "POST /v1/admin/alerts/:id/acknowledge": {
    kind: "admin",
    request: async (as) => service.call(`/v1/admin/alerts/${await walkAlertId()}/acknowledge`, { method: "POST", as }),
  },
  "POST /v1/admin/alerts/:id/resolve": {
    kind: "admin",
    request: async (as) => service.call(`/v1/admin/alerts/${await walkAlertId()}/resolve`, { method: "POST", as }),
  },
  "GET /v1/admin/models": { kind: "admin", request: (as) => service.call("/v1/admin/models", { as }) },
  "PUT /v1/admin/models/:role": {
    kind: "admin",
    request: (as) => sendJson(service, "/v1/admin/models/student", as, { models: [] }, { method: "PUT" }),
  },
  "DELETE /v1/admin/models/:role": {
    kind: "admin",
    request: (as) => service.call("/v1/admin/models/student", { method: "DELETE", as }),
  },
  "POST /v1/knowledge/documents": {
    kind: "collection",
    request: (as) => {
      const body = new FormData();
      body.append("file", new Blob(["# Lakes\n\nA lake is a body of water.\n"]), `lakes-${as.id}.md`);
      return service.call("/v1/knowledge/documents", { method: "POST", body, as });
    },
  },
  "GET /v1/knowledge/documents": {
    kind: "collection",
    request: (as) => service.call("/v1/knowledge/documents", { as }),
  },
  "GET /v1/knowledge/documents/:id": {
    kind: "document",
    request: (as, ids) => service.call(`/v1/knowledge/documents/${ids.document}`, { as }),
  },
  "DELETE /v1/knowledge/documents/:id": {
    kind: "document",
    request: (as, ids) => service.call(`/v1/knowledge/documents/${ids.document}`, { method: "DELETE", as }),
  },
  "GET /v1/knowledge/collections": {
    kind: "collection",
    request: (as) => service.call("/v1/knowledge/collections", { as }),
  },
  "PUT /v1/knowledge/collections/:id/shared": {
    kind: "admin",
    request: (as, ids) =>
      sendJson(service, `/v1/knowledge/collections/${ids.collection}/shared`, as, { shared: false }, { method: "PUT" }),
  },
  "GET /v1/knowledge/search": {
    kind: "collection",
    request: (as) => service.call("/v1/knowledge/search?q=basalt%20lava", { as }),
  },
  "POST /v1/jobs/:id/resume": {
    kind: "job",
    request: (as, ids) => service.call(`/v1/jobs/${ids.job}/resume`, { method: "POST", as }),
  },
  "POST /v1/courses/preview": {
    kind: "collection",
    // Alice's topic: another user's preview must not list her course.
    request: (as) =>
      sendJson(service, "/v1/courses/preview", as, { topic: "Volcanoes of Iceland", modules: 1, lessonsPerModule: 1 }),
  },
  "GET /v1/admin/budgets": { kind: "admin", request: (as) => service.call("/v1/admin/budgets", { as }) },
  "PUT /v1/admin/budgets/roles/:role": {
    kind: "admin",
    request: (as) => sendJson(service, "/v1/admin/budgets/roles/teacher", as, { usdPerDay: 20 }, { method: "PUT" }),
  },
  "PUT /v1/admin/budgets/users/:userId": {
    kind: "admin",
    request: (as) =>
      sendJson(service, `/v1/admin/budgets/users/${service.users.alice.id}`, as, { usdPerDay: 30 }, { method: "PUT" }),
  },
  "DELETE /v1/admin/budgets/users/:userId": {
    kind: "admin",
    request: (as) => service.call(`/v1/admin/budgets/users/${service.users.alice.id}`, { method: "DELETE", as }),
  },
  "PUT /v1/admin/budgets/global": {
    kind: "admin",
    request: (as) => sendJson(service, "/v1/admin/budgets/global", as, { usdPerDay: null }, { method: "PUT" }),
  },
  "GET /v1/admin/costs": { kind: "admin", request: (as) => service.call("/v1/admin/costs?days=7", { as }) },
  "GET /v1/admin/cache": { kind: "admin", request: (as) => service.call("/v1/admin/cache", { as }) },
  "DELETE /v1/admin/cache": {
    kind: "admin",
    request: (as) => service.call("/v1/admin/cache?expired=true", { method: "DELETE", as }),
  },
  "POST /v1/webhooks": {
    kind: "collection",
    request: (as) => sendJson(service, "/v1/webhooks", as, { url: "https://platform.example.com/walk" }),
  },
  "GET /v1/webhooks": { kind: "collection", request: (as) => service.call("/v1/webhooks", { as }) },
  "GET /v1/webhooks/deliveries": {
    kind: "collection",
    request: (as) => service.call("/v1/webhooks/deliveries", { as }),
  },
  // Before the endpoint's deletion below: an admin's replay must find it.
  "POST /v1/webhooks/deliveries/:id/replay": {
    kind: "webhook",
    request: (as) => service.call(`/v1/webhooks/deliveries/${deliveryId}/replay`, { method: "POST", as }),
  },
  "DELETE /v1/webhooks/:id": {
    kind: "webhook",
    request: (as) => service.call(`/v1/webhooks/${webhookId}`, { method: "DELETE", as }),
  },
};

async function snapshot(): Promise<unknown> {
  const jobs = await service.testDatabase.db.query(
    `SELECT id, status, outline_approved_at, cancel_requested_at, (SELECT count(*) FROM course_generation_events e WHERE e.job_id = j.id) AS events
       FROM course_generation_jobs j WHERE user_id = $1 ORDER BY id`,
    [service.users.alice.id],
  );
  const webhooks = await service.testDatabase.db.query(
    `SELECT e.id, d.id AS delivery, d.status, d.attempts, d.next_attempt_at
       FROM webhook_endpoints e LEFT JOIN webhook_deliveries d ON d.endpoint_id = e.id WHERE e.user_id = $1 ORDER BY e.id, d.id`,
    [service.users.alice.id],
  );
  return { jobs, webhooks };
}

describe("every route, as someone else", () => {
  it("walks every authenticated route the app serves", () => {
    const served = apiRoutes
      .filter((entry) => entry.spec.access !== "public")
      .map((entry) => `${entry.spec.method.toUpperCase()} ${entry.spec.path}`);
    expect(Object.keys(walks).sort()).toEqual(served.sort());
  });

  it("gives another user 404 for every job and course route, 403 for admin routes, none of the owner's data, and changes nothing", async () => {
    const before = await snapshot();
    for (const intruder of [service.users.bob, service.users.student]) {
      for (const [name, walk] of Object.entries(walks)) {
        if (walk.kind === "job") {
          for (const job of [finishedJob, pausedJob]) {
            const error = await expectError(
              await walk.request(intruder, { job, course: courseId, document: documentId, collection: collectionId }),
              404,
              "NOT_FOUND",
            );
            expect(JSON.stringify(error), name).not.toContain(service.users.alice.id);
          }
        } else if (walk.kind === "webhook") {
          await expectError(
            await walk.request(intruder, {
              job: finishedJob,
              course: courseId,
              document: documentId,
              collection: collectionId,
            }),
            404,
            "WEBHOOK_NOT_FOUND",
          );
        } else if (walk.kind === "course" || walk.kind === "document") {
          // Knowledge-base routes answer with their own not-found code.
          await expectError(
            await walk.request(intruder, {
              job: finishedJob,
              course: courseId,
              document: documentId,
              collection: collectionId,
            }),
            404,
            walk.kind === "document" ? "KNOWLEDGE_NOT_FOUND" : "NOT_FOUND",
          );
        } else if (walk.kind === "admin") {
          await expectError(
            await walk.request(intruder, {
              job: finishedJob,
              course: courseId,
              document: documentId,
              collection: collectionId,
            }),
            403,
            "FORBIDDEN",
          );
        } else {
          const response = await walk.request(intruder, {
            job: finishedJob,
            course: courseId,
            document: documentId,
            collection: collectionId,
          });
          expect(response.status, name).toBeLessThan(300);
          const text = await response.text();
          expect(text, name).not.toContain(courseId);
          expect(text, name).not.toContain(finishedJob);
          expect(text, name).not.toContain(service.users.alice.id);
          expect(text, name).not.toContain(documentId);
          expect(text, name).not.toContain(webhookId);
        }
      }
    }
    expect(await snapshot()).toEqual(before);
    expect(
      (await service
        .call(`/v1/jobs/${pausedJob}`, { as: service.users.alice })
        .then((response) => response.json())) as { status: string },
    ).toMatchObject({
      status: "awaiting_approval",
    });
  });

  it("lets an admin see and act on the owner's jobs and courses", async () => {
    const { admin } = service.users;
    const ids = { job: finishedJob, course: courseId, document: documentId, collection: collectionId };
    for (const [name, walk] of Object.entries(walks)) {
      if (walk.kind === "admin" && name.endsWith("/disable")) continue; // would lock alice out; covered in http-api.test.ts
      if (walk.kind === "document") {
        // A document is its owner's alone, an admin's reads included (docs/knowledge.md).
        await expectError(await walk.request(admin, ids), 404, "KNOWLEDGE_NOT_FOUND");
        continue;
      }
      const response = await walk.request(admin, ids);
      // A finished job refuses cancel and outline edits (409), which proves it was found.
      expect([200, 201, 202, 204, 409], `${name} → ${response.status}`).toContain(response.status);
      if (name === "GET /v1/jobs/:id/events") {
        const read = await readSse(response);
        expect(read.events.at(-1)?.event).toBe("job.succeeded");
      } else {
        await response.arrayBuffer();
      }
    }
    const list = await expectJson(await service.call("/v1/courses?limit=100", { as: admin }), 200, CourseListResponse);
    expect(list.courses.map((entry) => entry.id)).toContain(courseId);
    // The paused job too: admins may read its outline and its events.
    expect((await service.call(`/v1/jobs/${pausedJob}/outline`, { as: admin })).status).toBe(200);
    const events = await readSse(await service.call(`/v1/jobs/${pausedJob}/events`, { as: admin }), {
      stopAfter: (event) => event.event === "job.awaiting_approval",
    });
    expect(events.events.at(-1)?.event).toBe("job.awaiting_approval");
  });
});
