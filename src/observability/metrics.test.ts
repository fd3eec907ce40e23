import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import { createMetrics } from "./metrics.ts";

let testDatabase: TestDatabase;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

function sampleValue(text: string, line: string): number | undefined {
  const found = text.split("\n").find((candidate) => candidate.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

async function insertJob(id: string, status: string, ageSeconds: number): Promise<void> {
  await testDatabase.db.query(
    `INSERT INTO course_generation_jobs (id, status, request, created_at) VALUES ($1, $2, '{}'::jsonb, now() - make_interval(secs => $3))`,
    [id, status, ageSeconds],
  );
}

describe("createMetrics", () => {
  it("keeps registries apart and exposes model calls observed in process", async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.observeModelCall({
      model: "gpt-4.1-mini",
      outcome: "success",
      latencyMs: 1_500,
      promptTokens: 100,
      completionTokens: 40,
      cachedPromptTokens: 10,
      costUsd: 0.002,
    });
    first.observeModelCall({
      model: "gpt-4.1-mini",
      outcome: "LLM_RATE_LIMITED",
      latencyMs: 20,
      promptTokens: 0,
      completionTokens: 0,
      cachedPromptTokens: 0,
      costUsd: 0,
    });
    first.setBreakerState("gpt-4.1-mini", "open");
    const text = await first.render();
    expect(sampleValue(text, 'courseforge_model_calls_total{model="gpt-4.1-mini",outcome="success"}')).toBe(1);
    expect(sampleValue(text, 'courseforge_model_calls_total{model="gpt-4.1-mini",outcome="LLM_RATE_LIMITED"}')).toBe(1);
    expect(
      sampleValue(
        text,
        'courseforge_model_call_duration_seconds_bucket{le="2.5",model="gpt-4.1-mini",outcome="success"}',
      ),
    ).toBe(1);
    expect(
      sampleValue(
        text,
        'courseforge_model_call_duration_seconds_bucket{le="1",model="gpt-4.1-mini",outcome="success"}',
      ),
    ).toBe(0);
    expect(
      sampleValue(text, 'courseforge_model_tokens_total{model="gpt-4.1-mini",outcome="success",kind="prompt"}'),
    ).toBe(100);
    expect(sampleValue(text, 'courseforge_model_cost_usd_total{model="gpt-4.1-mini",outcome="success"}')).toBeCloseTo(
      0.002,
    );
    expect(sampleValue(text, 'courseforge_breaker_state{name="gpt-4.1-mini"}')).toBe(2);
    expect(await second.render()).not.toContain('outcome="success"');
  });

  it("turns breaker changes and provider-budget waits reported through resilienceHooks into series", async () => {
    const metrics = createMetrics();
    const hooks = metrics.resilienceHooks();
    hooks.onCircuitChange("m1", "open");
    hooks.onCircuitChange("m1", "half-open");
    hooks.onCircuitChange("m2", "closed");
    hooks.limiterObserver.waiting("m1", 1);
    hooks.limiterObserver.waiting("m1", 1);
    hooks.limiterObserver.waiting("m1", -1);
    hooks.limiterObserver.waited("m1", 0);
    hooks.limiterObserver.waited("m1", 2_000);
    const text = await metrics.render();
    expect(sampleValue(text, 'courseforge_breaker_state{name="m1"}')).toBe(1);
    expect(sampleValue(text, 'courseforge_breaker_state{name="m2"}')).toBe(0);
    expect(sampleValue(text, 'courseforge_limiter_waiting{model="m1"}')).toBe(1);
    expect(sampleValue(text, 'courseforge_limiter_wait_seconds_count{model="m1"}')).toBe(2);
    expect(sampleValue(text, 'courseforge_limiter_wait_seconds_sum{model="m1"}')).toBe(2);
    expect(sampleValue(text, 'courseforge_limiter_wait_seconds_bucket{le="1",model="m1"}')).toBe(1);
  });

  it("reads job gauges on scrape and counts model calls and steps written to the database after it started", async () => {
    const metrics = createMetrics({ database: testDatabase.db });
    await insertJob("job_metrics_old", "queued", 600);
    await insertJob("job_metrics_new", "queued", 5);
    await insertJob("job_metrics_run", "running", 5);
    const before = await metrics.render();
    expect(sampleValue(before, 'courseforge_jobs{state="queued"}')).toBe(2);
    expect(sampleValue(before, 'courseforge_jobs{state="failed"}')).toBe(0);
    expect(sampleValue(before, "courseforge_queue_depth")).toBe(2);
    expect(sampleValue(before, "courseforge_queue_oldest_age_seconds")).toBeGreaterThanOrEqual(600);

    await testDatabase.db.query(
      `INSERT INTO llm_calls (job_id, step, task, provider, model, attempt, outcome, prompt_tokens, completion_tokens, cached_prompt_tokens, usage_reported, latency_ms, cost_usd, started_at)
       VALUES ('job_metrics_run', 'outline', 'outline', 'simulator', 'm1', 1, 'success', 50, 20, 0, true, 300, 0.5, now()),
              ('job_metrics_run', 'outline', 'outline', 'simulator', 'm1', 2, 'LLM_TIMEOUT', 0, 0, 0, false, 9000, 0, now())`,
    );
    await testDatabase.db.query(
      `INSERT INTO course_generation_events (job_id, type, data) VALUES
         ('job_metrics_run', 'step.finished', '{"step":"lesson:m1-l1","kind":"lesson","durationMs":4000,"fromCheckpoint":false}'::jsonb),
         ('job_metrics_run', 'step.finished', '{"step":"lesson:m1-l2","kind":"lesson","durationMs":1,"fromCheckpoint":true}'::jsonb)`,
    );
    const after = await metrics.render();
    expect(sampleValue(after, 'courseforge_model_calls_total{model="m1",outcome="success"}')).toBe(1);
    expect(sampleValue(after, 'courseforge_model_calls_total{model="m1",outcome="LLM_TIMEOUT"}')).toBe(1);
    expect(sampleValue(after, 'courseforge_model_cost_usd_total{model="m1",outcome="success"}')).toBe(0.5);
    expect(sampleValue(after, 'courseforge_model_cost_usd_total{model="m1",outcome="LLM_TIMEOUT"}')).toBe(0);
    expect(sampleValue(after, 'courseforge_step_duration_seconds_count{kind="lesson",outcome="succeeded"}')).toBe(1);
    expect(sampleValue(after, 'courseforge_step_duration_seconds_sum{kind="lesson",outcome="succeeded"}')).toBe(4);
    // A second scrape counts nothing twice.
    expect(sampleValue(await metrics.render(), 'courseforge_model_calls_total{model="m1",outcome="success"}')).toBe(1);
  });

  it("counts lessons passed, mended and flagged, and courses by whether they passed, from job.succeeded", async () => {
    const metrics = createMetrics({ database: testDatabase.db });
    await insertJob("job_metrics_quality", "running", 5);
    await metrics.render();
    await testDatabase.db.query(
      `INSERT INTO course_generation_events (job_id, type, data) VALUES
         ('job_metrics_quality', 'job.succeeded', '{"quality":{"passed":false,"lessons":{"passed":3,"mended":2,"flagged":1}}}'::jsonb),
         ('job_metrics_quality', 'job.succeeded', '{"courseId":"crs_1"}'::jsonb)`,
    );
    const text = await metrics.render();
    expect(sampleValue(text, 'courseforge_quality_lessons_total{status="passed"}')).toBe(3);
    expect(sampleValue(text, 'courseforge_quality_lessons_total{status="mended"}')).toBe(2);
    expect(sampleValue(text, 'courseforge_quality_lessons_total{status="flagged"}')).toBe(1);
    expect(sampleValue(text, 'courseforge_quality_courses_total{passed="false"}')).toBe(1);
    expect(sampleValue(text, 'courseforge_quality_courses_total{passed="true"}')).toBeUndefined();
  });

  it("counts the model calls made before its first scrape", async () => {
    const metrics = createMetrics({ database: testDatabase.db });
    await metrics.started;
    await testDatabase.db.query(
      `INSERT INTO llm_calls (job_id, step, task, provider, model, attempt, outcome, prompt_tokens, completion_tokens, cached_prompt_tokens, usage_reported, latency_ms, cost_usd, started_at)
       VALUES ('job_metrics_run', 'outline', 'outline', 'simulator', 'm-early', 1, 'success', 50, 20, 0, true, 300, 0.25, now())`,
    );
    const first = await metrics.render();
    expect(sampleValue(first, 'courseforge_model_calls_total{model="m-early",outcome="success"}')).toBe(1);
    expect(sampleValue(first, 'courseforge_model_cost_usd_total{model="m-early",outcome="success"}')).toBe(0.25);
  });
});
