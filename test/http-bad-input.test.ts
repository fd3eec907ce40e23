import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "./support/http-service.ts";
import { expectError } from "./support/http-helpers.ts";

// Bad requests of every kind get a 4xx JSON error naming the problem, never a 5xx, and store nothing.

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.cleanup();
});

async function counts(): Promise<Record<string, number>> {
  const tables = [
    "users",
    "api_tokens",
    "course_generation_jobs",
    "course_generation_events",
    "courses",
    `${service.config.jobs.queueSchema}.job`,
  ];
  const result: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await service.testDatabase.db.query<{ count: number }>(`SELECT count(*) AS count FROM ${table}`);
    result[table] = row!.count;
  }
  return result;
}

interface Case {
  readonly name: string;
  readonly path: string;
  readonly method?: string;
  readonly body?: string | Uint8Array;
  readonly headers?: Record<string, string>;
  readonly auth?: "alice" | "none" | "admin";
  readonly status: number;
  readonly code: string;
  readonly field?: string;
}

const json = { "content-type": "application/json" };
const valid = JSON.stringify({ topic: "Photosynthesis" });
const bigTopic = JSON.stringify({ topic: "x".repeat(1024 * 1024 + 10) });
const known = "job_0123456789abcdef0123";

const cases: Case[] = [
  {
    name: "malformed JSON",
    path: "/v1/courses",
    method: "POST",
    body: '{"topic": "Tides",',
    headers: json,
    status: 400,
    code: "MALFORMED_JSON",
  },
  {
    name: "not UTF-8",
    path: "/v1/courses",
    method: "POST",
    body: new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
    headers: json,
    status: 400,
    code: "MALFORMED_JSON",
  },
  {
    name: "empty body",
    path: "/v1/courses",
    method: "POST",
    body: "",
    headers: json,
    status: 400,
    code: "INVALID_INPUT",
    field: "body",
  },
  {
    name: "an array body",
    path: "/v1/courses",
    method: "POST",
    body: "[1,2]",
    headers: json,
    status: 400,
    code: "INVALID_INPUT",
    field: "body",
  },
  {
    name: "JSON null",
    path: "/v1/courses",
    method: "POST",
    body: "null",
    headers: json,
    status: 400,
    code: "INVALID_INPUT",
    field: "body",
  },
  {
    name: "no topic",
    path: "/v1/courses",
    method: "POST",
    body: "{}",
    headers: json,
    status: 400,
    code: "INVALID_INPUT",
    field: "topic",
  },
  {
    name: "topic of the wrong type",
    path: "/v1/courses",
    method: "POST",
    body: '{"topic": 42}',
    headers: json,
    status: 400,
    code: "INVALID_INPUT",
    field: "topic",
  },
  {
    name: "modules as a string",
    path: "/v1/courses",
    method: "POST",
    body: '{"topic": "Tides", "modules": "3"}',
    headers: json,
    status: 400,
    code: "INVALID_INPUT",
    field: "modules",
  },
  {
    name: "modules out of range",
    path: "/v1/courses",
    method: "POST",
    body: '{"topic": "Tides", "modules": 99}',
    headers: json,
    status: 400,
    code: "INVALID_INPUT",
    field: "modules",
  },
  {
    name: "fractional lessons",
    path: "/v1/courses",
    method: "POST",
    body: '{"topic": "Tides", "lessonsPerModule": 2.5}',
    headers: json,
    status: 400,
    code: "INVALID_INPUT",
    field: "lessonsPerModule",
  },
  {
    name: "unknown level",
    path: "/v1/courses",
    method: "POST",
    body: '{"topic": "Tides", "level": "expert"}',
    headers: json,
    status: 400,
    code: "INVALID_INPUT",
    field: "level",
  },
  {
    name: "bad language",
    path: "/v1/courses",
    method: "POST",
    body: '{"topic": "Tides", "language": "English"}',
    headers: json,
    status: 400,
    code: "INVALID_INPUT",
    field: "language",
  },
  {
    name: "reviewOutline not boolean",
    path: "/v1/courses",
    method: "POST",
    body: '{"topic": "Tides", "reviewOutline": "yes"}',
    headers: json,
    status: 400,
    code: "INVALID_INPUT",
    field: "reviewOutline",
  },
  {
    name: "unknown field",
    path: "/v1/courses",
    method: "POST",
    body: '{"topic": "Tides", "lessonPerModule": 3}',
    headers: json,
    status: 400,
    code: "INVALID_INPUT",
    field: "lessonPerModule",
  },
  {
    name: "snake_case field",
    path: "/v1/courses",
    method: "POST",
    body: '{"topic": "Tides", "lessons_per_module": 3}',
    headers: json,
    status: 400,
    code: "INVALID_INPUT",
    field: "lessons_per_module",
  },
  {
    name: "topic too long",
    path: "/v1/courses",
    method: "POST",
    body: JSON.stringify({ topic: "t".repeat(201) }),
    headers: json,
    status: 400,
    code: "INVALID_INPUT",
    field: "topic",
  },
  {
    name: "body over 1 MB",
    path: "/v1/courses",
    method: "POST",
    body: bigTopic,
    headers: json,
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
  },
  {
    name: "declared length over 1 MB",
    path: "/v1/courses",
    method: "POST",
    body: valid,
    headers: { ...json, "content-length": String(2 * 1024 * 1024) },
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
  },
  {
    name: "form content type",
    path: "/v1/courses",
    method: "POST",
    body: "topic=Tides",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  {
    name: "bad Idempotency-Key",
    path: "/v1/courses",
    method: "POST",
    body: valid,
    headers: { ...json, "idempotency-key": "has spaces in it" },
    status: 400,
    code: "INVALID_INPUT",
    field: "Idempotency-Key",
  },
  {
    name: "too long Idempotency-Key",
    path: "/v1/courses",
    method: "POST",
    body: valid,
    headers: { ...json, "idempotency-key": "k".repeat(256) },
    status: 400,
    code: "INVALID_INPUT",
    field: "Idempotency-Key",
  },
  {
    name: "unknown query parameter",
    path: "/v1/courses?priority=high",
    method: "POST",
    body: valid,
    headers: json,
    status: 400,
    code: "INVALID_INPUT",
    field: "priority",
  },
  {
    name: "no credentials",
    path: "/v1/courses",
    method: "POST",
    body: valid,
    headers: json,
    auth: "none",
    status: 401,
    code: "UNAUTHENTICATED",
  },
  {
    name: "Basic credentials",
    path: "/v1/courses",
    method: "POST",
    body: valid,
    headers: { ...json, authorization: "Basic YWxpY2U6c2VjcmV0" },
    auth: "none",
    status: 401,
    code: "UNAUTHENTICATED",
  },
  {
    name: "unknown token",
    path: "/v1/courses",
    method: "POST",
    body: valid,
    headers: { ...json, authorization: "Bearer cf_not-a-real-token" },
    auth: "none",
    status: 401,
    code: "UNAUTHENTICATED",
  },
  {
    name: "a JWT without a configured secret",
    path: "/v1/me",
    headers: { authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln" },
    auth: "none",
    status: 401,
    code: "UNAUTHENTICATED",
  },
  { name: "job id without prefix", path: "/v1/jobs/123", status: 400, code: "INVALID_INPUT", field: "id" },
  { name: "job id with bad characters", path: "/v1/jobs/job_a%20b", status: 400, code: "INVALID_INPUT", field: "id" },
  {
    name: "course id as job id",
    path: "/v1/jobs/crs_0123/cancel",
    method: "POST",
    status: 400,
    code: "INVALID_INPUT",
    field: "id",
  },
  { name: "SQL in an id", path: "/v1/courses/crs_1'%20OR%20'1'='1", status: 400, code: "INVALID_INPUT", field: "id" },
  { name: "unknown job", path: `/v1/jobs/${known}`, status: 404, code: "NOT_FOUND" },
  { name: "unknown job events", path: `/v1/jobs/${known}/events`, status: 404, code: "NOT_FOUND" },
  {
    name: "bad Last-Event-ID",
    path: `/v1/jobs/${known}/events`,
    headers: { "last-event-id": "abc" },
    status: 400,
    code: "INVALID_INPUT",
    field: "Last-Event-ID",
  },
  {
    name: "negative after",
    path: `/v1/jobs/${known}/events?after=-1`,
    status: 400,
    code: "INVALID_INPUT",
    field: "after",
  },
  {
    name: "outline PUT malformed",
    path: `/v1/jobs/${known}/outline`,
    method: "PUT",
    body: "{",
    headers: json,
    status: 400,
    code: "MALFORMED_JSON",
  },
  {
    name: "outline PUT wrong shape",
    path: `/v1/jobs/${known}/outline`,
    method: "PUT",
    body: '{"title": 1}',
    headers: json,
    status: 400,
    code: "INVALID_INPUT",
    field: "title",
  },
  {
    name: "outline PUT over 1 MB",
    path: `/v1/jobs/${known}/outline`,
    method: "PUT",
    body: bigTopic,
    headers: json,
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
  },
  {
    name: "unknown export format",
    path: "/v1/courses/crs_0123/export?format=pdf",
    status: 400,
    code: "INVALID_INPUT",
    field: "format",
  },
  { name: "limit 0", path: "/v1/courses?limit=0", status: 400, code: "INVALID_INPUT", field: "limit" },
  { name: "limit 101", path: "/v1/courses?limit=101", status: 400, code: "INVALID_INPUT", field: "limit" },
  { name: "limit not a number", path: "/v1/courses?limit=ten", status: 400, code: "INVALID_INPUT", field: "limit" },
  {
    name: "forged cursor",
    path: "/v1/courses?cursor=bm90LWEtY3Vyc29y",
    status: 400,
    code: "INVALID_INPUT",
    field: "cursor",
  },
  {
    name: "admin create with unknown field",
    path: "/v1/admin/users",
    method: "POST",
    body: '{"email": "a@example.com", "role": "student", "admin": true}',
    headers: json,
    auth: "admin",
    status: 400,
    code: "INVALID_INPUT",
    field: "admin",
  },
  {
    name: "admin create with bad role",
    path: "/v1/admin/users",
    method: "POST",
    body: '{"email": "a@example.com", "role": "root"}',
    headers: json,
    auth: "admin",
    status: 400,
    code: "INVALID_INPUT",
    field: "role",
  },
  {
    name: "admin disable with bad id",
    path: "/v1/admin/users/a%20b/disable",
    method: "POST",
    auth: "admin",
    status: 400,
    code: "INVALID_INPUT",
    field: "id",
  },
  { name: "unknown route", path: "/v1/nothing-here", status: 404, code: "NOT_FOUND" },
  { name: "wrong method", path: "/v1/courses", method: "DELETE", status: 404, code: "NOT_FOUND" },
];

describe("bad input", () => {
  it.each(cases)("$name → $status $code", async (testCase) => {
    const before = await counts();
    const headers = new Headers(testCase.headers);
    const user =
      testCase.auth === "admin" ? service.users.admin : testCase.auth === "none" ? undefined : service.users.alice;
    if (user !== undefined) headers.set("authorization", `Bearer ${user.token}`);
    const response = await service.app.request(testCase.path, {
      method: testCase.method ?? "GET",
      headers,
      ...(testCase.body === undefined ? {} : { body: testCase.body }),
    });
    const error = await expectError(response, testCase.status, testCase.code);
    if (testCase.field !== undefined) {
      expect(error.details.field).toBe(testCase.field);
      expect(error.message).toContain(testCase.field);
    }
    expect(await counts()).toEqual(before);
  });

  it("accepts the same request once it is well formed (the cases above fail for their stated reason)", async () => {
    const response = await service.app.request("/v1/courses", {
      method: "POST",
      headers: { ...json, authorization: `Bearer ${service.users.alice.token}` },
      body: valid,
    });
    expect(response.status).toBe(202);
  });
});
