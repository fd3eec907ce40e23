import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Queryable } from "../db/port.ts";
import type { LimiterObserver } from "../llm/call-policy.ts";
import type { LlmCallRecord } from "../llm/types.ts";

/** States a circuit breaker reports, as the gauge's values: closed 0, half-open 1, open 2. */
export const breakerStateValues = { closed: 0, half_open: 1, open: 2 } as const;

/** The Prometheus metrics of one process, on a registry of their own (never prom-client's global one). */
export interface Metrics {
  readonly registry: Registry;
  /** One attempt of a model call. */
  observeModelCall(
    record: Pick<
      LlmCallRecord,
      "model" | "outcome" | "latencyMs" | "promptTokens" | "completionTokens" | "cachedPromptTokens" | "costUsd"
    >,
  ): void;
  /** One finished pipeline step (`kind`: outline, lesson, quiz). */
  observeStep(kind: string, outcome: "succeeded" | "failed", durationMs: number): void;
  /** Time a call waited for a rate limiter before it was sent. */
  observeLimiterWait(model: string, waitedMs: number): void;
  /** The state of a circuit breaker. */
  setBreakerState(name: string, state: keyof typeof breakerStateValues): void;
  /**
   * Hooks for `openResilience` / `createProviderResilience` of the process that runs the workers:
   * breaker state changes and provider-budget waits (time and calls waiting) become series here.
   */
  resilienceHooks(): {
    onCircuitChange(model: string, state: "closed" | "open" | "half-open"): void;
    limiterObserver: LimiterObserver;
  };
  /**
   * Resolves once the database's current end is noted (at creation): model calls and steps written
   * after it are counted, whether or not `/metrics` was scraped yet. Await it before work starts.
   */
  readonly started: Promise<void>;
  /** Text exposition format for `GET /metrics` (runs the database collectors first). */
  render(): Promise<string>;
  readonly contentType: string;
}

/** Options of {@link createMetrics}. */
export interface CreateMetricsOptions {
  /**
   * Where job gauges are read on each scrape, and where model calls (`llm_calls`) and step
   * durations (`step.finished`/`step.failed` events) written by every worker are read from,
   * incrementally, on each scrape.
   */
  readonly database?: Queryable;
}

const secondsBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];

