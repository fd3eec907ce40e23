import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withWebUi, webUiContentSecurityPolicy } from "../src/http/index.ts";
import { startTestService, type TestService } from "./support/http-service.ts";
import { expectError } from "./support/http-helpers.ts";

// The API server also serves the built web UI (web/dist) at `/`; here a small built folder stands in for it.
let service: TestService;
let built: string;
const indexHtml = `<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>`;

beforeAll(async () => {
  service = await startTestService();
  built = await mkdtemp(path.join(os.tmpdir(), "courseforge-web-"));
  await mkdir(path.join(built, "assets"));
  await writeFile(path.join(built, "index.html"), indexHtml);
  await writeFile(path.join(built, "assets", "index-abc123.js"), "console.log('app');\n");
  await writeFile(path.join(built, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
});
afterAll(async () => {
  await service?.cleanup();
  if (built !== undefined) await rm(built, { recursive: true, force: true });
});

function ui(directory = built) {
  return withWebUi(service.app, { directory });
}

describe("the web UI served by the API server", () => {
  it("serves index.html at / and for every app page, with a strict Content-Security-Policy", async () => {
    for (const page of ["/", "/courses/crs_abc", "/jobs/job_1/outline", "/admin/users"]) {
      const response = await ui().request(page);
      expect(response.status, page).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await response.text()).toBe(indexHtml);
      const policy = response.headers.get("content-security-policy") ?? "";
      expect(policy).toBe(webUiContentSecurityPolicy);
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toContain("unsafe-inline");
      expect(policy).not.toContain("unsafe-eval");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("serves built files with their type, caches hashed assets, and 404s a missing asset instead of sending the page", async () => {
    const script = await ui().request("/assets/index-abc123.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(script.headers.get("cache-control")).toContain("immutable");
    expect(await script.text()).toBe("console.log('app');\n");
    expect((await ui().request("/favicon.svg")).headers.get("content-type")).toBe("image/svg+xml");
    const missing = await ui().request("/assets/gone-999.js");
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain("<html");
  });

  it("never serves a file outside its folder", async () => {
    await writeFile(path.join(path.dirname(built), "courseforge-web-secret.txt"), "secret");
    for (const attempt of [
      "/../courseforge-web-secret.txt",
      "/%2e%2e/courseforge-web-secret.txt",
      "/assets/..%2f..%2fcourseforge-web-secret.txt",
    ]) {
      const response = await ui().request(attempt);
      expect(await response.text(), attempt).not.toContain("secret");
    }
    await rm(path.join(path.dirname(built), "courseforge-web-secret.txt"), { force: true });
  });

  it("leaves every API route as it was: JSON 404 for unknown /v1 paths, /healthz, /metrics, authenticated routes, POSTs", async () => {
    const app = ui();
    await expectError(await app.request("/v1/no-such-route"), 404, "NOT_FOUND");
    await expectError(await app.request("/v1"), 404, "NOT_FOUND");
    expect(await (await app.request("/healthz")).json()).toEqual({ status: "ok" });
    const metrics = await app.request("/metrics");
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain("# HELP");
    const me = await app.request("/v1/me", { headers: { authorization: `Bearer ${service.users.alice.token}` } });
    expect(await me.json()).toMatchObject({ userId: service.users.alice.id });
    await expectError(
      await app.request("/v1/courses", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
      401,
      "UNAUTHENTICATED",
    );
    const invalid = await app.request("/v1/courses", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${service.users.alice.token}` },
      body: JSON.stringify({ topic: "x" }),
    });
    expect((await expectError(invalid, 400, "INVALID_INPUT")).details.field).toBe("topic");
  });

  it("says to run npm run build:web when the UI is not built, and the API still works", async () => {
    const app = ui(path.join(built, "not-built-here"));
    const response = await app.request("/");
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("npm run build:web");
    expect(await (await app.request("/healthz")).json()).toEqual({ status: "ok" });
  });
});
