import { createJsonSchemaValidator } from "./support/json-schema-validator.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpService } from "../src/app/index.ts";
import { startTestService, type TestService } from "./support/http-service.ts";

type Json = Record<string, unknown>;
let service: TestService;

beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.cleanup();
});

function operationsOf(document: Json): Array<{ method: string; path: string; operation: Json }> {
  return Object.entries(document.paths as Record<string, Record<string, Json>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ method, path, operation })),
  );
}

function collectRefs(value: unknown, refs: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, refs);
  else if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string") refs.push(inner);
      else collectRefs(inner, refs);
    }
  }
  return refs;
}

function resolvePointer(document: Json, ref: string): unknown {
  return ref
    .replace(/^#\//, "")
    .split("/")
    .reduce<unknown>(
      (node, part) => (node as Json | undefined)?.[part.replaceAll("~1", "/").replaceAll("~0", "~")],
      document,
    );
}

async function fetchDocument(
  app: { request: (path: string) => Response | Promise<Response> },
  path: string,
): Promise<Json> {
  const response = await app.request(path);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return (await response.json()) as Json;
}

describe("GET /v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document with a bearer scheme, served without credentials", async () => {
    const document = await fetchDocument(service.app, "/v1/openapi.json");
    expect(document.openapi).toBe("3.1.0");
    expect(document.info).toMatchObject({ title: "Courseforge API", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(document.servers).toEqual([{ url: "/" }]);
    expect((document.components as Json).securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: "http", scheme: "bearer" }),
    });
  });

  it("lists exactly the routes the app serves", async () => {
    const document = await fetchDocument(service.app, "/v1/openapi.json");
    const served = service.app.routes
      .map((entry) => `${entry.method.toLowerCase()} ${entry.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`)
      .sort();
    const documented = operationsOf(document)
      .map(({ method, path }) => `${method} ${path}`)
      .sort();
    expect(documented).toEqual(served);
    // The routes are among them.
    for (const expected of [
      "post /v1/courses",
      "get /v1/jobs",
      "get /v1/jobs/{id}",
      "post /v1/jobs/{id}/cancel",
      "get /v1/jobs/{id}/events",
      "get /v1/jobs/{id}/outline",
      "put /v1/jobs/{id}/outline",
      "post /v1/jobs/{id}/approve",
      "get /v1/courses",
      "get /v1/courses/{id}",
      "get /v1/courses/{id}/export",
      "get /v1/admin/stats",
      "post /v1/admin/users/{id}/tokens",
      "post /v1/admin/alerts/{id}/acknowledge",
      "post /v1/admin/alerts/{id}/resolve",
      "get /healthz",
      "get /readyz",
      "get /v1/openapi.json",
    ]) {
      expect(documented).toContain(expected);
    }
  });

  it("describes every operation fully: unique ids, path parameters, responses, security, resolvable refs, valid schemas", async () => {
    const document = await fetchDocument(service.app, "/v1/openapi.json");
    const ids = new Set<string>();
    const ajv = createJsonSchemaValidator({ strict: false, allErrors: true });
    // Refs point into the document: load it whole under a base URI and compile schemas against it.
    const base = "https://courseforge.test/openapi.json";
    const rebase = (schema: unknown) =>
      JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${base}#/components/`)) as Json;
    ajv.addSchema({ $id: base, $defs: {}, components: rebase(document.components) });
    for (const { method, path, operation } of operationsOf(document)) {
      const where = `${method} ${path}`;
      expect(typeof operation.operationId, where).toBe("string");
      expect(ids.has(operation.operationId as string), where).toBe(false);
      ids.add(operation.operationId as string);
      const parameters = operation.parameters as Array<{ name: string; in: string; required: boolean; schema: Json }>;
      for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
        expect(
          parameters.find((parameter) => parameter.in === "path" && parameter.name === name),
          `${where} declares {${name}}`,
        ).toMatchObject({ required: true });
      }
      const responses = operation.responses as Record<string, Json>;
      expect(
        Object.keys(responses).some((status) => status.startsWith("2")),
        where,
      ).toBe(true);
      expect(responses["500"], where).toBeDefined();
      const isPublic = (operation.security as unknown[]).length === 0;
      // /metrics and the tick route check their own secrets, not an API token.
      expect(isPublic, where).toBe(
        ["/healthz", "/readyz", "/v1/openapi.json", "/metrics", "/v1/worker/tick"].includes(path),
      );
      if (!isPublic) expect(responses["401"], where).toBeDefined();
    }
    for (const ref of collectRefs(document)) expect(resolvePointer(document, ref), ref).toBeDefined();
    // Every schema compiles as JSON Schema 2020-12 (the OpenAPI 3.1 dialect).
    const inline = collectSchemas(document.paths);
    expect(inline.length).toBeGreaterThan(10);
    for (const schema of [
      ...inline,
      ...Object.values((document.components as { schemas: Record<string, Json> }).schemas),
    ]) {
      expect(() => ajv.compile(rebase(schema))).not.toThrow();
    }
  });

  it("puts paths under the server URL when the app has a base path", async () => {
    const app = createHttpService({
      database: service.testDatabase.db,
      queue: service.queue,
      jobs: service.jobs,
      config: service.config,
      basePath: "/api",
    }).app;
    const document = await fetchDocument(app, "/api/v1/openapi.json");
    expect(document.servers).toEqual([{ url: "/api" }]);
    expect(Object.keys(document.paths as Json)).toContain("/v1/jobs/{id}");
    expect(app.routes.every((entry) => entry.path.startsWith("/api/"))).toBe(true);
  });
});

function collectSchemas(value: unknown, found: Json[] = []): Json[] {
  if (Array.isArray(value)) for (const item of value) collectSchemas(item, found);
  else if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "schema" && typeof inner === "object" && inner !== null) found.push(inner as Json);
      else collectSchemas(inner, found);
    }
  }
  return found;
}
