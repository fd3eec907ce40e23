/**
 * `bench tick`: the serverless worker mode (docs/vercel.md). The same courses are served once by
 * one regular worker, then only by ticks of the HTTP route fired on a schedule (a Vercel Cron's
 * budget and interval, time-scaled); every course is checked valid, steps paid twice and lost
 * courses are counted, and the makespans and each tick's share of its budget spent on model calls
 * are reported, measured in one run.
 */
import os from "node:os";
import { createHttpService } from "../src/app/index.ts";
import { createWorkerTicks } from "../src/app/worker-ticks.ts";
import { fireTick } from "../src/cli/tick.ts";
import { loadConfig, type Config } from "../src/config/index.ts";
import { validateCourse, type CourseRequest } from "../src/course/index.ts";
import type { Database } from "../src/db/index.ts";
import { startHttpServer } from "../src/http/index.ts";
import { createCourseJobs, openPgBossQueue, startWorker, type JobQueue, type TickSummary } from "../src/jobs/index.ts";
import { createOpenAiCompatibleProvider } from "../src/llm/index.ts";
import type { ModelProvider } from "../src/llm/types.ts";
import { startSimulator } from "../src/simulator/index.ts";
import { parseFlags } from "./support/arguments.ts";
import type { BenchCommand, BenchContext } from "./support/context.ts";
import { databaseKinds, defaultPostgresUrl, openBenchDatabase } from "./support/database.ts";
import { median, round } from "./support/stats.ts";

const defaultTimeScale = 0.5;
const budgetSeconds = 60;
const everySeconds = 15;
const secret = "bench-tick-secret-0123456789";
const users = ["usr_bench_1", "usr_bench_2", "usr_bench_3", "usr_bench_4", "usr_bench_5"];

const usage = `Usage: npm run bench -- tick [--json] [--courses N] [--time-scale X] [--database pglite|postgres]

  --json           print one JSON object as the last line of stdout
  --courses N      courses of 2 modules x 4 lessons, 1 to 100 (default 20)
  --time-scale X   simulator latency multiplier, also applied to the tick budget (${budgetSeconds} s) and
                   interval (${everySeconds} s); 0.01 to 1 (default ${defaultTimeScale})
  --database KIND  pglite (default) or postgres (DATABASE_URL, else ${defaultPostgresUrl})
  --max-minutes N  give the ticks this long at most; unfinished courses count as lost (default 20)
`;

function request(index: number): CourseRequest {
  return {
    topic: `Tick bench course ${index + 1} on coastal ecology`,
    audience: "adult beginners",
    level: "beginner",
    modules: 2,
    lessonsPerModule: 4,
    language: "en",
  };
}

interface Phase {
  readonly makespanMs: number;
  readonly jobIds: readonly string[];
}

async function submitAll(database: Database, queue: JobQueue, courses: number, tag: string): Promise<string[]> {
  const jobs = createCourseJobs({ database, queue });
  const ids: string[] = [];
  for (let index = 0; index < courses; index++) {
    const submitted = await jobs.submit(
      { userId: users[index % users.length]!, role: "teacher" },
      { request: { ...request(index), topic: `${request(index).topic} (${tag})` }, reviewOutline: false },
      {},
    );
    ids.push(submitted.job.id);
  }
  return ids;
}

