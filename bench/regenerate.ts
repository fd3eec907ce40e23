/**
 * `bench regenerate`: one 2 × 4 course through the real pipeline, then one of its lessons
 * regenerated with an instruction (a revision job: the lesson and its quiz), through the real
 * openai-compatible adapter and a simulator in a child process. Reports, measured in one run:
 * the revision's tokens ÷ the course's tokens (target ≤ 1/6) and the revision's wall time ÷ that
 * lesson's own critical path in the course (its lesson and quiz calls' modelled latency; target ≤ 1.2).
 */
import { randomUUID } from "node:crypto";
import { loadConfig } from "../src/config/index.ts";
import { CourseRequest } from "../src/course/index.ts";
import { claimJobs, findJob } from "../src/store/index.ts";
import { createCourseRevisions, runClaimedJob, runGenerationJob, type JobQueue } from "../src/jobs/index.ts";
import { createOpenAiCompatibleProvider } from "../src/llm/index.ts";
import { createUser } from "../src/users/index.ts";
import { computeCriticalPath, type LatencyProfile } from "./critical-path.ts";
import { parseFlags } from "./support/arguments.ts";
import type { BenchCommand, BenchContext } from "./support/context.ts";
import { databaseKinds, defaultPostgresUrl, openBenchDatabase } from "./support/database.ts";
import { readJobCalls, sumCalls } from "./support/job-calls.ts";
import { startSimulatorProcess } from "./support/simulator-process.ts";
import { round } from "./support/stats.ts";

const benchModel = "courseforge-bench";
const latencyProfile: LatencyProfile = { timeToFirstTokenMs: 500, tokensPerSecond: 60 };
const targets = { tokenRatio: 1 / 6, timeRatio: 1.2 } as const;
const lessonId = "m1-l2";

const usage = `Usage: npm run bench -- regenerate [--json] [--time-scale X] [--seed N] [--database pglite|postgres]

  --json          print one JSON object as the last line of stdout
  --time-scale X  simulator latency multiplier, 0.001 to 1 (default 0.05)
  --seed N        simulator seed (default 42)
  --database KIND pglite (default) or postgres (DATABASE_URL, else ${defaultPostgresUrl})
`;

const inProcess: JobQueue = { enqueue: async () => {}, work: async () => {}, stop: async () => {} };

