import fc from "fast-check";
import type { z } from "zod";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiRoutes, type RouteSpec } from "../src/http/index.ts";
import { makeUser, startTestService, type TestService, type TestUser } from "./support/http-service.ts";

// Every route of the API (read from its route table, so a new route is fuzzed without touching
// this file) gets property-based bad input: path parameters, query strings, bodies, content
// types, credentials and the headers it reads. Whatever arrives, the answer is never a 5xx and
// every error has the documented `{error: {code, message, details}}` shape. Seeded: a failure
// replays the same way; fast-check prints the seed, path and shrunk input.

const seed = 20_261_207;
const minimumRequests = 2_000;
const runsPerRoute = Math.max(80, Math.ceil(minimumRequests / apiRoutes.length));

let service: TestService;
let victim: TestUser;
let realJobId: string;
const internalErrors: Array<{ error: unknown; request: string }> = [];
let requestsSent = 0;

beforeAll(async () => {
  service = await startTestService({
    environment: { COURSEFORGE_METRICS_TOKEN: "metrics-token-0123456789" },
    app: {
      onError: (error, request) => internalErrors.push({ error, request: `${request.method} ${request.path}` }),
    },
  });
  // Without limits, a fuzzed course request reaches the database instead of stopping at a 429.
  for (const role of ["student", "teacher", "admin"]) {
    const unlimited = await service.call(`/v1/admin/limits/roles/${role}`, {
      method: "PUT",
      as: service.users.admin,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ coursesPerHour: null, coursesPerDay: null, tokensPerDay: null }),
    });
    expect(unlimited.status, internalErrors.map(({ error }) => String(error)).join("; ")).toBe(200);
  }
  const unlimitedGlobal = await service.call("/v1/admin/limits/global", {
    method: "PUT",
    as: service.users.admin,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ coursesPerHour: null }),
  });
  expect(unlimitedGlobal.status).toBe(200);
  // Admin routes may disable or re-limit the user named in a path: give them one of their own.
  victim = await makeUser(service.testDatabase, "student", "victim");
  const submitted = await service.call("/v1/courses", {
    method: "POST",
    as: service.users.alice,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ topic: "Tides" }),
  });
  realJobId = ((await submitted.json()) as { jobId: string }).jobId;
}, 120_000);
beforeEach(() => {
  internalErrors.length = 0;
});
afterAll(async () => {
  await service?.cleanup();
});

// Text Postgres or the HTTP layer may choke on: NUL, lone surrogates, numbers past every column,
// escapes, injection attempts, long and empty strings.
const nastyTexts = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "Tides\u0000",
  "\u0000Tides",
  "\ud800",
  "x\udfffy",
  "Tides\ud83d",
  "\udc00Tides",
  "\ud83d\ude00",
  "\\u0000",
  "%00",
  "%ED%A0%80",
  "%",
  "'; DROP TABLE users; --",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "null",
  "true",
  "[]",
  "{}",
  "-1",
  "0",
  "1.5",
  "1e308",
  "NaN",
  "Infinity",
  String(2 ** 31),
  String(2 ** 31 - 1),
  String(2 ** 53),
  String(2 ** 63),
  "9".repeat(40),
  "x".repeat(5_000),
  "job_0123456789abcdef0123",
  "crs_0123456789abcdef0123",
  "usr_0123456789abcdef0123",
  "2026-01-31T12:00:00Z",
  "0000-00-00T99:99:99Z",
];
const nastyNumbers = [0, -1, -0, 1.5, 2 ** 31 - 1, 2 ** 31, 2 ** 53 - 1, 2 ** 53, 2 ** 63, 1e308, -1e308, 5e-324];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...nastyTexts) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);
const number = fc.oneof(fc.constantFrom(...nastyNumbers), fc.integer(), fc.double({ noNaN: true }));
const leaf = fc.oneof(text, number, fc.boolean(), fc.constant(null));
const value = fc.oneof(
  { weight: 4, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(text, leaf, { maxKeys: 4 }) },
);

