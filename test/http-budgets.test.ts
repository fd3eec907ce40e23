import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService, type TestUser } from "./support/http-service.ts";
import { expectError } from "./support/http-helpers.ts";

// USD budgets through the API on the test database's backend: what `GET /v1/me/usage` shows, the
// admin budget routes and the cost report.

let service: TestService;

beforeAll(async () => {
  service = await startTestService();
}, 60_000);
afterAll(async () => {
  await service?.cleanup();
});

function call(path: string, as: TestUser, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${as.token}` };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  return Promise.resolve(
    service.app.request(path, {
      method: init.method ?? "GET",
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    }),
  );
}

describe("USD budgets through the API", () => {
  it("shows dollars spent and left per day and month in GET /v1/me/usage, and follows an admin's change", async () => {
    const { alice, admin } = service.users;
    const before = await call("/v1/me/usage", alice);
    expect(before.status).toBe(200);
    const usage = (await before.json()) as { budget: { day: Record<string, unknown>; perCourseUsd: unknown } };
    expect(usage.budget.day).toMatchObject({
      limitUsd: service.config.budgets.roles.teacher.usdPerDay,
      spentUsd: 0,
      reservedUsd: 0,
    });
    const changed = await call(`/v1/admin/budgets/users/${alice.id}`, admin, {
      method: "PUT",
      body: { usdPerDay: 3.5, usdPerCourse: 0.25 },
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ usdPerDay: 3.5, usdPerMonth: null, usdPerCourse: 0.25 });
    const after = (await (await call("/v1/me/usage", alice)).json()) as typeof usage;
    expect(after.budget.day).toMatchObject({ limitUsd: 3.5, leftUsd: 3.5 });
    expect(after.budget.perCourseUsd).toBe(0.25);
    const settings = (await (await call("/v1/admin/budgets", admin)).json()) as { users: { userId: string }[] };
    expect(settings.users.map((user) => user.userId)).toContain(alice.id);
  });

  it("refuses the admin routes to others and bad amounts with a named field", async () => {
    const { alice, admin } = service.users;
    await expectError(await call("/v1/admin/budgets", alice), 403, "FORBIDDEN");
    await expectError(
      await call("/v1/admin/budgets/global", admin, { method: "PUT", body: { usdPerDay: -1 } }),
      400,
      "INVALID_INPUT",
    );
    await expectError(
      await call("/v1/admin/budgets/roles/student", admin, { method: "PUT", body: {} }),
      400,
      "INVALID_INPUT",
    );
    const global = await call("/v1/admin/budgets/global", admin, { method: "PUT", body: { usdPerDay: 50 } });
    expect(await global.json()).toEqual({ usdPerDay: 50 });
  });

  it("reports cost by user, role, model and day to admins", async () => {
    const { bob, admin } = service.users;
    const database = service.testDatabase.db;
    await database.query(
      "INSERT INTO course_generation_jobs (id, status, request, user_id) VALUES ('job_cost_report', 'succeeded', '{}'::jsonb, $1)",
      [bob.id],
    );
    await database.query(
      `INSERT INTO llm_calls (job_id, step, task, provider, model, attempt, outcome, prompt_tokens, completion_tokens,
         cached_prompt_tokens, usage_reported, latency_ms, cost_usd, started_at)
       VALUES ('job_cost_report', 'outline', 'outline', 'simulator', 'gpt-4.1-nano', 1, 'success', 1000, 500, 0, true, 10, 0.5, now())`,
    );
    const response = await call("/v1/admin/costs?days=7", admin);
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      byUser: { userId: string; costUsd: number }[];
      byModel: { model: string; calls: number }[];
      byRole: { role: string; costUsd: number }[];
      byDay: { day: string }[];
    };
    expect(report.byUser.find((line) => line.userId === bob.id)?.costUsd).toBe(0.5);
    expect(report.byModel.find((line) => line.model === "gpt-4.1-nano")?.calls).toBe(1);
    expect(report.byRole.find((line) => line.role === "teacher")?.costUsd).toBeGreaterThanOrEqual(0.5);
    expect(report.byDay.at(-1)?.day).toBe(new Date().toISOString().slice(0, 10));
    await expectError(await call("/v1/admin/costs?days=0", admin), 400, "INVALID_INPUT");
  });
});
