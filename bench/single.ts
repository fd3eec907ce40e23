/**
 * `bench single`: one course (2 modules × 4 lessons) through the real pipeline, the real
 * openai-compatible adapter and a simulator in a child process; makespan ÷ critical-path bound and
 * orchestration CPU per model call, measured in one run.
 */
import os from "node:os";
import { loadConfig } from "../src/config/index.ts";
import { CourseRequest } from "../src/course/index.ts";
import { runGenerationJob, type JobResult } from "../src/jobs/index.ts";
import { createOpenAiCompatibleProvider } from "../src/llm/index.ts";
import { defaultModelProfile, defaultModelProfiles } from "../src/simulator/index.ts";
import { computeCriticalPath, type LatencyProfile } from "./critical-path.ts";
import { describeSingle, missedTargets } from "./single-report.ts";
import { parseFlags, UsageError } from "./support/arguments.ts";
import type { BenchCommand, BenchContext } from "./support/context.ts";
import { startCpuProfile } from "./support/cpu-profile.ts";
import { countStatements } from "./support/counting-database.ts";
import { databaseKinds, defaultPostgresUrl, openBenchDatabase, type DatabaseKind } from "./support/database.ts";
import { readJobCalls, sumCalls } from "./support/job-calls.ts";
import { checkSimulatorLatency } from "./support/latency-probe.ts";
import { machineLoadBetween, takeCpuSnapshot } from "./support/machine-load.ts";
import { recordRequests, replayCourseCalls } from "./support/provider-floor.ts";
import { startSimulatorProcess } from "./support/simulator-process.ts";
import { round } from "./support/stats.ts";
import { takeThreadCpuSnapshot, threadCpuBetween } from "./support/thread-cpu.ts";

// A name the simulator's table does not list, so it is served with the default profile, which
// must be this realistic one (checked below, and against the running child by probes).
const benchModel = "courseforge-bench";
const latencyProfile: LatencyProfile = { timeToFirstTokenMs: 500, tokensPerSecond: 60 };
const defaultTimeScale = 0.05;
const defaultSeed = 42;
// Above this much CPU of other processes (cores' worth) a run is flagged as disturbed.
const busyMachineCores = 0.25;

const usage = `Usage: npm run bench -- single [--json] [--time-scale X] [--seed N] [--database pglite|postgres]
                             [--warm-up-courses N] [--warm-connections] [--verbose] [--cpu-profile FILE]

  --json                 print one JSON object as the last line of stdout
  --time-scale X         simulator latency multiplier, 0.001 to 1 (default ${defaultTimeScale})
  --seed N               simulator seed (default ${defaultSeed})
  --database KIND        pglite (default; a temp copy of the migrated template) or postgres
                         (DATABASE_URL, else ${defaultPostgresUrl}; a fresh schema);
                         also COURSEFORGE_BENCH_DATABASE
  --warm-up-courses N    courses run before the measured one, 1 to 20 (default 1); the first
                         is reported as cpu_ms_per_call_cold
  --warm-connections     open as many HTTP connections as the concurrency before the warm-up
  --verbose              one line per model call
  --cpu-profile FILE     write a V8 CPU profile of the measured course only (.cpuprofile)
`;