// Ordinary-looking text with one character Postgres cannot store: what slips past a schema.
const poisoned = fc
  .tuple(fc.string({ maxLength: 10 }), fc.constantFrom("\u0000", "\ud800", "\udfff", "\ud83d"))
  .map(([middle, poison]) => `Tides ${middle}${poison}`);
const fieldValue = fc.oneof(
  { weight: 2, arbitrary: poisoned },
  { weight: 2, arbitrary: text },
  { weight: 1, arbitrary: number },
  { weight: 1, arbitrary: value },
);

// A valid body per operation, so that one bad field at a time reaches what lies behind the
// schema. A route missing here is still fuzzed, starting from an empty object.
const validBodies: Readonly<Record<string, Record<string, unknown>>> = {
  createCourse: { topic: "Tides" },
  updateOutline: { title: "Tides", modules: [] },
  createUser: { email: "fuzzed@example.com", role: "student" },
  issueUserToken: { name: "laptop" },
  setRoleLimits: { coursesPerHour: 5 },
  setUserLimits: { burst: 1 },
  setGlobalLimit: { coursesPerHour: 100 },
};

/** The field names of an object schema (also behind a refinement), for targeted bad values. */
function fieldsOf(schema: z.ZodType | undefined): string[] {
  const shaped = schema as unknown as
    { shape?: Record<string, unknown>; _zod?: { def?: { in?: unknown } } } | undefined;
  if (shaped?.shape !== undefined) return Object.keys(shaped.shape);
  const inner = shaped?._zod?.def?.in as z.ZodType | undefined;
  return inner === undefined ? [] : fieldsOf(inner);
}

function objectOf(fields: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const known =
    fields.length === 0
      ? fc.constant({})
      : fc.record(Object.fromEntries(fields.map((field) => [field, value])), { requiredKeys: [] });
  return fc
    .tuple(known, fc.dictionary(text, value, { maxKeys: 2 }), fc.boolean())
    .map(([fixed, extra, withExtra]) => (withExtra ? { ...extra, ...fixed } : fixed));
}

// What a request body may be: an object of the route's fields with bad values, any JSON, JSON
// that is not an object, text that is not JSON, a deep nest, or nothing.
function bodyFor(spec: RouteSpec): fc.Arbitrary<string | undefined> {
  const base = validBodies[spec.operationId] ?? {};
  const fields = [...new Set([...fieldsOf(spec.body), ...Object.keys(base)])];
  const oneBadField =
    fields.length === 0
      ? fc.constant(JSON.stringify(base))
      : fc
          .tuple(fc.constantFrom(...fields), fieldValue)
          .map(([field, bad]) => JSON.stringify({ ...base, [field]: bad }));
  return fc.oneof(
    { weight: 6, arbitrary: oneBadField },
    { weight: 4, arbitrary: objectOf(fieldsOf(spec.body)).map((object) => JSON.stringify(object)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((json) => JSON.stringify(json)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{"topic": "Tides",',
        "{'topic': 'single quotes'}",
        '{"topic":"\\ud800"}',
        '{"topic":"\\u0000"}',
        '{"topic": 1e999}',
        '{"coursesPerHour": 99999999999999999999999}',
        "[".repeat(5_000) + "]".repeat(5_000),
        "\u0000",
        "undefined",
        "",
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

// Mostly JSON, so bodies get past the content-type check to the validation behind it.
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("application/json", "application/json; charset=utf-8", undefined) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/xml",
      "garbage",
    ),
  },
);

// Header values must be Latin-1 without CR, LF or NUL, or fetch refuses to send them at all.
const headerText = text.map((raw) => raw.replace(/[^\t\x20-\x7e\x80-\xff]/g, "").slice(0, 300));
// Mostly a caller the route admits (an admin for admin routes), so requests get past
// authentication to what lies behind it.
function credentialFor(spec: RouteSpec): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: spec.access === "admin" ? fc.constant("admin") : fc.constantFrom("alice", "admin", "student"),
    },
    { weight: 1, arbitrary: fc.constantFrom("alice", "student", "none", "garbage", "jwt", "basic") },
  );
}

