/**
 * `bench cost`: one workload (100 requests from 30 users, a third near-duplicates) through the real
 * pipeline and the simulator, once per scenario, side by side: dollars, tokens, calls, makespan and
 * valid courses. Scenarios are a list; each gets a fresh database and simulator.
 */
import { defaultPrices } from "../src/config/index.ts";
import { validateCourse } from "../src/course/index.ts";
import type { Database } from "../src/db/index.ts";
import { runGenerationJob } from "../src/jobs/index.ts";
import { createBatchCoordinator, createOpenAiBatchApi, createOpenAiCompatibleProvider } from "../src/llm/index.ts";
import { startSimulator } from "../src/simulator/index.ts";
import { costWorkload, type WorkloadRequest } from "./cost-workload.ts";
import { parseFlags } from "./support/arguments.ts";
import type { BenchCommand, BenchContext } from "./support/context.ts";
import { databaseKinds, defaultPostgresUrl, openBenchDatabase } from "./support/database.ts";
import { round } from "./support/stats.ts";

const model = "gpt-4.1-mini";

/** What a scenario changes: how each request is sent. */
interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly economy: boolean;
}

/** (a) and (c) of issue 17; (b) and (d) need the cache and similar reuse (another branch). */
const scenarios: readonly Scenario[] = [
  { name: "a_realtime", description: "no cache, real time", economy: false },
  { name: "c_economy", description: "economy mode (Batch API, 50% price)", economy: true },
];

const usage = `Usage: npm run bench -- cost [--json] [--requests N] [--users N] [--time-scale X] [--database pglite|postgres]

  --json            print one JSON object as the last line of stdout
  --requests N      requests in the workload, 3 to 1000 (default 100)
  --users N         users sending them (default 30)
  --time-scale X    simulator time multiplier (default 0.005: a 5-minute batch takes 1.5 s)
  --database KIND   pglite (default) or postgres (DATABASE_URL, else ${defaultPostgresUrl})
`;

/** Figures of one scenario. */
interface ScenarioResult {
  readonly name: string;
  readonly description: string;
  readonly dollars: number;
  readonly tokens: number;
  readonly calls: number;
  readonly batches: number;
  readonly makespan_ms: number;
  readonly courses: number;
  readonly valid_courses: number;
}

async function runScenario(
  scenario: Scenario,
  workload: readonly WorkloadRequest[],
  options: { timeScale: number; database: Database; signal: AbortSignal },
): Promise<ScenarioResult> {
  const { database, signal, timeScale } = options;
  const simulator = await startSimulator({ seed: 42, timeScale, batches: { completionMs: 300_000 } });
  const provider = createOpenAiCompatibleProvider({
    name: "simulator",
    apiKey: "bench",
    baseUrl: simulator.url,
    timeoutMs: 60_000,
  });
  // The service's defaults (30 s window, 10 s polls), on the simulator's clock.
  const coordinator = scenario.economy
    ? createBatchCoordinator({
        database,
        api: createOpenAiBatchApi({ name: "simulator", apiKey: "bench", baseUrl: simulator.url, timeoutMs: 60_000 }),
        windowMs: 30_000 * timeScale,
        maxLines: 500,
        pollIntervalMs: Math.max(10, 10_000 * timeScale),
      })
    : undefined;
  const started = performance.now();
  try {
    const results = await Promise.all(
      workload.map((entry) =>
        runGenerationJob(scenario.economy ? { ...entry.request, mode: "economy" } : entry.request, {
          database,
          provider,
          models: { outline: model, lesson: model, quiz: model },
          concurrency: 4,
          maxAttempts: 3,
          timeoutMs: 60_000,
          temperature: 0.7,
          prices: defaultPrices,
          simulated: true,
          caller: { userId: entry.userId, priority: 20 },
          ...(coordinator === undefined ? {} : { economy: { coordinator, priceFactor: 0.5, fallback: "realtime" } }),
          signal,
        }).then(
          (result) => result,
          () => undefined,
        ),
      ),
    );
    const makespan = performance.now() - started;
    const [totals] = await database.query<{ dollars: number; tokens: number; calls: number }>(
      `SELECT coalesce(sum(cost_usd), 0)::float8 AS dollars,
              coalesce(sum(prompt_tokens + completion_tokens), 0)::float8 AS tokens, count(*)::int AS calls
       FROM llm_calls`,
    );
    const courses = results.filter((result) => result !== undefined);
    return {
      name: scenario.name,
      description: scenario.description,
      dollars: round(totals!.dollars, 6),
      tokens: totals!.tokens,
      calls: totals!.calls,
      batches: simulator.stats().batchesCreated,
      makespan_ms: Math.round(makespan),
      courses: courses.length,
      valid_courses: courses.filter((result) => validateCourse(result.course).ok).length,
    };
  } finally {
    await coordinator?.stop();
    await provider.close();
    await simulator.close();
  }
}

async function runCost(context: BenchContext): Promise<number> {
  const flags = parseFlags(context.args, {
    json: "switch",
    requests: "value",
    users: "value",
    "time-scale": "value",
    database: "value",
  });
  const requests = flags.number("requests", 100, { min: 3, max: 1_000, whole: true });
  const users = flags.number("users", 30, { min: 1, max: 1_000, whole: true });
  const timeScale = flags.number("time-scale", 0.005, { min: 0.0001, max: 1 });
  const databaseKind = flags.choice("database", databaseKinds, "pglite");
  const log = (line: string) => void context.stderr.write(`${line}\n`);
  const workload = costWorkload(requests, users, { modules: 1, lessonsPerModule: 2 });

  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const opened = await openBenchDatabase(
      databaseKind,
      context.environment.DATABASE_URL ?? defaultPostgresUrl,
      context.signal,
    );
    try {
      log(`${scenario.name} (${scenario.description}): ${requests} requests from ${users} users…`);
      const result = await runScenario(scenario, workload, {
        timeScale,
        database: opened.database,
        signal: context.signal,
      });
      log(
        `  $${result.dollars.toFixed(4)}, ${result.tokens} tokens, ${result.calls} calls, ${result.batches} batches, ` +
          `${(result.makespan_ms / 1000).toFixed(1)} s, ${result.valid_courses}/${requests} valid`,
      );
      results.push(result);
    } finally {
      await opened.cleanup();
    }
  }
  const realtime = results.find((result) => result.name === "a_realtime")!;
  const economy = results.find((result) => result.name === "c_economy")!;
  const report = {
    requests,
    users,
    duplicates: workload.filter((entry) => entry.duplicateOf !== undefined).length,
    time_scale: timeScale,
    scenarios: results,
    economy_cost_ratio: realtime.dollars > 0 ? round(economy.dollars / realtime.dollars, 4) : null,
    all_valid: results.every((result) => result.valid_courses === requests),
  };
  log(`economy ÷ real time: ${report.economy_cost_ratio} (dollars)`);
  if (flags.has("json")) context.stdout.write(`${JSON.stringify(report)}\n`);
  return 0;
}

/** `npm run bench -- cost`. */
export const costCommand: BenchCommand = {
  summary: "dollars, tokens, calls, makespan per scenario: real time vs economy (Batch API)",
  usage,
  run: runCost,
};
