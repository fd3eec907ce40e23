/**
 * `bench load`: many users each ask for a course of 2 modules × 4 lessons at the same moment,
 * against the simulator (a child process) with a provider TPM limit that binds; Courseforge's
 * makespan ÷ fluid bound, 429 share and fairness, side by side with the strategies users would
 * otherwise pick.
 */
import os from "node:os";
import { loadConfig } from "../src/config/index.ts";
import { CourseRequest } from "../src/course/index.ts";
import { createOpenAiCompatibleProvider } from "../src/llm/index.ts";
import { defaultModelProfile, defaultModelProfiles, type SimulatorStats } from "../src/simulator/index.ts";
import { computeCriticalPath, type LatencyProfile } from "./critical-path.ts";
import { runCourseforge } from "./load-courseforge.ts";
import { peerStrategies, runPeerStrategy, type PeerStrategy } from "./load-peers.ts";
import {
  earlierPeerCourseTimes,
  missedLoadTargets,
  percentile,
  summarizeRun,
  type StrategySummary,
} from "./load-report.ts";
import { parseFlags, UsageError } from "./support/arguments.ts";
import type { BenchCommand, BenchContext } from "./support/context.ts";
import { databaseKinds, defaultPostgresUrl, openBenchDatabase } from "./support/database.ts";
import { machineLoadBetween, takeCpuSnapshot } from "./support/machine-load.ts";
import { startSimulatorProcess } from "./support/simulator-process.ts";

// Served with the simulator's default profile (500 ms to first token, 60 tokens/s, 2 000 000 TPM).
const benchModel = "courseforge-bench";
const defaultUsers = 100;
const defaultTimeScale = 0.25;
const defaultSeed = 42;
const topics = [
  "Photosynthesis for gardeners",
  "Fractions for adults",
  "Intro to SQL joins",
  "The French Revolution",
  "Budgeting basics",
  "Tides and the moon",
  "First aid at work",
  "Git for designers",
];

const usage = `Usage: npm run bench -- load [--json] [--users N] [--time-scale X] [--seed N]
                           [--peers LIST] [--database pglite|postgres]

  --json            print one JSON object as the last line of stdout
  --users N         users, each asking for one 2 × 4 course at the same moment (default ${defaultUsers})
  --time-scale X    simulator latency and rate-window multiplier, 0.001 to 1 (default ${defaultTimeScale})
  --seed N          simulator seed (default ${defaultSeed})
  --peers LIST      peer strategies to run too, comma-separated among ${Object.keys(peerStrategies).join(", ")},
                    or "none" (default: all)
  --database KIND   postgres (default: DATABASE_URL, else ${defaultPostgresUrl}; a fresh
                    schema), as a service for many users runs, or pglite (a temp copy of the
                    migrated template: the embedded store runs every statement in the worker's
                    own thread, which a hundred users at once then wait for)
`;

function parsePeers(text: string | undefined): PeerStrategy[] {
  if (text === undefined) return Object.keys(peerStrategies) as PeerStrategy[];
  if (text === "none") return [];
  const names = text.split(",").map((name) => name.trim());
  for (const name of names)
    if (!Object.hasOwn(peerStrategies, name))
      throw new UsageError(
        `--peers must list strategies among ${Object.keys(peerStrategies).join(", ")}, or "none" (got ${JSON.stringify(name)}).`,
      );
  return names as PeerStrategy[];
}

async function simulatorStats(url: string, signal: AbortSignal): Promise<SimulatorStats> {
  const response = await fetch(new URL("/_simulator/stats", url), { signal });
  if (!response.ok) throw new Error(`The simulator's stats answered ${response.status}.`);
  return (await response.json()) as SimulatorStats;
}

