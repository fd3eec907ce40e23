/**
 * `bench cost`: the cost workload (bench/cost-workload.ts) under each scenario, side by side, on
 * the simulator (time-scaled) with the real worker, queue and database: dollars, tokens, calls,
 * makespan, valid courses, and whether any private material crossed users. Scenarios are a list:
 * (a) no cache, real time; (b) exact cache + similar-course reuse. The economy (Batch API) work
 * adds (c) and (d) as entries of `scenarios`.
 */
import { randomUUID } from "node:crypto";
import { openCostSavings, openEconomy, openKnowledgeRuntime, openProvider } from "../src/app/index.ts";
import { loadConfig } from "../src/config/index.ts";
import { CourseRequest, validateCourse, type Course } from "../src/course/index.ts";
import type { Database } from "../src/db/index.ts";
import { createCourseJobs, openPgBossQueue, startWorker } from "../src/jobs/index.ts";
import { findJob } from "../src/store/index.ts";
import { createUser, type Caller } from "../src/users/index.ts";
import { costWorkload, type WorkloadRequest } from "./cost-workload.ts";
import { parseFlags } from "./support/arguments.ts";
import type { BenchCommand, BenchContext } from "./support/context.ts";
import { defaultPostgresUrl, openBenchDatabase, type DatabaseKind } from "./support/database.ts";
import { round } from "./support/stats.ts";

/** One way of running the workload. */
export interface CostScenario {
  readonly name: string;
  readonly description: string;
  /** The exact answer cache and similar-course reuse (near-duplicates submitted with `reuse: "course"` when a similar course exists). */
  readonly savings: boolean;
  /** Economy mode: every request's lessons and quizzes through the Batch API at the batch price. */
  readonly economy: boolean;
}

/** The scenarios, in the order they are reported. */
export const scenarios: readonly CostScenario[] = [
  { name: "a", description: "no cache, real time", savings: false, economy: false },
  { name: "b", description: "exact cache + similar-course reuse, real time", savings: true, economy: false },
  { name: "c", description: "economy mode (Batch API, batch price)", savings: false, economy: true },
  { name: "d", description: "exact cache + similar-course reuse + economy mode", savings: true, economy: true },
];

/** What one scenario measured. */
export interface ScenarioFigures {
  readonly scenario: string;
  readonly description: string;
  readonly dollars: number;
  readonly tokens: number;
  readonly calls: number;
  /** Embedding calls (similar-course matching), counted in dollars and tokens too. */
  readonly embedding_calls: number;
  readonly makespan_ms: number;
  readonly courses_valid: number;
  readonly courses_failed: number;
  readonly steps_from_cache: number;
  readonly courses_reused: number;
  /** Private cache entries served to another user, or private courses reused by another user (must be 0). */
  readonly private_material_crossings: number;
}

const usage = `Usage: npm run bench -- cost [--json] [--scenarios a,b] [--time-scale X] [--database pglite|postgres]

  --json            print one JSON object as the last line of stdout
  --scenarios LIST  which scenarios to run (default: all: ${scenarios.map((scenario) => scenario.name).join(",")})
  --time-scale X    simulator latency multiplier (default 0.02: a few minutes on 2 cores)
  --database KIND   pglite (default) or postgres (DATABASE_URL, else ${defaultPostgresUrl})
`;

