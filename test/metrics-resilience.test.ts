import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.ts";
import { createCourseJobs, openPgBossQueue, type JobQueue } from "../src/jobs/index.ts";
import { startService, type RunningService } from "../src/app/index.ts";
import { startSimulator, type RunningSimulator } from "../src/simulator/index.ts";
import { smallRequest, waitFor, waitForStatus } from "./jobs-support.ts";
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from "./support/database.ts";

// `npm start` (API and workers in one process) on the test database, generating with the
// openai-compatible provider against a simulator the test steers; /metrics is read as text.

const model = "gpt-4.1-mini";

/** The value of the sample `series` (name and labels exactly as exposed), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("GET /metrics of a process running the workers", () => {
  let simulator: RunningSimulator;
  let testDatabase: TestDatabase;
  let service: RunningService;
  let queue: JobQueue;
  const logLines: string[] = [];

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, seed: 5, timeScale: 0.01 });
    testDatabase = await createTestDatabase();
    // The service opens the database itself: on PGlite the folder admits one holder.
    await testDatabase.db.close();
    const where: Record<string, string> =
      testDatabase.backend === "pglite"
        ? { COURSEFORGE_DATA_DIR: testDatabase.location }
        : {
            DATABASE_URL: `${testDatabaseUrl()}?options=${encodeURIComponent(`-c search_path=${testDatabase.location}`)}`,
            COURSEFORGE_QUEUE_SCHEMA: `${testDatabase.location}_queue`,
          };
    const config = loadConfig({
      ...where,
      COURSEFORGE_PROVIDER: "openai",
      // The call counts below are the generation's own (no judge calls).
      COURSEFORGE_QUALITY: "off",
      OPENAI_BASE_URL: simulator.url,
      OPENAI_API_KEY: "test",
      COURSEFORGE_MODEL: model,
      // One call at a time per model: calls of two jobs queue in the provider budget.
      COURSEFORGE_MODEL_CONCURRENCY_MAX: "1",
      COURSEFORGE_BREAKER_FAILURES: "2",
      COURSEFORGE_BREAKER_HALF_OPEN_MS: "60000",
      COURSEFORGE_QUEUE_POLLING_SECONDS: "0.5",
      COURSEFORGE_SHUTDOWN_GRACE_SECONDS: "1",
    });
    service = await startService({
      config,
      mode: "all",
      port: 0,
      host: "127.0.0.1",
      log: { info: () => {}, error: () => {} },
      logDestination: { write: (line) => void logLines.push(line) },
    });
    queue = await openPgBossQueue({ database: service.database, schema: config.jobs.queueSchema, pollingSeconds: 0.5 });
  }, 120_000);
  afterAll(async () => {
    simulator?.setFaults({ rate: 0, kinds: [] });
    await queue?.stop();
    await service?.stop();
    await simulator?.close();
    if (testDatabase?.backend === "postgres") {
      const { dropSchema } = await import("./jobs-support.ts");
      await dropSchema(`${testDatabase.location}_queue`);
    }
    await testDatabase?.cleanup();
  });

  it("exposes model calls by model and outcome (latency, tokens, cost), provider-budget waits and breaker states", async () => {
    const scrape = async () => {
      const response = await fetch(`${service.url}/metrics`);
      expect(response.status).toBe(200);
      return response.text();
    };
    // The first scrape marks where the database-fed counters start.
    await scrape();
    const [admin] = await service.database.query<{ id: string }>(`SELECT id FROM users WHERE role = 'admin'`);
    const caller = { userId: admin!.id, role: "admin" as const };
    const jobs = createCourseJobs({ database: service.database, queue });
    const submitted = await Promise.all(
      [1, 2].map((index) =>
        jobs.submit(caller, { request: smallRequest(`Metered course ${index}`, 1), reviewOutline: false }, {}),
      ),
    );
    for (const { job } of submitted) await waitForStatus(service.database, job.id, "succeeded", 60_000);

    // The provider fails: two failures in a row open the model's circuit.
    simulator.setFaults({ rate: 1, kinds: ["server_error"] });
    await jobs.submit(caller, { request: smallRequest("Course during an outage", 1), reviewOutline: false }, {});
    const text = await waitFor(
      async () => {
        const current = await scrape();
        // The breaker opens on the second failure, a moment before that call's record is stored:
        // wait for both failed calls, not just the first.
        return (
          sample(current, `courseforge_breaker_state{name="${model}"}`) === 2 &&
          (sample(current, `courseforge_model_calls_total{model="${model}",outcome="LLM_PROVIDER_UNAVAILABLE"}`) ??
            0) >= 2 &&
          current
        );
      },
      "an open breaker and both failed calls in /metrics",
      30_000,
    );

    // Model calls by model and outcome: count, latency histogram, tokens and cost.
    expect(sample(text, `courseforge_model_calls_total{model="${model}",outcome="success"}`)).toBe(6);
    expect(
      sample(text, `courseforge_model_calls_total{model="${model}",outcome="LLM_PROVIDER_UNAVAILABLE"}`),
    ).toBeGreaterThanOrEqual(2);
    expect(sample(text, `courseforge_model_call_duration_seconds_count{model="${model}",outcome="success"}`)).toBe(6);
    expect(
      sample(text, `courseforge_model_tokens_total{model="${model}",outcome="success",kind="completion"}`),
    ).toBeGreaterThan(100);
    expect(
      sample(
        text,
        `courseforge_model_tokens_total{model="${model}",outcome="LLM_PROVIDER_UNAVAILABLE",kind="completion"}`,
      ),
    ).toBe(0);
    expect(sample(text, `courseforge_model_cost_usd_total{model="${model}",outcome="success"}`)).toBeGreaterThan(0);

    // Provider-budget waits: every call passed the limiter; with one call at a time, the two jobs'
    // calls queued, so some waited longer than 10 ms. No call waits now (the third job waits for the circuit).
    const passed = sample(text, `courseforge_limiter_wait_seconds_count{model="${model}"}`)!;
    expect(passed).toBeGreaterThanOrEqual(8);
    expect(sample(text, `courseforge_limiter_wait_seconds_bucket{le="0.01",model="${model}"}`)).toBeLessThan(passed);
    expect(sample(text, `courseforge_limiter_waiting{model="${model}"}`)).toBe(0);

    // The opening was logged for the circuit_opened alert rule.
    expect(
      logLines.some((line) => line.includes('"event":"circuit.opened"') && line.includes(`"breaker":"${model}"`)),
    ).toBe(true);
  }, 120_000);
});