async function runLoad(context: BenchContext): Promise<number> {
  const flags = parseFlags(context.args, {
    json: "switch",
    users: "value",
    "time-scale": "value",
    seed: "value",
    peers: "value",
    database: "value",
  });
  const users = flags.number("users", defaultUsers, { min: 1, max: 1_000, whole: true });
  const timeScale = flags.number("time-scale", defaultTimeScale, { min: 0.001, max: 1 });
  const seed = flags.number("seed", defaultSeed, { min: 0, max: 2 ** 31 - 1, whole: true });
  const peers = parsePeers(flags.text("peers"));
  const databaseKind = flags.choice("database", databaseKinds, "postgres");
  const { signal } = context;
  const log = (line: string) => void context.stderr.write(`${line}\n`);

  const profile = defaultModelProfiles[benchModel] ?? defaultModelProfile;
  const latency: LatencyProfile = {
    timeToFirstTokenMs: profile.timeToFirstTokenMs,
    tokensPerSecond: profile.tokensPerSecond,
  };
  const windowMs = 60_000 * timeScale;
  const limit = { tokensPerWindow: profile.tpm, windowMs };
  const requests = Array.from({ length: users }, (_, index) =>
    CourseRequest.parse({
      topic: `${topics[index % topics.length]} (${index + 1})`,
      modules: 2,
      lessonsPerModule: 4,
      language: "en",
    }),
  );
  const config = loadConfig({
    ...context.environment,
    COURSEFORGE_PROVIDER: "simulator",
    COURSEFORGE_MODEL: benchModel,
    COURSEFORGE_SIMULATOR_TIME_SCALE: String(timeScale),
    // The load bench measures generation (17 calls a course); the quality gate's own cost is what
    // `bench quality` measures.
    COURSEFORGE_QUALITY: "off",
    // What an operator sets from the provider's tier page; the headers would teach it too.
    COURSEFORGE_MODEL_LIMITS: `${benchModel}=${profile.rpm}:${profile.tpm}`,
  });
  log(
    `load: ${users} users × one 2 × 4 course (17 calls), model ${benchModel}: ${latency.timeToFirstTokenMs} ms + ${latency.tokensPerSecond} tokens/s, ${profile.tpm} TPM, ${profile.rpm} RPM`,
  );
  log(`time scale ${timeScale}: the provider's minute lasts ${windowMs} ms; seed ${seed}; database ${databaseKind}`);
  log(`machine: ${os.availableParallelism()} cores, load average ${os.loadavg()[0]!.toFixed(2)} (1 min) at start`);
  // A generous deadline: ten times the bound of a workload charged 150 000 tokens per course.
  const deadlineMs = Math.max(60_000, 10 * Math.max(63_000 * timeScale, ((users * 150_000) / profile.tpm) * windowMs));

  const summaries: Record<string, StrategySummary> = {};
  const runStrategy = async (
    name: string,
    run: (simulatorUrl: string) => Promise<{
      makespanMs: number;
      courseMs: readonly number[];
      criticalPathMs: number;
      tokens: number;
      failed: number;
    }>,
  ) => {
    const simulator = await startSimulatorProcess({ timeScale, seed, signal });
    try {
      const before = await takeCpuSnapshot([process.pid, simulator.pid]);
      const measured = await run(simulator.url);
      const after = await takeCpuSnapshot([process.pid, simulator.pid]);
      const stats = await simulatorStats(simulator.url, signal);
      const summary = summarizeRun(
        { ...measured, requests: stats.requests, rateLimited: stats.rateLimited, chargedTokens: stats.chargedTokens },
        limit,
      );
      summaries[name] = summary;
      const load =
        before !== undefined && after !== undefined
          ? machineLoadBetween(before, after, os.availableParallelism())
          : undefined;
      log(
        `${name}: makespan ${summary.makespan_ms} ms, bound ${summary.bound_ms} ms (critical path ${summary.critical_path_ms} ms), ratio ${summary.ratio}, ` +
          `429s ${summary.rate_limited}/${summary.calls} (${(summary.rate_limited_share * 100).toFixed(2)} %), fairness ${summary.fairness}, ` +
          `course p50 ${summary.p50_course_ms} ms p95 ${summary.p95_course_ms} ms, charged ${summary.charged_tokens} tokens (${summary.charged_to_used} × used), truncated steps ${summary.truncated_share ?? "n/a"}, failed ${summary.failed}` +
          (load === undefined ? "" : `; other processes used ${load.otherCores.toFixed(2)} cores`),
      );
      if (measured.courseMs.length > 0)
        log(`${name}: course times (s) by decile ${describeDeciles(measured.courseMs)}`);
    } finally {
      await simulator.close();
    }
  };

  const bench = await openBenchDatabase(databaseKind, config.database.url ?? defaultPostgresUrl, signal);
  try {
    await runStrategy("courseforge", async (simulatorUrl) => {
      const run = await runCourseforge({
        bench,
        config,
        simulatorUrl,
        requests,
        profile: latency,
        timeScale,
        deadlineMs,
        log,
        signal,
      });
      for (const failure of run.failures.slice(0, 5)) log(`courseforge: ${failure}`);
      log(`courseforge: the model's adaptive concurrency limit ended at ${run.concurrencyLimit}`);
      return run;
    });
  } finally {
    await bench.cleanup();
  }
  for (const strategy of peers) {
    await runStrategy(strategy, async (simulatorUrl) => {
      const provider = createOpenAiCompatibleProvider({
        name: "simulator",
        apiKey: "simulator",
        baseUrl: simulatorUrl,
        timeoutMs: config.llm.timeoutMs,
      });
      try {
        const run = await runPeerStrategy(strategy, requests, {
          provider,
          model: benchModel,
          temperature: config.llm.temperature,
          signal,
        });
        for (const error of run.errors.slice(0, 3)) log(`${strategy}: ${error}`);
        const criticalPathMs = Math.max(
          0,
          ...run.calls.map((calls) => computeCriticalPath(calls, () => latency, timeScale).totalMs),
        );
        return { ...run, criticalPathMs };
      } finally {
        await provider.close();
      }
    });
  }

  const ours = summaries.courseforge!;
  const peerSummaries = Object.fromEntries(peers.map((strategy) => [strategy, summaries[strategy]!]));
  for (const [strategy, peer] of Object.entries(peerSummaries)) {
    // Courseforge sends smaller max_tokens than the peers (docs/cost.md): compare what was used.
    if (Math.abs(peer.tokens - ours.tokens) > 0.05 * ours.tokens)
      log(`warning: ${strategy} used ${peer.tokens} tokens, Courseforge ${ours.tokens}: not the same workload`);
  }
  for (const line of earlierPeerCourseTimes(ours, peerSummaries)) log(line);
  for (const line of missedLoadTargets(ours, peerSummaries)) log(line);
  if (flags.has("json")) {
    const summary = {
      bench: "load",
      users,
      time_scale: timeScale,
      database: databaseKind,
      tpm: profile.tpm,
      window_ms: windowMs,
      ...ours,
      peers: peerSummaries,
    };
    context.stdout.write(`${JSON.stringify(summary)}\n`);
  }
  return 0;
}

// min, p10 … p90, max: where the courses end, more than p50 and p95 say.
function describeDeciles(courseMs: readonly number[]): string {
  return [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((p) => (percentile(courseMs, p) / 1000).toFixed(1)).join(" ");
}

/** The `load` subcommand. */
export const loadCommand: BenchCommand = {
  summary: "many users at once under a binding TPM limit: makespan ÷ fluid bound, 429 share, fairness, vs peers",
  usage,
  run: runLoad,
};