// A URL carries bytes: a lone surrogate cannot be percent-encoded (the raw sequences
// "%ED%A0%80" and "%00" above stand in for it), so it becomes U+FFFD here.
function encode(raw: string): string {
  return encodeURIComponent(raw.toWellFormed());
}

function pathFor(spec: RouteSpec, parameters: readonly string[]): string {
  let index = 0;
  return spec.path.replace(/:(\w+)/g, () => parameters[index++] ?? "");
}

// A path segment: a real id, a well-formed unknown id, or bad text (percent-encoded, or raw
// percent sequences that do not decode).
const pathParameter = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("REAL_JOB", "VICTIM", "teacher", "student", "admin", "1", "42") },
  { weight: 3, arbitrary: text.map((raw) => encode(raw)) },
  { weight: 1, arbitrary: fc.constantFrom("%00", "%ED%A0%80", "%", "%zz", "..", ".", "%2F") },
);

function resolveParameter(parameter: string): string {
  if (parameter === "REAL_JOB") return realJobId;
  if (parameter === "VICTIM") return victim.id;
  return parameter;
}

const queryString = fc
  .tuple(fc.array(fc.tuple(text, text), { maxLength: 4 }), fc.boolean())
  .map(([pairs, raw]) =>
    pairs.map(([key, val]) => (raw ? `${key}=${val}` : `${encode(key)}=${encode(val)}`)).join("&"),
  );

function queryFor(spec: RouteSpec): fc.Arbitrary<string> {
  const fields = fieldsOf(spec.query);
  // Mostly no query or one bad field, so the rest of the request gets its turn.
  if (fields.length === 0)
    return fc.oneof({ weight: 3, arbitrary: fc.constant("") }, { weight: 1, arbitrary: queryString });
  const oneBadField = fc
    .tuple(fc.constantFrom(...fields), fc.oneof(poisoned, text))
    .map(([key, val]) => `${key}=${encode(val)}`);
  const several = fc
    .array(fc.tuple(fc.constantFrom(...fields), text), { maxLength: 3 })
    .map((pairs) => pairs.map(([key, val]) => `${key}=${encode(val)}`).join("&"));
  return fc.oneof(
    { weight: 3, arbitrary: oneBadField },
    { weight: 1, arbitrary: several },
    { weight: 1, arbitrary: queryString },
  );
}

interface FuzzRequest {
  readonly parameters: string[];
  readonly query: string;
  readonly body: string | undefined;
  readonly contentType: string | undefined;
  readonly credential: string;
  readonly idempotencyKey: string | undefined;
  readonly lastEventId: string | undefined;
  readonly method: string;
}