/** Creates the metrics of this process. */
export function createMetrics(options: CreateMetricsOptions = {}): Metrics {
  const registry = new Registry();
  const modelCalls = new Counter({
    name: "courseforge_model_calls_total",
    help: "Model call attempts by model and outcome (success or error code).",
    labelNames: ["model", "outcome"],
    registers: [registry],
  });
  const modelLatency = new Histogram({
    name: "courseforge_model_call_duration_seconds",
    help: "Latency of model call attempts.",
    labelNames: ["model", "outcome"],
    buckets: secondsBuckets,
    registers: [registry],
  });
  const modelTokens = new Counter({
    name: "courseforge_model_tokens_total",
    help: "Tokens of model calls by kind (prompt, completion, cached_prompt) and outcome.",
    labelNames: ["model", "outcome", "kind"],
    registers: [registry],
  });
  const modelCost = new Counter({
    name: "courseforge_model_cost_usd_total",
    help: "Cost of model calls in US dollars, by outcome.",
    labelNames: ["model", "outcome"],
    registers: [registry],
  });
  const stepDuration = new Histogram({
    name: "courseforge_step_duration_seconds",
    help: "Duration of pipeline steps by kind and outcome.",
    labelNames: ["kind", "outcome"],
    buckets: secondsBuckets,
    registers: [registry],
  });
  const limiterWait = new Histogram({
    name: "courseforge_limiter_wait_seconds",
    help: "Time model calls waited for a rate limiter.",
    labelNames: ["model"],
    buckets: [0, 0.01, 0.1, 0.5, 1, 5, 10, 30, 60],
    registers: [registry],
  });
  const limiterWaiting = new Gauge({
    name: "courseforge_limiter_waiting",
    help: "Model calls waiting for the provider budget now (this process).",
    labelNames: ["model"],
    registers: [registry],
  });
  const breakerState = new Gauge({
    name: "courseforge_breaker_state",
    help: "Circuit breaker state: 0 closed, 1 half-open, 2 open.",
    labelNames: ["name"],
    registers: [registry],
  });
  const jobs = new Gauge({
    name: "courseforge_jobs",
    help: "Jobs by state (all processes, read from the database).",
    labelNames: ["state"],
    registers: [registry],
  });
  const qualityLessons = new Counter({
    name: "courseforge_quality_lessons_total",
    help: "Lessons of succeeded courses by quality outcome: passed, mended (regenerated once, then passed), flagged (below a threshold).",
    labelNames: ["status"],
    registers: [registry],
  });
  const qualityCourses = new Counter({
    name: "courseforge_quality_courses_total",
    help: "Succeeded courses that were evaluated, by whether they passed (flagged courses are published with their flags).",
    labelNames: ["passed"],
    registers: [registry],
  });
  const queueDepth = new Gauge({
    name: "courseforge_queue_depth",
    help: "Jobs waiting to run (status queued).",
    registers: [registry],
  });
  const queueAge = new Gauge({
    name: "courseforge_queue_oldest_age_seconds",
    help: "Age of the oldest queued job (0 when none).",
    registers: [registry],
  });

  // Cursors start at the database's end when this registry is created: a counter counts what
  // happened while this process ran, including before the first scrape.
  let cursors: { calls: number; events: number } | undefined;
  const readEnds = async (database: Queryable) => {
    const [ends] = await database.query(
      `SELECT (SELECT COALESCE(max(id), 0) FROM llm_calls) AS calls, (SELECT COALESCE(max(id), 0) FROM course_generation_events) AS events`,
    );
    return { calls: (ends?.calls as number | undefined) ?? 0, events: (ends?.events as number | undefined) ?? 0 };
  };
  // A failure here is retried by the first scrape, which then starts counting from its own time.
  const started =
    options.database === undefined
      ? Promise.resolve()
      : readEnds(options.database).then(
          (ends) => void (cursors ??= ends),
          () => undefined,
        );

  const metrics: Metrics = {
    registry,
    started,
    contentType: registry.contentType,
    observeModelCall(record) {
      const labels = { model: record.model, outcome: record.outcome };
      modelCalls.inc(labels);
      modelLatency.observe(labels, record.latencyMs / 1_000);
      modelTokens.inc({ ...labels, kind: "prompt" }, record.promptTokens);
      modelTokens.inc({ ...labels, kind: "completion" }, record.completionTokens);
      modelTokens.inc({ ...labels, kind: "cached_prompt" }, record.cachedPromptTokens);
      modelCost.inc(labels, record.costUsd);
    },
    observeStep: (kind, outcome, durationMs) => stepDuration.observe({ kind, outcome }, durationMs / 1_000),
    observeLimiterWait: (model, waitedMs) => limiterWait.observe({ model }, waitedMs / 1_000),
    setBreakerState: (name, state) => breakerState.set({ name }, breakerStateValues[state]),
    resilienceHooks: () => ({
      onCircuitChange: (model, state) => metrics.setBreakerState(model, state === "half-open" ? "half_open" : state),
      limiterObserver: {
        waiting: (model, change) => limiterWaiting.inc({ model }, change),
        waited: (model, waitedMs) => metrics.observeLimiterWait(model, waitedMs),
      },
    }),
    async render() {
      if (options.database !== undefined) await collect(options.database);
      return registry.metrics();
    },
  };

  const collect = async (database: Queryable) => {
    const states = await database.query(`SELECT status, count(*) AS count FROM course_generation_jobs GROUP BY status`);
    jobs.reset();
    for (const state of ["queued", "running", "awaiting_approval", "succeeded", "failed", "canceled"])
      jobs.set({ state }, 0);
    for (const row of states) jobs.set({ state: row.status as string }, row.count as number);
    const [queue] = await database.query(
      `SELECT count(*) AS depth, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS age FROM course_generation_jobs WHERE status = 'queued'`,
    );
    queueDepth.set((queue?.depth as number | undefined) ?? 0);
    queueAge.set((queue?.age as number | undefined) ?? 0);

    await started;
    if (cursors === undefined) {
      cursors = await readEnds(database);
      return;
    }
    const calls = await database.query(
      `SELECT id, model, outcome, latency_ms, prompt_tokens, completion_tokens, cached_prompt_tokens, cost_usd FROM llm_calls WHERE id > $1 ORDER BY id LIMIT 10000`,
      [cursors.calls],
    );
    for (const row of calls) {
      metrics.observeModelCall({
        model: row.model as string,
        outcome: row.outcome as string,
        latencyMs: row.latency_ms as number,
        promptTokens: row.prompt_tokens as number,
        completionTokens: row.completion_tokens as number,
        cachedPromptTokens: row.cached_prompt_tokens as number,
        costUsd: row.cost_usd as number,
      });
      cursors.calls = row.id as number;
    }
    const steps = await database.query(
      `SELECT e.id, e.type, e.data, s.duration_ms
         FROM course_generation_events e
         LEFT JOIN course_generation_job_steps s ON s.job_id = e.job_id AND s.step = e.data->>'step'
        WHERE e.id > $1 AND e.type IN ('step.finished', 'step.failed', 'job.succeeded') ORDER BY e.id LIMIT 10000`,
      [cursors.events],
    );
    for (const row of steps) {
      const data = row.data as {
        step?: string;
        kind?: string;
        durationMs?: number;
        fromCheckpoint?: boolean;
        quality?: { passed?: boolean; lessons?: { passed?: number; mended?: number; flagged?: number } };
      };
      cursors.events = row.id as number;
      if (row.type === "job.succeeded") {
        if (data.quality === undefined) continue;
        qualityCourses.inc({ passed: String(data.quality.passed === true) });
        for (const status of ["passed", "mended", "flagged"] as const)
          qualityLessons.inc({ status }, data.quality.lessons?.[status] ?? 0);
        continue;
      }
      if (data.fromCheckpoint === true) continue; // done by an earlier run, already counted then
      const duration =
        typeof data.durationMs === "number" ? data.durationMs : ((row.duration_ms as number | null) ?? 0);
      metrics.observeStep(
        data.kind ?? (data.step ?? "unknown").split(":")[0]!,
        row.type === "step.finished" ? "succeeded" : "failed",
        duration,
      );
    }
  };
  return metrics;
}