/** Warm-up, then the measured course; resolves to 0 even when a target is missed. */
async function runSingle(context: BenchContext): Promise<number> {
  const flags = parseFlags(context.args, {
    json: "switch",
    "time-scale": "value",
    seed: "value",
    database: "value",
    "warm-up-courses": "value",
    "warm-connections": "switch",
    verbose: "switch",
    "cpu-profile": "value",
  });
  const timeScale = flags.number("time-scale", defaultTimeScale, { min: 0.001, max: 1 });
  const seed = flags.number("seed", defaultSeed, { min: 0, max: 2 ** 31 - 1, whole: true });
  const databaseKind = flags.choice(
    "database",
    databaseKinds,
    databaseFromEnvironment(context.environment.COURSEFORGE_BENCH_DATABASE),
  );
  const warmUpCourses = flags.number("warm-up-courses", 1, { min: 1, max: 20, whole: true });
  const profileFile = flags.text("cpu-profile");
  const { signal } = context;
  const log = (line: string) => void context.stderr.write(`${line}\n`);

  const served = defaultModelProfiles[benchModel] ?? defaultModelProfile;
  if (
    served.timeToFirstTokenMs !== latencyProfile.timeToFirstTokenMs ||
    served.tokensPerSecond !== latencyProfile.tokensPerSecond
  ) {
    throw new Error(
      `The simulator serves "${benchModel}" with ${JSON.stringify(served)}; the bench needs ${JSON.stringify(latencyProfile)}.`,
    );
  }
  const config = loadConfig(context.environment, { provider: "simulator" });
  const concurrency = config.generation.concurrency;

  const [simulator, bench] = await Promise.all([
    startSimulatorProcess({ timeScale, seed, signal }),
    openBenchDatabase(databaseKind, config.database.url ?? defaultPostgresUrl, signal),
  ]);
  const provider = createOpenAiCompatibleProvider({
    name: "simulator",
    apiKey: "simulator",
    baseUrl: simulator.url,
    timeoutMs: config.llm.timeoutMs,
  });
  const recording = recordRequests(provider);
  try {
    log(`simulator: child pid ${simulator.pid} at ${simulator.url}, time scale ${timeScale}, seed ${seed}`);
    log(`database: ${databaseKind} (${bench.location})`);
    // Other work on the machine slows both figures; the load says how quiet the run was.
    log(`machine: ${os.availableParallelism()} cores, load average ${os.loadavg()[0]!.toFixed(2)} (1 min) at start`);
    log(
      `model: ${benchModel} (${latencyProfile.timeToFirstTokenMs} ms to first token, ${latencyProfile.tokensPerSecond} tokens/s), concurrency ${concurrency}`,
    );
    const connections = flags.has("warm-connections") ? concurrency : 1;
    await checkSimulatorLatency(simulator.url, benchModel, {
      profile: latencyProfile,
      timeScale,
      parallel: connections,
      signal,
    });

    const counting = countStatements(bench.database);
    const runJob = (topic: string) =>
      runGenerationJob(CourseRequest.parse({ topic, modules: 2, lessonsPerModule: 4, language: "en" }), {
        database: counting.database,
        provider: recording.provider,
        models: { outline: benchModel, lesson: benchModel, quiz: benchModel },
        concurrency,
        maxAttempts: config.llm.maxAttempts,
        timeoutMs: config.llm.timeoutMs,
        temperature: config.llm.temperature,
        prices: config.prices,
        simulated: true,
        signal,
      });

    // Warm-up courses have other topics: a service sees many, and the measured course must not
    // find its own prompts or schemas cached by a copy of itself.
    let cold: CourseRun | undefined;
    for (let index = 0; index < warmUpCourses; index++) {
      const run = await measureCourse(() => runJob(warmUpTopics[index % warmUpTopics.length]!), counting.statements);
      cold ??= run;
      log(
        `warm-up course ${index + 1}: ${run.result.llmCalls} calls, ${run.makespanMs.toFixed(0)} ms, cpu ${describeCpu(run, run.result.llmCalls)} (not the reported course)`,
      );
    }
    log(`${connections} open connection(s) before the warm-up`);

    const profiling = profileFile === undefined ? undefined : await startCpuProfile(profileFile);
    recording.take();
    const machineBefore = await takeCpuSnapshot([process.pid, simulator.pid]);
    const measured = await measureCourse(() => runJob(measuredTopic), counting.statements);
    const machineAfter = await takeCpuSnapshot([process.pid, simulator.pid]);
    // The same requests through the adapter alone, at the same pace: the part of the CPU that is
    // the openai SDK, HTTP and this machine's wake-ups rather than the pipeline.
    const floor = await replayCourseCalls(provider, recording.take(), signal);
    if (profiling !== undefined) {
      await profiling.stop();
      log(`cpu profile of the measured course: ${profileFile} (profiling inflates this run's CPU figure)`);
    }
    const { result, makespanMs, cpu, statements, submittedAt } = measured;

    const calls = await readJobCalls(bench.database, result.jobId, signal);
    const successful = calls.filter((call) => call.outcome === "success");
    if (successful.length !== calls.length)
      log(
        `warning: ${calls.length - successful.length} failed attempt(s); the bench expects none (no faults injected)`,
      );
    const path = computeCriticalPath(successful, () => latencyProfile, timeScale);
    const tokens = sumCalls(calls);
    const ratio = makespanMs / path.totalMs;
    const cpuMsPerCall = (cpu.user + cpu.system) / 1000 / calls.length;
    const coldCpuMsPerCall =
      cold === undefined ? undefined : (cold.cpu.user + cold.cpu.system) / 1000 / cold.result.llmCalls;

    const measurement = { makespanMs, path, cpu, calls, tokens, submittedAt, profile: latencyProfile, timeScale };
    for (const line of describeSingle(measurement, flags.has("verbose"))) log(line);
    log(`cpu by thread: ${describeCpu(measured, calls.length)}`);
    const providerCpuMsPerCall = floor.cpuMs / floor.calls;
    log(
      `cpu of the same ${floor.calls} requests through the adapter alone (no pipeline, no database): ${providerCpuMsPerCall.toFixed(2)} ms/call; the pipeline adds ${(cpuMsPerCall - providerCpuMsPerCall).toFixed(2)} ms/call`,
    );
    log(
      `database: ${statements} SQL statements in the measured course (${(statements / calls.length).toFixed(1)} per call; a transaction counts BEGIN and COMMIT)`,
    );
    if (machineBefore !== undefined && machineAfter !== undefined) {
      const load = machineLoadBetween(machineBefore, machineAfter, os.availableParallelism());
      log(
        `machine: other processes used ${load.otherCores.toFixed(2)} of ${os.availableParallelism()} cores during the measured course${databaseKind === "postgres" ? ", the Postgres server included" : ""} (steal ${(load.steal * 100).toFixed(0)}%)`,
      );
      if (load.otherCores > busyMachineCores || load.steal > 0.05)
        log(
          "warning: other work on the machine slowed this run; its figures are inflated (run again when the machine is quiet)",
        );
    }
    for (const line of missedTargets(ratio, cpuMsPerCall)) log(line);
    if (flags.has("json")) {
      const summary = {
        bench: "single",
        time_scale: timeScale,
        database: databaseKind,
        makespan_ms: round(makespanMs, 1),
        critical_path_ms: round(path.totalMs, 1),
        ratio: round(ratio, 3),
        llm_calls: calls.length,
        input_tokens: tokens.inputTokens,
        output_tokens: tokens.outputTokens,
        cached_input_tokens: tokens.cachedInputTokens,
        cpu_ms_per_call: round(cpuMsPerCall, 3),
        cpu_ms_per_call_cold: coldCpuMsPerCall === undefined ? null : round(coldCpuMsPerCall, 3),
        provider_cpu_ms_per_call: round(providerCpuMsPerCall, 3),
        pipeline_cpu_ms_per_call: round(cpuMsPerCall - providerCpuMsPerCall, 3),
        warm_up_courses: warmUpCourses,
      };
      context.stdout.write(`${JSON.stringify(summary)}\n`);
    }
    return 0;
  } finally {
    await Promise.allSettled([provider.close(), simulator.close(), bench.cleanup()]);
  }
}

