import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpService } from "../src/app/index.ts";
import { AlertListResponse, AlertResponse, LogListResponse } from "../src/http/schemas.ts";
import { createLogger } from "../src/observability/index.ts";
import { CourseforgeError } from "../src/errors/index.ts";
import { startTestService, type TestService } from "./support/http-service.ts";
import { expectError, expectJson } from "./support/http-helpers.ts";

// The observability routes: stored logs and alerts (admins), Prometheus metrics (open or behind a token).

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
  const log = createLogger({ database: service.testDatabase.db, destination: { write: () => {} }, level: "debug" });
  log.logger.debug({ jobId: "job_obs_1", event: "step.started" }, "debug line");
  log.logger.error(
    { jobId: "job_obs_1", event: "job.failed", error: new CourseforgeError("LLM_AUTH_FAILED", "key refused") },
    "job failed",
  );
  log.logger.info({ jobId: "job_obs_2", event: "job.started" }, "other job");
  await log.close();
});
afterAll(async () => {
  await service?.cleanup();
});

describe("GET /v1/admin/logs", () => {
  it("lists stored entries filtered by job, minimum severity and time, for admins only", async () => {
    const { admin, alice } = service.users;
    const all = await expectJson(
      await service.call("/v1/admin/logs?jobId=job_obs_1", { as: admin }),
      200,
      LogListResponse,
    );
    expect(all.logs.map((entry) => entry.message).sort()).toEqual(["debug line", "job failed"]);
    const errors = await expectJson(
      await service.call("/v1/admin/logs?jobId=job_obs_1&severity=warn", { as: admin }),
      200,
      LogListResponse,
    );
    expect(errors.logs).toHaveLength(1);
    expect(errors.logs[0]).toMatchObject({
      severity: "error",
      event: "job.failed",
      errorName: "CourseforgeError",
      suggestion: expect.stringContaining("OPENAI_API_KEY"),
    });
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(
      (await expectJson(await service.call(`/v1/admin/logs?since=${future}`, { as: admin }), 200, LogListResponse))
        .logs,
    ).toEqual([]);
    expect(
      (
        await expectJson(
          await service.call(`/v1/admin/logs?until=${future}&limit=1`, { as: admin }),
          200,
          LogListResponse,
        )
      ).logs,
    ).toHaveLength(1);
    const bad = await expectError(
      await service.call("/v1/admin/logs?severity=loud", { as: admin }),
      400,
      "INVALID_INPUT",
    );
    expect(JSON.stringify(bad)).toContain("severity");
    await expectError(await service.call("/v1/admin/logs", { as: alice }), 403, "FORBIDDEN");
  });
});

describe("/v1/admin/alerts", () => {
  it("lists, acknowledges and resolves alerts", async () => {
    const { admin } = service.users;
    const [row] = await service.testDatabase.db.query(
      `INSERT INTO course_generation_alerts (rule, key, severity, status, message) VALUES ('queue_stalled', 'queue', 'critical', 'open', 'stalled') RETURNING id`,
    );
    const id = row!.id as number;
    const open = await expectJson(
      await service.call("/v1/admin/alerts?status=open", { as: admin }),
      200,
      AlertListResponse,
    );
    expect(open.alerts.map((alert) => alert.id)).toContain(id);
    const acknowledged = await expectJson(
      await service.call(`/v1/admin/alerts/${id}/acknowledge`, { method: "POST", as: admin }),
      200,
      AlertResponse,
    );
    expect(acknowledged).toMatchObject({ status: "acknowledged", acknowledgedAt: expect.any(String) });
    const resolved = await expectJson(
      await service.call(`/v1/admin/alerts/${id}/resolve`, { method: "POST", as: admin }),
      200,
      AlertResponse,
    );
    expect(resolved).toMatchObject({ status: "resolved", resolvedAt: expect.any(String) });
    // Acknowledging a resolved alert leaves it resolved.
    expect(
      (
        await expectJson(
          await service.call(`/v1/admin/alerts/${id}/acknowledge`, { method: "POST", as: admin }),
          200,
          AlertResponse,
        )
      ).status,
    ).toBe("resolved");
    expect(
      (
        await expectJson(await service.call("/v1/admin/alerts?status=open", { as: admin }), 200, AlertListResponse)
      ).alerts.map((alert) => alert.id),
    ).not.toContain(id);
    await expectError(
      await service.call("/v1/admin/alerts/999999/resolve", { method: "POST", as: admin }),
      404,
      "NOT_FOUND",
    );
    await expectError(
      await service.call("/v1/admin/alerts/abc/resolve", { method: "POST", as: admin }),
      400,
      "INVALID_INPUT",
    );
  });
});

describe("GET /metrics", () => {
  it("serves the Prometheus text format without credentials when no token is configured", async () => {
    await service.testDatabase.db.query(
      `INSERT INTO course_generation_jobs (id, status, request) VALUES ('job_obs_queued', 'queued', '{}'::jsonb)`,
    );
    const response = await service.call("/metrics");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain("# TYPE courseforge_model_calls_total counter");
    expect(text).toMatch(/^courseforge_jobs\{state="queued"\} [1-9]/m);
  });

  it("asks for the metrics token when one is configured", async () => {
    const metricsToken = "metrics-token-0123456789";
    const app = createHttpService({
      database: service.testDatabase.db,
      queue: service.queue,
      jobs: service.jobs,
      config: { auth: {}, observability: { metricsToken } },
    }).app;
    await expectError(await app.request("/metrics"), 401, "UNAUTHENTICATED");
    await expectError(
      await app.request("/metrics", { headers: { authorization: `Bearer ${service.users.admin.token}` } }),
      401,
      "UNAUTHENTICATED",
    );
    const response = await app.request("/metrics", { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("courseforge_queue_depth");
  });
});