async function waitForJobs(database: Database, jobIds: readonly string[], signal: AbortSignal): Promise<void> {
  const pending = new Set(jobIds);
  while (pending.size > 0) {
    signal.throwIfAborted();
    for (const jobId of [...pending]) {
      const job = await findJob(database, jobId, signal);
      if (job && ["succeeded", "failed", "canceled"].includes(job.status)) pending.delete(jobId);
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function runScenario(
  scenario: CostScenario,
  workload: readonly WorkloadRequest[],
  options: {
    timeScale: number;
    kind: DatabaseKind;
    postgresUrl: string;
    signal: AbortSignal;
    log: (line: string) => void;
  },
): Promise<ScenarioFigures> {
  const { signal } = options;
  const bench = await openBenchDatabase(options.kind, options.postgresUrl, signal);
  const cleanups: (() => Promise<unknown>)[] = [() => bench.cleanup()];
  try {
    const { database } = bench;
    const config = loadConfig({
      COURSEFORGE_SIMULATOR_TIME_SCALE: String(options.timeScale),
      COURSEFORGE_QUEUE_POLLING_SECONDS: "0.5",
      COURSEFORGE_QUEUE_SCHEMA: options.kind === "postgres" ? `pgboss_${randomUUID().slice(0, 8)}` : "pgboss",
      COURSEFORGE_WORKER_CONCURRENCY: "16",
    });
    const { provider, simulator } = await openProvider(config);
    cleanups.unshift(async () => {
      await provider.close();
      await simulator?.close();
    });
    const knowledge = await openKnowledgeRuntime({
      config,
      database,
      ...(simulator === undefined ? {} : { simulatorUrl: simulator.url }),
    });
    cleanups.unshift(() => knowledge.close());
    const savings = scenario.savings ? openCostSavings(config, database, knowledge.embedder) : undefined;
    const economy = scenario.economy ? openEconomy(config, database, simulator?.url) : undefined;
    if (economy !== undefined) cleanups.unshift(() => economy.close());
    const queue = await openPgBossQueue({ database, schema: config.jobs.queueSchema, pollingSeconds: 0.5 });
    cleanups.unshift(() => queue.stop());
    const worker = await startWorker({
      database,
      queue,
      provider,
      config,
      simulated: true,
      workerId: `bench-cost:${scenario.name}`,
      ...(savings === undefined ? {} : { answerCache: savings.answerCache, similarity: savings.similarity }),
      ...(economy === undefined
        ? {}
        : {
            economy: { coordinator: economy.coordinator, priceFactor: economy.priceFactor, fallback: economy.fallback },
          }),
    });
    cleanups.unshift(() => worker.stop({ graceMs: 1_000 }));
    const jobs = createCourseJobs({ database, queue });
    const callers: Caller[] = [];
    for (let index = 0; index < 30; index++) {
      const user = await createUser(database, { email: `cost-${index}@bench.local`, role: "teacher" }, signal);
      callers.push({ userId: user.id, role: "teacher" });
    }

    const started = performance.now();
    let reused = 0;
    // Two waves: the distinct requests, then the near-duplicates once their originals exist.
    for (const wave of [workload.filter((item) => !item.duplicateOf), workload.filter((item) => item.duplicateOf)]) {
      const jobIds: string[] = [];
      for (const item of wave) {
        const caller = callers[item.user]!;
        let request = CourseRequest.parse(item.request);
        if (savings !== undefined && item.duplicateOf !== undefined) {
          const [similar] = await savings.similarity.findSimilar(caller, request, { limit: 1, signal });
          if (similar !== undefined) {
            request = { ...request, reuse: "course", reuseFrom: similar.courseId };
            reused++;
          }
        }
        if (scenario.economy) request = { ...request, mode: "economy" };
        const submitted = await jobs.submit(caller, { request, reviewOutline: false }, {}, signal);
        jobIds.push(submitted.job.id);
      }
      await waitForJobs(database, jobIds, signal);
      options.log(`  scenario ${scenario.name}: wave of ${wave.length} done`);
    }
    const makespanMs = performance.now() - started;

    // Every attempt counts in dollars and tokens; `calls` are the chat calls, embeddings apart.
    const [calls] = await database.query<{ calls: number; embedding_calls: number; tokens: number; dollars: number }>(
      `SELECT count(*) FILTER (WHERE task <> 'embedding')::bigint AS calls,
              count(*) FILTER (WHERE task = 'embedding')::bigint AS embedding_calls,
              coalesce(sum(prompt_tokens + completion_tokens), 0)::bigint AS tokens,
              coalesce(sum(cost_usd), 0)::numeric AS dollars FROM llm_calls`,
    );
    const courses = await database.query<{ document: Course }>(`SELECT document FROM courses`);
    const [failed] = await database.query<{ failed: number }>(
      `SELECT count(*)::bigint AS failed FROM course_generation_jobs WHERE status <> 'succeeded'`,
    );
    const [cached] = await database.query<{ steps: number }>(
      `SELECT count(*)::bigint AS steps FROM course_generation_job_steps WHERE served_from = 'cache'`,
    );
    // A private entry is keyed by its owner; one read by another user's job would be a crossing.
    // No job's request is grounded here, so private entries exist only when a scenario adds such requests.
    const [crossings] = await database.query<{ crossings: number }>(
      `SELECT count(*)::bigint AS crossings FROM course_generation_cache WHERE owner_id IS NOT NULL AND hits > 0
          AND NOT EXISTS (SELECT 1 FROM course_generation_jobs job WHERE job.user_id = course_generation_cache.owner_id)`,
    );
    const [reusedCrossings] = await database.query<{ crossings: number }>(
      `SELECT count(*)::bigint AS crossings FROM course_generation_events AS event
         JOIN course_generation_jobs AS job ON job.id = event.job_id
         JOIN courses AS source ON source.id = event.data->>'fromCourseId'
        WHERE event.type = 'job.reused' AND source.user_id IS DISTINCT FROM job.user_id
          AND source.document->'generation' ? 'grounded'`,
    );
    return {
      scenario: scenario.name,
      description: scenario.description,
      dollars: round(calls?.dollars ?? 0, 4),
      tokens: calls?.tokens ?? 0,
      calls: calls?.calls ?? 0,
      embedding_calls: calls?.embedding_calls ?? 0,
      makespan_ms: Math.round(makespanMs),
      courses_valid: courses.filter((row) => validateCourse(row.document).ok).length,
      courses_failed: failed?.failed ?? 0,
      steps_from_cache: cached?.steps ?? 0,
      courses_reused: reused,
      private_material_crossings: (crossings?.crossings ?? 0) + (reusedCrossings?.crossings ?? 0),
    };
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
  }
}

async function run(context: BenchContext): Promise<number> {
  const flags = parseFlags(context.args, {
    json: "switch",
    scenarios: "value",
    "time-scale": "value",
    database: "value",
  });
  const timeScale = flags.number("time-scale", 0.02, { min: 0, max: 10 });
  const kind = flags.choice("database", ["pglite", "postgres"] as const, "pglite");
  const wanted = (flags.text("scenarios") ?? scenarios.map((scenario) => scenario.name).join(",")).split(",");
  const chosen = scenarios.filter((scenario) => wanted.includes(scenario.name));
  const workload = costWorkload();
  const log = (line: string) => context.stderr.write(`${line}\n`);
  log(
    `workload: ${workload.length} requests from 30 users, ${workload.filter((item) => item.duplicateOf).length} near-duplicates`,
  );
  const results: ScenarioFigures[] = [];
  for (const scenario of chosen) {
    log(`scenario ${scenario.name} (${scenario.description})`);
    const figures = await runScenario(scenario, workload, {
      timeScale,
      kind,
      postgresUrl: context.environment.DATABASE_URL ?? defaultPostgresUrl,
      signal: context.signal,
      log,
    });
    results.push(figures);
    log(
      `  $${figures.dollars} ${figures.tokens} tokens ${figures.calls} calls ${figures.makespan_ms} ms, ${figures.courses_valid} valid, ${figures.steps_from_cache} steps from cache, ${figures.courses_reused} reused`,
    );
  }
  const baseline = results.find((figures) => figures.scenario === "a");
  const ratios = Object.fromEntries(
    results
      .filter((figures) => baseline !== undefined && figures.scenario !== "a" && baseline.dollars > 0)
      .map((figures) => [figures.scenario, round(figures.dollars / baseline!.dollars, 3)]),
  );
  if (flags.has("json"))
    context.stdout.write(
      `${JSON.stringify({ benchmark: "cost", time_scale: timeScale, database: kind, requests: workload.length, scenarios: results, cost_ratio_to_a: ratios, cost_ratio: ratios.d ?? null })}\n`,
    );
  return 0;
}

/** The `cost` subcommand. */
export const costCommand: BenchCommand = {
  summary: "cost workload (100 requests, 30 users, a third near-duplicates) under each scenario",
  usage,
  run,
};