const measuredTopic = "Photosynthesis for gardeners";
const warmUpTopics = ["Composting at home", "Pruning fruit trees", "Saving seeds", "Watering wisely"];

/** One course and what it cost this process. */
interface CourseRun {
  readonly result: JobResult;
  readonly makespanMs: number;
  readonly cpu: NodeJS.CpuUsage;
  /** Main thread against V8's background threads; `undefined` without `/proc`. */
  readonly threads: { mainMs: number; otherMs: number } | undefined;
  readonly statements: number;
  readonly submittedAt: number;
}

async function measureCourse(run: () => Promise<JobResult>, statementCount: () => number): Promise<CourseRun> {
  const statementsBefore = statementCount();
  const threadsBefore = takeThreadCpuSnapshot();
  const submittedAt = Date.now();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await run();
  const makespanMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const threadsAfter = takeThreadCpuSnapshot();
  const threads =
    threadsBefore === undefined || threadsAfter === undefined
      ? undefined
      : threadCpuBetween(threadsBefore, threadsAfter);
  return { result, makespanMs, cpu, threads, statements: statementCount() - statementsBefore, submittedAt };
}

function describeCpu(run: CourseRun, calls: number): string {
  const totalMs = (run.cpu.user + run.cpu.system) / 1000;
  const perCall = `${totalMs.toFixed(0)} ms = ${(totalMs / calls).toFixed(2)} ms/call`;
  if (run.threads === undefined) return perCall;
  return `${perCall} (main thread ${(run.threads.mainMs / calls).toFixed(2)}, V8 background threads ${(run.threads.otherMs / calls).toFixed(2)} ms/call)`;
}

function databaseFromEnvironment(value: string | undefined): DatabaseKind {
  if (value === undefined || value === "") return "pglite";
  if (!(databaseKinds as readonly string[]).includes(value))
    throw new UsageError(`COURSEFORGE_BENCH_DATABASE must be one of ${databaseKinds.join(", ")}, not "${value}".`);
  return value as DatabaseKind;
}

/** The `single` subcommand. */
export const singleCommand: BenchCommand = {
  summary: "one course (2 × 4) against the simulator: makespan ÷ critical path, CPU per call",
  usage,
  run: runSingle,
};
