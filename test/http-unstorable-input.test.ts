import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestService, type TestService, type TestUser } from "./support/http-service.ts";
import { expectError } from "./support/http-helpers.ts";

// Text Postgres cannot store (NUL, lone surrogates) and integers beyond their columns are the
// caller's bad input: a 400 naming the field, never a 500 (each of which would also be reported
// and logged as an internal error, so any user could flood the logs).

let service: TestService;
const internalErrors: unknown[] = [];
beforeAll(async () => {
  service = await startTestService({ app: { onError: (error) => internalErrors.push(error) } });
});
beforeEach(() => {
  internalErrors.length = 0;
});
afterAll(async () => {
  await service?.cleanup();
});

const knownJob = "job_0123456789abcdef0123";

async function send(method: string, path: string, as: TestUser, body?: string): Promise<Response> {
  return service.call(path, {
    method,
    as,
    ...(body === undefined ? {} : { body, headers: { "content-type": "application/json" } }),
  });
}

interface Case {
  readonly name: string;
  readonly method: string;
  readonly path: (users: TestService["users"]) => string;
  readonly as: "alice" | "admin";
  readonly body?: string;
  readonly field: string;
}

// Bodies are raw JSON text: "\\u0000" and "\\ud800" are JSON escapes that JSON.parse turns into a
// NUL and a lone surrogate.
const cases: Case[] = [
  {
    name: "NUL in a course topic",
    method: "POST",
    path: () => "/v1/courses",
    as: "alice",
    body: '{"topic":"Ti\\u0000des"}',
    field: "topic",
  },
  {
    name: "lone surrogate in a course topic",
    method: "POST",
    path: () => "/v1/courses",
    as: "alice",
    body: '{"topic":"Ti\\ud800des"}',
    field: "topic",
  },
  {
    name: "lone low surrogate in the audience",
    method: "POST",
    path: () => "/v1/courses",
    as: "alice",
    body: '{"topic":"Tides","audience":"x\\udc00"}',
    field: "audience",
  },
  {
    name: "NUL deep in an outline edit",
    method: "PUT",
    path: () => `/v1/jobs/${knownJob}/outline`,
    as: "alice",
    body: '{"title":"T","modules":[{"title":"M\\u0000"}]}',
    field: "modules[0].title",
  },
  {
    name: "NUL in a field name",
    method: "POST",
    path: () => "/v1/courses",
    as: "alice",
    body: '{"topic":"Tides","a\\u0000b":1}',
    field: "a\u0000b",
  },
  {
    name: "NUL in a token name",
    method: "POST",
    path: (users) => `/v1/admin/users/${users.alice.id}/tokens`,
    as: "admin",
    body: '{"name":"laptop\\u0000"}',
    field: "name",
  },
  {
    name: "lone surrogate in a new user's token name",
    method: "POST",
    path: () => "/v1/admin/users",
    as: "admin",
    body: '{"email":"new@example.com","role":"student","tokenName":"\\ud83d"}',
    field: "tokenName",
  },
  {
    name: "NUL in a logs jobId filter",
    method: "GET",
    path: () => "/v1/admin/logs?jobId=job_%00",
    as: "admin",
    field: "jobId",
  },
  { name: "NUL in a path id", method: "GET", path: () => "/v1/jobs/job_%00", as: "alice", field: "id" },
  {
    name: "coursesPerHour of 2^31 for a role",
    method: "PUT",
    path: () => "/v1/admin/limits/roles/teacher",
    as: "admin",
    body: JSON.stringify({ coursesPerHour: 2 ** 31 }),
    field: "coursesPerHour",
  },
  {
    name: "burst of 2^40 for a user",
    method: "PUT",
    path: (users) => `/v1/admin/limits/users/${users.alice.id}`,
    as: "admin",
    body: JSON.stringify({ burst: 2 ** 40 }),
    field: "burst",
  },
  {
    name: "coursesPerDay of 2^53 - 1 for a user",
    method: "PUT",
    path: (users) => `/v1/admin/limits/users/${users.alice.id}`,
    as: "admin",
    body: JSON.stringify({ coursesPerDay: Number.MAX_SAFE_INTEGER }),
    field: "coursesPerDay",
  },
  {
    name: "a global coursesPerHour of 2^31",
    method: "PUT",
    path: () => "/v1/admin/limits/global",
    as: "admin",
    body: JSON.stringify({ coursesPerHour: 2 ** 31 }),
    field: "coursesPerHour",
  },
  {
    name: "tokensPerDay beyond the safe integers",
    method: "PUT",
    path: () => "/v1/admin/limits/roles/student",
    as: "admin",
    body: '{"tokensPerDay": 9007199254740993}',
    field: "tokensPerDay",
  },
];

describe("values the database cannot store", () => {
  it.each(cases)("$name → 400 naming $field", async (testCase) => {
    const response = await send(
      testCase.method,
      testCase.path(service.users),
      service.users[testCase.as],
      testCase.body,
    );
    const error = await expectError(response, 400, "INVALID_INPUT");
    expect(error.details.field).toBe(testCase.field);
    expect(error.message).toContain(testCase.field);
    expect(internalErrors).toEqual([]);
  });

  it("stores the largest values the columns hold (the bounds are the columns', not tighter)", async () => {
    const { admin, alice } = service.users;
    const role = await send(
      "PUT",
      "/v1/admin/limits/roles/admin",
      admin,
      JSON.stringify({ coursesPerHour: 2 ** 31 - 1, tokensPerDay: Number.MAX_SAFE_INTEGER }),
    );
    expect(role.status, await role.clone().text()).toBe(200);
    expect(await role.json()).toMatchObject({ coursesPerHour: 2 ** 31 - 1, tokensPerDay: Number.MAX_SAFE_INTEGER });
    const user = await send("PUT", `/v1/admin/limits/users/${alice.id}`, admin, JSON.stringify({ burst: 2 ** 31 - 1 }));
    expect(user.status).toBe(200);
    const created = await send("POST", "/v1/courses", alice, JSON.stringify({ topic: "Tides \u{1F30A} and moons" }));
    expect(created.status).toBe(202);
    expect(internalErrors).toEqual([]);
  });
});

describe("X-Content-Type-Options", () => {
  it("is nosniff on every kind of response", async () => {
    const { alice } = service.users;
    const responses = [
      await service.call("/healthz"),
      await service.call("/v1/me", { as: alice }),
      await service.call("/v1/me"),
      await service.call("/v1/nothing-here"),
      await service.call("/v1/jobs/nope", { as: alice }),
      await service.call("/v1/openapi.json"),
    ];
    expect(responses.map((response) => response.status)).toEqual([200, 200, 401, 404, 400, 200]);
    for (const response of responses) expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
