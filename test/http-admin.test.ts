import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { StatsResponse } from "../src/http/schemas.ts";
import { IssuedTokenResponse, MeResponse } from "../src/http/schemas.ts";
import { hashToken } from "../src/users/index.ts";
import { expectError, expectJson, sendJson } from "./support/http-helpers.ts";
import { makeUser, startTestService, type TestService } from "./support/http-service.ts";

// The admin routes the web UI's dashboard and user pages need: GET /v1/admin/stats and
// POST /v1/admin/users/:id/tokens (the figures themselves: src/observability/admin-stats.test.ts).

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.cleanup();
});

describe("GET /v1/admin/stats", () => {
  it("gives an admin the dashboard's figures, read from the jobs and model calls", async () => {
    const { db } = service.testDatabase;
    await db.query(
      `INSERT INTO course_generation_jobs (id, status, request, created_at) VALUES ('job_stats_queued', 'queued', '{}'::jsonb, now() - interval '90 seconds')`,
    );
    await db.query(
      `INSERT INTO course_generation_jobs (id, status, request, finished_at) VALUES ('job_stats_failed', 'failed', '{}'::jsonb, now())`,
    );
    await db.query(
      `INSERT INTO llm_calls (job_id, step, task, provider, model, attempt, outcome, prompt_tokens, completion_tokens, cached_prompt_tokens, usage_reported, latency_ms, cost_usd, started_at, created_at)
       VALUES (NULL, 'outline', 'outline', 'simulator', 'stats-model', 1, 'success', 10, 5, 0, true, 120, 0.5, now(), now()),
              (NULL, 'outline', 'outline', 'simulator', 'stats-model', 2, 'LLM_TIMEOUT', 10, 0, 0, true, 900, 0, now(), now())`,
    );
    const stats = await expectJson(
      await service.call("/v1/admin/stats", { as: service.users.admin }),
      200,
      StatsResponse,
    );
    expect(stats.jobs.byState).toMatchObject({ queued: 1, failed: 1, running: 0 });
    expect(stats.jobs.queueDepth).toBe(1);
    expect(stats.jobs.oldestQueuedAgeSeconds).toBeGreaterThanOrEqual(89);
    expect(stats.throughput.hours).toHaveLength(24);
    expect(stats.throughput.finishedLast24Hours).toBe(1);
    expect(stats.modelCalls.windowHours).toBe(24);
    expect(stats.modelCalls.models).toEqual([
      expect.objectContaining({
        model: "stats-model",
        calls: 2,
        errors: 1,
        errorRate: 0.5,
        p50LatencyMs: 510,
        costUsd: 0.5,
        promptTokens: 20,
      }),
    ]);
    expect(stats.costPerDay).toHaveLength(14);
    expect(stats.costPerDay.at(-1)!.day).toBe(stats.generatedAt.slice(0, 10));
    // Today's, or yesterday's when the calls were stored just before midnight UTC.
    expect(stats.costPerDay.slice(-2).reduce((sum, day) => sum + day.costUsd, 0)).toBe(0.5);
  });

  it("takes the model window in hours and refuses a bad one", async () => {
    const stats = await expectJson(
      await service.call("/v1/admin/stats?hours=168", { as: service.users.admin }),
      200,
      StatsResponse,
    );
    expect(stats.modelCalls.windowHours).toBe(168);
    for (const hours of ["0", "721", "1.5", "abc"]) {
      const error = await expectError(
        await service.call(`/v1/admin/stats?hours=${hours}`, { as: service.users.admin }),
        400,
        "INVALID_INPUT",
      );
      expect(error.details.field, hours).toBe("hours");
    }
    await expectError(await service.call("/v1/admin/stats?days=3", { as: service.users.admin }), 400, "INVALID_INPUT");
  });

  it("is for admins only", async () => {
    await expectError(await service.call("/v1/admin/stats", { as: service.users.alice }), 403, "FORBIDDEN");
    await expectError(await service.call("/v1/admin/stats"), 401, "UNAUTHENTICATED");
  });
});

describe("POST /v1/admin/users/:id/tokens", () => {
  it("issues another working token, shown once and stored only as its hash", async () => {
    const grace = await makeUser(service.testDatabase, "teacher", "grace");
    const response = await sendJson(service, `/v1/admin/users/${grace.id}/tokens`, service.users.admin, {
      name: "laptop",
    });
    expect(response.headers.get("cache-control")).toBe("no-store");
    const issued = await expectJson(response, 201, IssuedTokenResponse);
    expect(issued).toMatchObject({ userId: grace.id, name: "laptop", tokenPrefix: issued.token.slice(0, 9) });
    expect(issued.token).toMatch(/^cf_/);

    const me = await expectJson(
      await service.call("/v1/me", { as: { ...grace, token: issued.token } }),
      200,
      MeResponse,
    );
    expect(me).toEqual({ userId: grace.id, email: grace.email, role: "teacher" });
    // The first token still works.
    expect((await service.call("/v1/me", { as: grace })).status).toBe(200);

    const rows = z
      .array(z.object({ token_hash: z.string(), name: z.string() }))
      .parse(
        await service.testDatabase.db.query(`SELECT token_hash, name FROM api_tokens WHERE id = $1`, [issued.tokenId]),
      );
    expect(rows).toEqual([{ token_hash: hashToken(issued.token), name: "laptop" }]);
    const plain = await service.testDatabase.db.query(
      `SELECT id FROM api_tokens WHERE token_hash = $1 OR token_prefix = $1`,
      [issued.token],
    );
    expect(plain).toEqual([]);
  });

  it("names it default without a name", async () => {
    const issued = await expectJson(
      await sendJson(service, `/v1/admin/users/${service.users.bob.id}/tokens`, service.users.admin, {}),
      201,
      IssuedTokenResponse,
    );
    expect(issued.name).toBe("default");
  });

  it("refuses an unknown user, a disabled user, a bad body and a non-admin", async () => {
    const { admin } = service.users;
    await expectError(await sendJson(service, "/v1/admin/users/usr_nobody/tokens", admin, {}), 404, "USER_NOT_FOUND");
    const gone = await makeUser(service.testDatabase, "student", "gone");
    expect((await service.call(`/v1/admin/users/${gone.id}/disable`, { method: "POST", as: admin })).status).toBe(200);
    await expectError(await sendJson(service, `/v1/admin/users/${gone.id}/tokens`, admin, {}), 409, "USER_DISABLED");
    const unknownField = await expectError(
      await sendJson(service, `/v1/admin/users/${service.users.bob.id}/tokens`, admin, { role: "admin" }),
      400,
      "INVALID_INPUT",
    );
    expect(unknownField.message).toContain("role");
    await expectError(
      await sendJson(service, `/v1/admin/users/${service.users.bob.id}/tokens`, admin, { name: "" }),
      400,
      "INVALID_INPUT",
    );
    await expectError(
      await sendJson(service, `/v1/admin/users/${service.users.bob.id}/tokens`, service.users.alice, {}),
      403,
      "FORBIDDEN",
    );
  });
});
