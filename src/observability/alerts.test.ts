import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import { evaluateAlerts } from "./alert-evaluator.ts";
import { alertRules } from "./alert-rules.ts";
import { listAlerts, setAlertStatus, type Alert } from "./alert-store.ts";

let testDatabase: TestDatabase;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

const now = new Date("2026-03-10T12:00:00Z");
const minutesBefore = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

async function insertCalls(model: string, outcome: string, count: number, at: Date, costUsd = 0): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await testDatabase.db.query(
      `INSERT INTO llm_calls (job_id, step, task, provider, model, attempt, outcome, prompt_tokens, completion_tokens, cached_prompt_tokens, usage_reported, latency_ms, cost_usd, started_at, created_at)
       VALUES (NULL, 'outline', 'outline', 'simulator', $1, 1, $2, 10, 10, 0, true, 100, $3, $4, $4)`,
      [model, outcome, costUsd, at],
    );
  }
}

function recorder() {
  const changes: string[] = [];
  return {
    changes,
    notify: async (alert: Alert, change: "opened" | "resolved") =>
      void changes.push(`${change} ${alert.rule}/${alert.key}`),
  };
}

describe("evaluateAlerts", () => {
  it("opens one alert per condition, deduplicates while it holds, resolves it when it clears", async () => {
    const { changes, notify } = recorder();
    const rules = {
      error_rate: alertRules.error_rate!,
      rate_limited: alertRules.rate_limited!,
      daily_budget: alertRules.daily_budget!,
    };
    await insertCalls("model-a", "success", 14, minutesBefore(5), 0.5);
    await insertCalls("model-a", "LLM_RATE_LIMITED", 6, minutesBefore(5));
    await insertCalls("model-b", "LLM_TIMEOUT", 5, minutesBefore(5)); // too few calls to judge
    await insertCalls("model-a", "LLM_TIMEOUT", 50, minutesBefore(60)); // outside the window

    const thresholds = { dailyBudgetUsd: 5 };
    const first = await evaluateAlerts({ database: testDatabase.db, rules, notify, thresholds }, now);
    expect(first.opened.map((alert) => `${alert.rule}/${alert.key}`).sort()).toEqual([
      "daily_budget/2026-03-10",
      "error_rate/model-a",
      "rate_limited/model-a",
    ]);
    expect(first.opened.find((alert) => alert.rule === "daily_budget")?.message).toContain("$7.00");

    const second = await evaluateAlerts(
      { database: testDatabase.db, rules, notify, thresholds },
      new Date(now.getTime() + 30_000),
    );
    expect(second.opened).toEqual([]);
    const open = await listAlerts(testDatabase.db, { status: "open" });
    expect(open).toHaveLength(3);
    expect(open.every((alert) => alert.count === 2)).toBe(true);

    const acknowledged = await setAlertStatus(
      testDatabase.db,
      open.find((alert) => alert.rule === "rate_limited")!.id,
      "acknowledged",
    );
    expect(acknowledged?.status).toBe("acknowledged");

    // 20 minutes on, the calls are out of the window; the budget still stands for the day.
    const later = await evaluateAlerts(
      { database: testDatabase.db, rules, notify, thresholds },
      new Date(now.getTime() + 20 * 60_000),
    );
    expect(later.resolved.map((alert) => alert.rule).sort()).toEqual(["error_rate", "rate_limited"]);
    expect(changes).toEqual(expect.arrayContaining(["opened error_rate/model-a", "resolved rate_limited/model-a"]));
    expect(changes.filter((change) => change.startsWith("opened"))).toHaveLength(3);
    expect((await listAlerts(testDatabase.db, { status: "open" })).map((alert) => alert.rule)).toEqual([
      "daily_budget",
    ]);

    // The condition coming back opens a new alert.
    await insertCalls("model-a", "LLM_RATE_LIMITED", 20, new Date(now.getTime() + 25 * 60_000));
    const again = await evaluateAlerts(
      { database: testDatabase.db, rules, notify, thresholds },
      new Date(now.getTime() + 26 * 60_000),
    );
    expect(again.opened.map((alert) => alert.rule).sort()).toEqual(["error_rate", "rate_limited"]);
  });

  it("finds failed jobs, a stalled queue and opened circuits", async () => {
    const rules = {
      job_failed: alertRules.job_failed!,
      queue_stalled: alertRules.queue_stalled!,
      circuit_opened: alertRules.circuit_opened!,
    };
    const realNow = new Date();
    await testDatabase.db.query(
      `INSERT INTO course_generation_jobs (id, status, request, failure_code, failure_reason, finished_at, created_at) VALUES
         ('job_alert_failed', 'failed', '{}'::jsonb, 'LLM_AUTH_FAILED', 'bad key', $1, $1),
         ('job_alert_queued', 'queued', '{}'::jsonb, NULL, NULL, NULL, $2)`,
      [new Date(realNow.getTime() - 60_000), new Date(realNow.getTime() - 30 * 60_000)],
    );
    await testDatabase.db.query(
      `INSERT INTO course_generation_logs (severity, event, message, details, created_at) VALUES ('warn', 'circuit.opened', 'opened', '{"breaker":"gpt-4.1-mini"}'::jsonb, $1)`,
      [realNow],
    );
    const { opened } = await evaluateAlerts({ database: testDatabase.db, rules }, realNow);
    expect(opened.map((alert) => `${alert.rule}/${alert.key}`).sort()).toEqual([
      "circuit_opened/gpt-4.1-mini",
      "job_failed/LLM_AUTH_FAILED",
      "queue_stalled/queue",
    ]);
    expect(opened.find((alert) => alert.rule === "job_failed")?.message).toContain("job_alert_failed");

    await testDatabase.db.query(`UPDATE course_generation_jobs SET status = 'running' WHERE id = 'job_alert_queued'`);
    const { resolved } = await evaluateAlerts(
      { database: testDatabase.db, rules },
      new Date(realNow.getTime() + 1_000),
    );
    expect(resolved.map((alert) => alert.rule)).toEqual(["queue_stalled"]);
  });
});