async function unfinished(database: Database, jobIds: readonly string[]): Promise<number> {
  const [row] = await database.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM course_generation_jobs WHERE id = ANY($1::text[]) AND status NOT IN ('succeeded','failed','canceled')`,
    [[...jobIds]],
  );
  return Number(row?.n ?? 0);
}

async function waitAll(database: Database, jobIds: readonly string[], signal: AbortSignal): Promise<void> {
  while ((await unfinished(database, jobIds)) > 0) {
    signal.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function runWorkerPhase(options: {
  database: Database;
  queue: JobQueue;
  provider: ModelProvider;
  config: Config;
  courses: number;
  signal: AbortSignal;
}): Promise<Phase> {
  const { database, queue, config } = options;
  const worker = await startWorker({
    database,
    queue,
    provider: options.provider,
    config,
    simulated: true,
    workerId: "bench-regular-worker",
  });
  const started = performance.now();
  const jobIds = await submitAll(database, queue, options.courses, "worker");
  await waitAll(database, jobIds, options.signal);
  const makespanMs = performance.now() - started;
  await worker.stop({ graceMs: 1_000 });
  return { makespanMs, jobIds };
}

async function runTickPhase(options: {
  database: Database;
  queue: JobQueue;
  provider: ModelProvider;
  config: Config;
  courses: number;
  timeScale: number;
  maxMinutes: number;
  signal: AbortSignal;
  log: (line: string) => void;
}): Promise<Phase & { ticks: TickSummary[]; budgetMs: number }> {
  const { database, queue, config, timeScale } = options;
  const worker = createWorkerTicks({ config, database, queue, provider: options.provider, simulated: true });
  const { app } = createHttpService({ config, database, queue, worker });
  const server = await startHttpServer(app, { port: 0, host: "127.0.0.1" });
  const budgetMs = Math.round(budgetSeconds * 1_000 * timeScale);
  const everyMs = everySeconds * 1_000 * timeScale;
  const ticks: TickSummary[] = [];
  const fired: Promise<void>[] = [];
  try {
    const started = performance.now();
    const jobIds = await submitAll(database, queue, options.courses, "ticks");
    let remaining = jobIds.length;
    // A run that cannot finish (every tick answers nothing_fitted) ends here; what is left counts as lost.
    const giveUpAt = performance.now() + options.maxMinutes * 60_000;
    while (remaining > 0 && performance.now() < giveUpAt) {
      options.signal.throwIfAborted();
      if (ticks.length % 10 === 0 && ticks.length > 0)
        options.log(`ticks: ${ticks.length} answered, ${remaining} courses unfinished, last ${ticks.at(-1)?.outcome}`);
      fired.push(
        fireTick({ url: server.url, secret, budgetMs, signal: options.signal }).then((answer) => {
          ticks.push(answer as unknown as TickSummary);
        }),
      );
      const next = performance.now() + everyMs;
      while (performance.now() < next && remaining > 0) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(100, Math.max(1, next - performance.now()))));
        remaining = await unfinished(database, jobIds);
      }
    }
    const makespanMs = performance.now() - started;
    await Promise.all(fired);
    options.log(`ticks: ${ticks.length} fired, makespan ${Math.round(makespanMs)} ms`);
    return { makespanMs, jobIds, ticks, budgetMs };
  } finally {
    await Promise.allSettled(fired);
    await server.close();
  }
}

async function checkCourses(database: Database, jobIds: readonly string[]) {
  const courses = await database.query<{ job_id: string; document: unknown }>(
    `SELECT job_id, document FROM courses WHERE job_id = ANY($1::text[])`,
    [[...jobIds]],
  );
  const valid = courses.filter((course) => validateCourse(course.document).ok).length;
  const [twice] = await database.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT job_id, step FROM llm_calls WHERE job_id = ANY($1::text[]) AND outcome = 'success'
       GROUP BY job_id, step HAVING count(*) > 1) doubled`,
    [[...jobIds]],
  );
  const [lost] = await database.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM course_generation_jobs WHERE id = ANY($1::text[]) AND status <> 'succeeded'`,
    [[...jobIds]],
  );
  return { valid, stepsRunTwice: Number(twice?.n ?? 0), lostCourses: Number(lost?.n ?? 0) };
}

async function runTickBench(context: BenchContext): Promise<number> {
  const flags = parseFlags(context.args, {
    json: "switch",
    courses: "value",
    "time-scale": "value",
    database: "value",
    "max-minutes": "value",
  });
  const maxMinutes = flags.number("max-minutes", 20, { min: 1, max: 120 });
  const courses = flags.number("courses", 20, { min: 1, max: 100, whole: true });
  const timeScale = flags.number("time-scale", defaultTimeScale, { min: 0.01, max: 1 });
  const databaseKind = flags.choice("database", databaseKinds, "pglite");
  const log = (line: string) => void context.stderr.write(`${line}\n`);
  const { signal } = context;

  const bench = await openBenchDatabase(databaseKind, context.environment.DATABASE_URL ?? defaultPostgresUrl, signal);
  const simulator = await startSimulator({ port: 0, seed: 42, timeScale });
  const provider = createOpenAiCompatibleProvider({
    name: "simulator",
    apiKey: "bench",
    baseUrl: simulator.url,
    timeoutMs: 120_000,
  });
  const queueSchema = `pgboss_tick_${process.pid}`;
  const { database } = bench;
  const queue = await openPgBossQueue({ database, schema: queueSchema, pollingSeconds: 0.5 });
  try {
    for (const user of users)
      await database.query(`INSERT INTO users (id, email, role) VALUES ($1, $2, 'teacher') ON CONFLICT DO NOTHING`, [
        user,
        `${user}@bench.test`,
      ]);
    const config = loadConfig(
      {
        COURSEFORGE_PROVIDER: "simulator",
        COURSEFORGE_SIMULATOR_TIME_SCALE: String(timeScale),
        COURSEFORGE_CRON_SECRET: secret,
        COURSEFORGE_QUEUE_POLLING_SECONDS: "0.5",
        COURSEFORGE_JOB_HEARTBEAT_SECONDS: String(Math.max(0.05, 2 * timeScale)),
        COURSEFORGE_JOB_STALE_AFTER_SECONDS: String(Math.max(1, 30 * timeScale)),
      },
      {},
      os.tmpdir(),
    );
    log(`bench tick: ${courses} courses of 2 x 4, time scale ${timeScale}, ${bench.location}`);
    const regular = await runWorkerPhase({ database, queue, provider, config, courses, signal });
    log(`regular worker: makespan ${Math.round(regular.makespanMs)} ms`);
    const ticked = await runTickPhase({
      database,
      queue,
      provider,
      config,
      courses,
      timeScale,
      maxMinutes,
      signal,
      log,
    });
    const checks = await checkCourses(database, ticked.jobIds);
    const regularChecks = await checkCourses(database, regular.jobIds);
    const shares = ticked.ticks
      .filter((tick) => tick.outcome === "worked")
      .map((tick) => tick.modelCallMs / tick.budgetMs);
    // Ticks that had work for their whole budget (not ended early because every course was done).
    const fullShares = ticked.ticks
      .filter((tick) => tick.outcome === "worked" && tick.timeLeftMs < 0.2 * tick.budgetMs)
      .map((tick) => tick.modelCallMs / tick.budgetMs);
    const result = {
      benchmark: "tick",
      courses,
      time_scale: timeScale,
      database: databaseKind,
      tick_budget_ms: ticked.budgetMs,
      tick_every_ms: Math.round(everySeconds * 1_000 * timeScale),
      ticks_fired: ticked.ticks.length,
      ticks_worked: shares.length,
      courses_valid: checks.valid,
      steps_run_twice: checks.stepsRunTwice,
      lost_courses: checks.lostCourses,
      regular_courses_valid: regularChecks.valid,
      makespan_regular_ms: Math.round(regular.makespanMs),
      makespan_ticks_ms: Math.round(ticked.makespanMs),
      makespan_ratio: round(ticked.makespanMs / regular.makespanMs),
      makespan_ratio_target: 1.5,
      budget_share_on_calls_median: shares.length === 0 ? 0 : round(median(shares)),
      budget_share_on_calls_min: shares.length === 0 ? 0 : round(Math.min(...shares)),
      budget_share_full_ticks_median: fullShares.length === 0 ? 0 : round(median(fullShares)),
      budget_share_target: 0.8,
      calls_deferred: ticked.ticks.reduce((sum, tick) => sum + tick.callsDeferred, 0),
      ticks_over_budget: ticked.ticks.filter((tick) => tick.elapsedMs > tick.budgetMs).length,
    };
    for (const [key, value] of Object.entries(result)) log(`  ${key}: ${String(value)}`);
    if (flags.has("json")) context.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } finally {
    await queue.stop();
    await provider.close();
    await simulator.close();
    await bench.cleanup();
  }
}

/** `npm run bench -- tick`. */
export const tickCommand: BenchCommand = {
  summary: "courses served only by serverless ticks vs one regular worker (makespan, budget share)",
  usage,
  run: runTickBench,
};
