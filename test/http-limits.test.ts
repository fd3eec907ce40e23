import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AppEnv } from "../src/http/index.ts";
import { createHttpService } from "../src/app/index.ts";
import { createCourseLimits } from "../src/limits/index.ts";
import { makeUser, startTestService, type TestService, type TestUser } from "./support/http-service.ts";
import { expectError } from "./support/http-helpers.ts";

// Rate limits and quotas of POST /v1/courses, through the API, on the test database's backend
// (COURSEFORGE_TEST_DATABASE). The limiter reads a fake clock: no sleeps, windows move on demand.

const hourMs = 3_600_000;
const dayMs = 86_400_000;
let service: TestService;
let app: Hono<AppEnv>;
let nowMs = Date.parse("2031-03-10T09:00:00Z");
let admin: TestUser;

beforeAll(async () => {
  service = await startTestService();
  const limits = createCourseLimits({
    database: service.testDatabase.db,
    defaults: service.config.limits,
    now: () => nowMs,
  });
  app = createHttpService({
    database: service.testDatabase.db,
    queue: service.queue,
    jobs: service.jobs,
    config: service.config,
    limits,
  }).app;
  admin = service.users.admin;
});
afterAll(async () => {
  await service?.cleanup();
});
// Every test starts two days later: every bucket of earlier tests has refilled.
beforeEach(() => {
  nowMs += 2 * dayMs;
});

