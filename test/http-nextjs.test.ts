import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpService } from "../src/app/index.ts";
import { createUser, issueToken } from "../src/users/index.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { readSse } from "./support/sse.ts";

// Mounts the API the way docs/nextjs.md says: test/fixtures/nextjs holds the documented
// lib/courseforge.ts and app/api/[...route]/route.ts; Next.js calls the exported GET/POST/PUT/PATCH/DELETE with
// the request and a context, as here: a route handler is a plain function from Request to Response.
// test/nextjs-build.test.ts runs the real framework (`next build`, `next start`).

type RouteHandler = (
  request: Request,
  context: { params: Promise<{ route: string[] }> },
) => Response | Promise<Response>;
interface RouteModule {
  readonly GET: RouteHandler;
  readonly POST: RouteHandler;
  readonly PUT: RouteHandler;
  readonly PATCH: RouteHandler;
  readonly DELETE: RouteHandler;
}

let testDatabase: TestDatabase;
let route: RouteModule;
let service: HttpService;
let token: string;

beforeAll(async () => {
  testDatabase = await createTestDatabase({ backend: "pglite" });
  await testDatabase.db.close(); // the route module opens the folder itself, as a Next.js server would
  process.env.COURSEFORGE_DATA_DIR = testDatabase.location;
  route = (await import("./fixtures/nextjs/app/api/[...route]/route.ts")) as unknown as RouteModule;
  service = await (await import("./fixtures/nextjs/lib/courseforge.ts")).courseforge;
  const user = await createUser(service.database, { email: "next@example.com", role: "teacher" });
  token = (await issueToken(service.database, user.id)).token;
  // Opening the service starts the knowledge base too (an in-process simulator for embeddings).
}, 120_000);
afterAll(async () => {
  await service?.close();
  delete process.env.COURSEFORGE_DATA_DIR;
  await testDatabase?.cleanup();
});

function call(handler: RouteHandler, path: string, init: RequestInit = {}): Promise<Response> {
  const request = new Request(`http://localhost:3000${path}`, init);
  const segments = path
    .replace(/^\/api\//, "")
    .split("?")[0]!
    .split("/");
  return Promise.resolve(handler(request, { params: Promise.resolve({ route: segments }) }));
}

describe("the API inside a Next.js App Router route handler", () => {
  it("answers public and authenticated routes under /api", async () => {
    expect(await (await call(route.GET, "/api/healthz")).json()).toEqual({ status: "ok" });
    const me = await call(route.GET, "/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { role: string }).role).toBe("teacher");
    const document = (await (await call(route.GET, "/api/v1/openapi.json")).json()) as { servers: unknown };
    expect(document.servers).toEqual([{ url: "/api" }]);
  });

  it("takes a course request and answers with links under /api, then streams its events", async () => {
    const response = await call(route.POST, "/api/v1/courses", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ topic: "Bridges", modules: 1, lessonsPerModule: 1 }),
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { jobId: string; links: { self: string; events: string } };
    expect(body.links.self).toBe(`/api/v1/jobs/${body.jobId}`);
    const job = await call(route.GET, body.links.self, { headers: { authorization: `Bearer ${token}` } });
    expect(((await job.json()) as { status: string }).status).toBe("queued");
    // No worker runs in this test: the stream replays the stored job.queued event and stays open.
    const events = await readSse(
      await call(route.GET, body.links.events, { headers: { authorization: `Bearer ${token}` } }),
      { stopAfter: () => true },
    );
    expect(events.events[0]?.event).toBe("job.queued");
  });

  it("answers JSON errors, including for paths outside the API", async () => {
    const unknown = await call(route.GET, "/api/v1/nowhere", { headers: { authorization: `Bearer ${token}` } });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    const bad = await call(route.PUT, "/api/v1/jobs/nope/outline", {
      method: "PUT",
      headers: { authorization: `Bearer ${token}` },
      body: "{}",
    });
    expect(bad.status).toBe(400);
  });

  it("serves the knowledge routes: a multipart upload queued for the worker, then listed, searched and deleted", async () => {
    const auth = { authorization: `Bearer ${token}` };
    const body = new FormData();
    body.append("collection", "bridges");
    body.append(
      "file",
      new Blob(["# Arch bridges\n\nAn arch bridge carries its load outward into the abutments at each end.\n"]),
      "arches.md",
    );
    const uploaded = await call(route.POST, "/api/v1/knowledge/documents", { method: "POST", headers: auth, body });
    expect(uploaded.status).toBe(202);
    const { documents } = (await uploaded.json()) as { documents: { id: string; status: string }[] };
    // No worker runs beside a route handler: the upload waits on the ingestion queue.
    expect(documents[0]).toMatchObject({ status: "pending" });
    const id = documents[0]!.id;
    const queued = await service.database.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM pgboss.job WHERE name = 'knowledge-ingestion' AND data::text LIKE $1`,
      [`%${id}%`],
    );
    expect(queued[0]!.count).toBe(1);
    // What `courseforge worker` does with that message.
    await service.knowledge.ingest(id);
    const document = await call(route.GET, `/api/v1/knowledge/documents/${id}`, { headers: auth });
    expect(((await document.json()) as { status: string }).status).toBe("ready");
    const collections = (await (await call(route.GET, "/api/v1/knowledge/collections", { headers: auth })).json()) as {
      collections: { name: string }[];
    };
    expect(collections.collections.map((collection) => collection.name)).toEqual(["bridges"]);
    const search = await call(
      route.GET,
      `/api/v1/knowledge/search?q=${encodeURIComponent("where does an arch push its load")}&collection=bridges`,
      { headers: auth },
    );
    const { results } = (await search.json()) as { results: { documentId: string }[] };
    expect(results[0]?.documentId).toBe(id);
    const deleted = await call(route.DELETE, `/api/v1/knowledge/documents/${id}`, { method: "DELETE", headers: auth });
    expect(deleted.status).toBe(204);
    expect((await call(route.GET, `/api/v1/knowledge/documents/${id}`, { headers: auth })).status).toBe(404);
  });

  it("exports DELETE, so that DELETE routes are reachable when mounted", async () => {
    expect(typeof route.DELETE).toBe("function");
    expect(typeof route.PATCH).toBe("function");
    // A teacher may not clear limits: the API's own 403, which it can only give if the request reached it.
    const response = await call(route.DELETE, "/api/v1/admin/limits/users/usr_someone", {
      method: "DELETE",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
  });
});