function requestFor(spec: RouteSpec): fc.Arbitrary<FuzzRequest> {
  const parameterCount = (spec.path.match(/:\w+/g) ?? []).length;
  return fc.record({
    parameters: fc.array(pathParameter, { minLength: parameterCount, maxLength: parameterCount }),
    query: queryFor(spec),
    body: bodyFor(spec),
    contentType,
    credential: credentialFor(spec),
    idempotencyKey: fc.option(headerText, { nil: undefined }),
    lastEventId: fc.option(headerText, { nil: undefined }),
    // Mostly the route's own method; sometimes another, which must be a clean 404.
    method: fc.oneof(
      { weight: 9, arbitrary: fc.constant(spec.method.toUpperCase()) },
      { weight: 1, arbitrary: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH") },
    ),
  });
}

function authorizationOf(credentialName: string): string | undefined {
  const users: Record<string, TestUser> = {
    alice: service.users.alice,
    admin: service.users.admin,
    student: service.users.student,
  };
  if (credentialName in users) return `Bearer ${users[credentialName]!.token}`;
  if (credentialName === "garbage") return "Bearer cf_\u00ff\u00fe garbage";
  if (credentialName === "jwt") return "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.";
  if (credentialName === "basic") return "Basic YWRtaW46YWRtaW4=";
  return undefined;
}

async function send(spec: RouteSpec, input: FuzzRequest): Promise<{ status: number; text: string; type: string }> {
  const headers = new Headers();
  const authorization = authorizationOf(input.credential);
  if (authorization !== undefined) headers.set("authorization", authorization);
  if (input.contentType !== undefined) headers.set("content-type", input.contentType);
  if (input.idempotencyKey !== undefined) headers.set("idempotency-key", input.idempotencyKey);
  if (input.lastEventId !== undefined) headers.set("last-event-id", input.lastEventId);
  const path = pathFor(spec, input.parameters.map(resolveParameter));
  const url = `http://localhost${path}${input.query === "" ? "" : `?${input.query}`}`;
  const hasBody = input.body !== undefined && input.method !== "GET";
  requestsSent += 1;
  console.log(
    "FUZZ",
    spec.operationId,
    input.method,
    input.credential,
    input.contentType,
    (input.body ?? "").slice(0, 80),
  );
  const response = await service.app.request(url, {
    method: input.method,
    headers,
    ...(hasBody ? { body: input.body } : {}),
  });
  const type = response.headers.get("content-type") ?? "";
  console.log(
    "FUZZSTATUS",
    spec.operationId,
    response.status,
    response.status === 400 ? await response.clone().text() : "",
  );
  // An event stream of a job that never ends would never finish: its headers are the answer.
  if (type.startsWith("text/event-stream")) {
    await response.body?.cancel();
    return { status: response.status, text: "", type };
  }
  return { status: response.status, text: await response.text(), type };
}

function checkAnswer(answer: { status: number; text: string; type: string }, label: string): void {
  expect(answer.status, `${label}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  if (answer.status < 400) return;
  expect(answer.type, label).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text) as Record<string, unknown>;
  expect(Object.keys(body), label).toEqual(["error"]);
  const error = body.error as Record<string, unknown>;
  expect(Object.keys(error).sort(), label).toEqual(["code", "details", "message"]);
  expect(typeof error.code, label).toBe("string");
  expect(typeof error.message, label).toBe("string");
  expect(typeof error.details === "object" && error.details !== null && !Array.isArray(error.details), label).toBe(
    true,
  );
}

describe("fuzzing every route", () => {
  it("covers the whole route table", () => {
    expect(apiRoutes.length).toBeGreaterThan(20);
    expect(runsPerRoute * apiRoutes.length).toBeGreaterThanOrEqual(minimumRequests);
  });

  it.each(
    apiRoutes.map(
      (definition) => [`${definition.spec.method.toUpperCase()} ${definition.spec.path}`, definition.spec] as const,
    ),
  )("%s: never a 5xx, every error in the documented shape", async (label, spec) => {
    await fc.assert(
      fc.asyncProperty(requestFor(spec), async (input) => {
        const answer = await send(spec, input);
        checkAnswer(answer, `${input.method} ${label}`);
        expect(internalErrors, label).toEqual([]);
      }),
      { seed, numRuns: runsPerRoute, endOnFailure: true },
    );
  });

  it("answers unknown paths and methods with a JSON 404, and sent enough requests in all", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          text.map((raw) => encode(raw)),
          { minLength: 1, maxLength: 4 },
        ),
        async (segments) => {
          const spec: RouteSpec = {
            method: "get",
            path: `/v1/${segments.join("/")}/nothing`,
            operationId: "fuzz",
            summary: "",
            tag: "",
            access: "public",
            responses: {},
          };
          const answer = await send(spec, {
            parameters: [],
            query: "",
            body: undefined,
            contentType: undefined,
            credential: "alice",
            idempotencyKey: undefined,
            lastEventId: undefined,
            method: "GET",
          });
          checkAnswer(answer, spec.path);
        },
      ),
      { seed, numRuns: 50, endOnFailure: true },
    );
    expect(requestsSent).toBeGreaterThanOrEqual(minimumRequests);
    expect(internalErrors).toEqual([]);
  });
});