function call(
  path: string,
  as: TestUser,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${as.token}`, ...init.headers };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  return Promise.resolve(
    app.request(path, {
      method: init.method ?? "GET",
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    }),
  );
}

const submit = (as: TestUser, headers: Record<string, string> = {}) =>
  call("/v1/courses", as, { method: "POST", body: { topic: "Tides", modules: 1, lessonsPerModule: 1 }, headers });

async function jobCount(user: TestUser): Promise<number> {
  const [row] = await service.testDatabase.db.query(
    "SELECT count(*) AS n FROM course_generation_jobs WHERE user_id = $1",
    [user.id],
  );
  return Number(row?.n);
}

async function submitAccepted(as: TestUser, times: number): Promise<void> {
  for (let index = 0; index < times; index += 1) {
    const response = await submit(as);
    expect(response.status, `submission ${index + 1}: ${await response.clone().text()}`).toBe(202);
    await response.arrayBuffer();
  }
}

async function expectLimited(
  as: TestUser,
  limit: string,
  retryAfterSeconds: number,
  quota: number,
  windowSeconds: number,
): Promise<void> {
  const before = await jobCount(as);
  const response = await submit(as);
  const error = await expectError(response, 429, "RATE_LIMITED");
  expect(error.details).toMatchObject({ limit });
  expect(response.headers.get("retry-after")).toBe(String(retryAfterSeconds));
  expect(response.headers.get("ratelimit-policy")).toBe(`"${limit}";q=${quota};w=${windowSeconds}`);
  expect(response.headers.get("ratelimit")).toBe(`"${limit}";r=0;t=${retryAfterSeconds}`);
  expect(await jobCount(as)).toBe(before);
}

const put = (path: string, body: unknown) => call(path, admin, { method: "PUT", body });

describe("hourly limit with burst, per role", () => {
  it("accepts 5 + 2 for a student, then 429 with Retry-After and RateLimit headers; nothing enqueued", async () => {
    const student = await makeUser(service.testDatabase, "student", "s");
    const first = await submit(student);
    expect(first.status).toBe(202);
    expect(first.headers.get("ratelimit-policy")).toBe('"courses-hour";q=5;w=3600, "courses-day";q=20;w=86400');
    expect(first.headers.get("ratelimit")).toMatch(/^"courses-hour";r=6;t=720, "courses-day";r=19;t=4320$/);
    await submitAccepted(student, 6);
    // 3600 s / 5 per hour: one course comes back every 720 s.
    await expectLimited(student, "courses-hour", 720, 5, 3600);
  });

  it("accepts 20 + 2 for a teacher, then 429", async () => {
    const teacher = await makeUser(service.testDatabase, "teacher", "t");
    await submitAccepted(teacher, 22);
    await expectLimited(teacher, "courses-hour", 180, 20, 3600);
  });

  it("applies a role's limits changed at runtime by an admin (here: admins, 3 + 1)", async () => {
    const other = await makeUser(service.testDatabase, "admin", "a");
    expect((await put("/v1/admin/limits/roles/admin", { coursesPerHour: 3, burst: 1 })).status).toBe(200);
    try {
      await submitAccepted(other, 4);
      await expectLimited(other, "courses-hour", 1200, 3, 3600);
    } finally {
      expect((await put("/v1/admin/limits/roles/admin", { coursesPerHour: 1000, burst: 0 })).status).toBe(200);
    }
  });
});

describe("reset", () => {
  it("gives one course back after Retry-After, and the hourly rate after an hour", async () => {
    const student = await makeUser(service.testDatabase, "student", "r");
    await submitAccepted(student, 7);
    await expectLimited(student, "courses-hour", 720, 5, 3600);
    nowMs += 719_000;
    await expectLimited(student, "courses-hour", 1, 5, 3600);
    nowMs += 1_000;
    await submitAccepted(student, 1);
    await expectLimited(student, "courses-hour", 720, 5, 3600);
    nowMs += hourMs;
    await submitAccepted(student, 5);
    await expectLimited(student, "courses-hour", 720, 5, 3600);
  });

  it("limits courses per day across hours", async () => {
    const student = await makeUser(service.testDatabase, "student", "d");
    expect((await put(`/v1/admin/limits/users/${student.id}`, { coursesPerHour: 100, coursesPerDay: 3 })).status).toBe(
      200,
    );
    await submitAccepted(student, 3);
    await expectLimited(student, "courses-day", 28_800, 3, 86_400);
  });
});

describe("overrides and the global limit", () => {
  it("lets a user's override beat the role, until it is cleared", async () => {
    const teacher = await makeUser(service.testDatabase, "teacher", "o");
    const response = await put(`/v1/admin/limits/users/${teacher.id}`, { coursesPerHour: 1, burst: 0 });
    expect(await response.json()).toEqual({ coursesPerHour: 1, coursesPerDay: null, tokensPerDay: null, burst: 0 });
    await submitAccepted(teacher, 1);
    await expectLimited(teacher, "courses-hour", 3600, 1, 3600);
    const settings = (await (await call("/v1/admin/limits", admin)).json()) as { users: Array<{ userId: string }> };
    expect(settings.users.map((entry) => entry.userId)).toContain(teacher.id);
    expect(await (await call(`/v1/admin/limits/users/${teacher.id}`, admin, { method: "DELETE" })).json()).toEqual({
      userId: teacher.id,
      cleared: true,
    });
    await submitAccepted(teacher, 1);
  });

  it("refuses everyone past the global limit", async () => {
    const users = [
      await makeUser(service.testDatabase, "teacher", "g1"),
      await makeUser(service.testDatabase, "student", "g2"),
    ];
    expect((await put("/v1/admin/limits/global", { coursesPerHour: 3 })).status).toBe(200);
    try {
      await submitAccepted(users[0]!, 2);
      await submitAccepted(users[1]!, 1);
      await expectLimited(users[1]!, "courses-global", 1200, 3, 3600);
      await expectLimited(users[0]!, "courses-global", 1200, 3, 3600);
    } finally {
      expect((await put("/v1/admin/limits/global", { coursesPerHour: 2000 })).status).toBe(200);
    }
  });
});

describe("token quota", () => {
  it("answers 429 QUOTA_EXCEEDED once today's model calls used the daily tokens", async () => {
    const student = await makeUser(service.testDatabase, "student", "q");
    await submitAccepted(student, 1);
    const [job] = await service.testDatabase.db.query("SELECT id FROM course_generation_jobs WHERE user_id = $1", [
      student.id,
    ]);
    const insert = (prompt: number, completion: number, at: number) =>
      service.testDatabase.db.query(
        `INSERT INTO llm_calls (job_id, step, task, provider, model, attempt, outcome, prompt_tokens, completion_tokens, cached_prompt_tokens, usage_reported, latency_ms, cost_usd, started_at, created_at)
         VALUES ($1, 'outline', 'outline', 'simulator', 'm', 1, 'ok', $2, $3, 0, true, 1, 0, $4, $4)`,
        [job!.id, prompt, completion, new Date(at)],
      );
    await insert(250_000, 100_000, nowMs - dayMs); // yesterday: does not count
    await insert(200_000, 99_999, nowMs);
    await submitAccepted(student, 1);
    await insert(0, 1, nowMs);
    const before = await jobCount(student);
    const response = await submit(student);
    const error = await expectError(response, 429, "QUOTA_EXCEEDED");
    expect(error.details).toMatchObject({ limit: "tokens-day", quota: 300_000 });
    const untilMidnight = Math.ceil((Math.floor(nowMs / dayMs) * dayMs + dayMs - nowMs) / 1000);
    expect(response.headers.get("retry-after")).toBe(String(untilMidnight));
    expect(response.headers.get("ratelimit")).toBe(`"tokens-day";r=0;t=${untilMidnight}`);
    expect(await jobCount(student)).toBe(before);
    const usage = (await (await call("/v1/me/usage", student)).json()) as {
      tokensPerDay: { used: number; remaining: number };
    };
    expect(usage.tokensPerDay).toMatchObject({ used: 300_000, remaining: 0 });
  });
});

describe("idempotency and concurrency", () => {
  it("does not charge an idempotent replay", async () => {
    const teacher = await makeUser(service.testDatabase, "teacher", "i");
    await put(`/v1/admin/limits/users/${teacher.id}`, { coursesPerHour: 1, burst: 0 });
    const headers = { "idempotency-key": "replay-key-1" };
    expect((await submit(teacher, headers)).status).toBe(202);
    const replay = await submit(teacher, headers);
    expect(replay.status).toBe(202);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    await expectLimited(teacher, "courses-hour", 3600, 1, 3600);
    expect(await jobCount(teacher)).toBe(1);
  });

  it("never lets 30 concurrent requests past 10 + 2", async () => {
    const teacher = await makeUser(service.testDatabase, "teacher", "c");
    await put(`/v1/admin/limits/users/${teacher.id}`, { coursesPerHour: 10, burst: 2 });
    const responses = await Promise.all(Array.from({ length: 30 }, () => submit(teacher)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(12);
    expect(statuses.filter((status) => status === 429)).toHaveLength(18);
    expect(await jobCount(teacher)).toBe(12);
  });
});

describe("GET /v1/me/usage and the admin routes", () => {
  it("shows the caller's counts, limits and reset times", async () => {
    const teacher = await makeUser(service.testDatabase, "teacher", "u");
    await submitAccepted(teacher, 2);
    const usage = await (await call("/v1/me/usage", teacher)).json();
    expect(usage).toMatchObject({
      userId: teacher.id,
      role: "teacher",
      limits: { coursesPerHour: 20, coursesPerDay: 100, tokensPerDay: 2_000_000, burst: 2 },
      coursesPerHour: { limit: 20, burst: 2, used: 2, remaining: 20, resetAt: new Date(nowMs + 360_000).toISOString() },
      coursesPerDay: { limit: 100, used: 2, remaining: 98 },
      tokensPerDay: { limit: 2_000_000, used: 0, remaining: 2_000_000 },
    });
  });

  it("refuses non-admins (403), bad bodies (400) and unknown users (404)", async () => {
    await expectError(await call("/v1/admin/limits", service.users.alice), 403, "FORBIDDEN");
    await expectError(
      await call("/v1/admin/limits/roles/teacher", service.users.alice, { method: "PUT", body: { burst: 9 } }),
      403,
      "FORBIDDEN",
    );
    await expectError(await put("/v1/admin/limits/roles/teacher", { coursesPerHour: -1 }), 400, "INVALID_INPUT");
    await expectError(await put("/v1/admin/limits/roles/teacher", { perHour: 3 }), 400, "INVALID_INPUT");
    await expectError(await put("/v1/admin/limits/roles/teacher", {}), 400, "INVALID_INPUT");
    await expectError(await put("/v1/admin/limits/roles/guest", { burst: 1 }), 400, "INVALID_INPUT");
    await expectError(await put("/v1/admin/limits/users/usr_nobody", { burst: 1 }), 404, "USER_NOT_FOUND");
    const settings = await (await call("/v1/admin/limits", admin)).json();
    expect(settings).toMatchObject({
      roles: { student: { coursesPerHour: 5, burst: 2 }, teacher: { coursesPerHour: 20 } },
      global: { coursesPerHour: 2000 },
    });
  });
});