async function runRegenerate(context: BenchContext): Promise<number> {
  const flags = parseFlags(context.args, { json: "switch", "time-scale": "value", seed: "value", database: "value" });
  const timeScale = flags.number("time-scale", 0.05, { min: 0.001, max: 1 });
  const seed = flags.number("seed", 42, { min: 0, max: 2 ** 31 - 1, whole: true });
  const databaseKind = flags.choice("database", databaseKinds, "pglite");
  const { signal } = context;
  const log = (line: string) => void context.stderr.write(`${line}\n`);
  const config = loadConfig(context.environment, { provider: "simulator" });
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
  const models = { outline: benchModel, lesson: benchModel, quiz: benchModel };
  const run = {
    provider,
    concurrency: config.generation.concurrency,
    maxAttempts: config.llm.maxAttempts,
    timeoutMs: config.llm.timeoutMs,
    temperature: config.llm.temperature,
    prices: config.prices,
    simulated: true,
  };
  try {
    const database = bench.database;
    log(`simulator at ${simulator.url}, time scale ${timeScale}; database ${databaseKind}`);
    const course = await runGenerationJob(
      CourseRequest.parse({ topic: "Suspension bridges", modules: 2, lessonsPerModule: 4, language: "en" }),
      { ...run, database, models, signal },
    );
    const courseCalls = await readJobCalls(database, course.jobId, signal);
    const courseTokens = sumCalls(courseCalls);
    const path = computeCriticalPath(
      courseCalls.filter((call) => call.outcome === "success"),
      () => latencyProfile,
      timeScale,
    );
    const chain = path.chains.find((candidate) => candidate.lessonId === lessonId);
    if (chain === undefined) throw new Error(`The course has no lesson ${lessonId}.`);
    log(
      `course ${course.course.id}: ${course.llmCalls} calls, ${courseTokens.inputTokens + courseTokens.outputTokens} tokens`,
    );

    const teacher = await createUser(database, {
      email: `bench-${randomUUID().slice(0, 8)}@example.com`,
      role: "teacher",
    });
    await database.query(`UPDATE courses SET user_id = $2 WHERE id = $1`, [course.course.id, teacher.id]);
    const revisions = createCourseRevisions({ database, queue: inProcess });
    const started = performance.now();
    const submitted = await revisions.submit(
      { userId: teacher.id, role: "teacher" },
      course.course.id,
      {
        target: { kind: "lesson", id: lessonId },
        instruction: "Simpler language, and a worked example about bridges.",
      },
      {},
      signal,
    );
    if (submitted === undefined) throw new Error("The course vanished.");
    const workerId = `bench:${process.pid}`;
    const [job] = await claimJobs(database, [submitted.job.id], workerId, signal);
    if (job === undefined) throw new Error("The revision job could not be claimed.");
    const status = await runClaimedJob(
      job,
      { signal, drainSignal: new AbortController().signal, stopReason: () => undefined },
      { database, queue: inProcess, workerId, models, run },
    );
    const revisionMs = performance.now() - started;
    if (status !== "succeeded") {
      const ended = await findJob(database, job.id);
      throw new Error(`The revision job ${status ?? "was lost"}: ${ended?.failureReason ?? "no reason"}`);
    }
    const revisionCalls = await readJobCalls(database, job.id, signal);
    const revisionTokens = sumCalls(revisionCalls);
    const callsMs = revisionCalls.reduce((sum, call) => sum + call.latencyMs, 0);
    const ownPathMs = revisionCalls
      .filter((call) => call.outcome === "success")
      .reduce(
        (sum, call) =>
          sum +
          (latencyProfile.timeToFirstTokenMs + (call.completionTokens / latencyProfile.tokensPerSecond) * 1000) *
            timeScale,
        0,
      );
    log(
      `revision calls: ${revisionCalls.map((call) => `${call.step} ${call.outcome} ${call.latencyMs} ms, ${call.completionTokens} out`).join("; ")}`,
    );
    const totalOf = (tokens: { inputTokens: number; outputTokens: number }) => tokens.inputTokens + tokens.outputTokens;
    const tokenRatio = totalOf(revisionTokens) / totalOf(courseTokens);
    const timeRatio = revisionMs / chain.totalMs;
    const result = {
      benchmark: "regenerate",
      course: { modules: 2, lessonsPerModule: 4, calls: course.llmCalls, tokens: totalOf(courseTokens) },
      revision: {
        target: { kind: "lesson", id: lessonId },
        calls: revisionCalls.length,
        tokens: totalOf(revisionTokens),
        inputTokens: revisionTokens.inputTokens,
        outputTokens: revisionTokens.outputTokens,
        wallMs: round(revisionMs, 1),
        /** Time inside model calls, as the client measured it. */
        callsMs: callsMs,
        /** The modelled latency of the revision's own answers (they may be longer or shorter than the lesson's first ones). */
        ownModelledPathMs: round(ownPathMs, 1),
      },
      lessonCriticalPathMs: round(chain.totalMs, 1),
      tokenRatio: round(tokenRatio, 4),
      timeRatio: round(timeRatio, 4),
      targets,
      met: { tokenRatio: tokenRatio <= targets.tokenRatio, timeRatio: timeRatio <= targets.timeRatio },
      timeScale,
      seed,
      database: databaseKind,
    };
    log(
      `revision of ${lessonId}: ${result.revision.calls} calls, ${result.revision.tokens} tokens = ${result.tokenRatio} of the course (target ≤ ${round(targets.tokenRatio, 4)}); ` +
        `${result.revision.wallMs} ms = ${result.timeRatio} × the lesson's critical path of ${result.lessonCriticalPathMs} ms (target ≤ ${targets.timeRatio})`,
    );
    if (flags.has("json")) context.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } finally {
    await provider.close();
    await simulator.close();
    await bench.cleanup();
  }
}

/** `npm run bench -- regenerate`. */
export const regenerateCommand: BenchCommand = {
  summary: "Regenerate one lesson of a 2 × 4 course: tokens ÷ the course's, time ÷ the lesson's critical path",
  usage,
  run: runRegenerate,
};
