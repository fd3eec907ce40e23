/**
 * `bench sse`: what open event streams (`GET /v1/jobs/:id/events`) cost everyone else. The API
 * runs in this process on a counted database; the latency of other requests (`GET /v1/jobs/:id`)
 * is measured with no stream open and with `--streams` open (spread over `--users` teachers, one
 * queued job each), the statements the streams run while no job moves are counted, and then one
 * event per job is stored to time its delivery to every stream.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import { createHttpService } from "../src/app/index.ts";
import { startHttpServer, type RunningHttpServer } from "../src/http/index.ts";
import { openPgBossQueue, type JobQueue } from "../src/jobs/index.ts";
import { appendEvent, defaultSweepIntervalMs } from "../src/store/index.ts";
import { createUser, issueToken } from "../src/users/index.ts";
import { loadConfig } from "../src/config/index.ts";
import { countStatements } from "./support/counting-database.ts";
import { parseFlags } from "./support/arguments.ts";
import type { BenchCommand, BenchContext } from "./support/context.ts";
import { databaseKinds, defaultPostgresUrl, openBenchDatabase } from "./support/database.ts";
import { round } from "./support/stats.ts";

const defaults = { streams: 1_000, users: 50, requests: 400, concurrency: 4, idleSeconds: 10 } as const;

const usage = `Usage: npm run bench -- sse [--json] [--streams N] [--users N] [--requests N] [--idle S]
                          [--database pglite|postgres]

  --json               print one JSON object as the last line of stdout
  --streams N          event streams held open (default ${defaults.streams})
  --users N            teachers the streams are spread over, one queued job each (default ${defaults.users})
  --requests N         other requests (GET /v1/jobs/:id) timed per phase, ${defaults.concurrency} at a time (default ${defaults.requests})
  --idle S             seconds the statements of idle streams are counted (default ${defaults.idleSeconds})
  --database KIND      pglite (default: a temp copy of the migrated template) or postgres
                       (DATABASE_URL, else ${defaultPostgresUrl}; a fresh schema)
`;

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

interface Teacher {
  readonly token: string;
  readonly jobId: string;
}

/** Times `count` authenticated job reads, `concurrency` at a time; milliseconds each. */
async function timeRequests(
  server: RunningHttpServer,
  teachers: readonly Teacher[],
  count: number,
  signal: AbortSignal,
) {
  const durations: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: defaults.concurrency }, async () => {
      while (next < count) {
        const teacher = teachers[next++ % teachers.length]!;
        const started = performance.now();
        const response = await fetch(`${server.url}/v1/jobs/${teacher.jobId}`, {
          headers: { authorization: `Bearer ${teacher.token}` },
          signal,
        });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`GET /v1/jobs/:id answered ${response.status}.`);
        durations.push(performance.now() - started);
      }
    }),
  );
  return { p50: percentile(durations, 0.5), p95: percentile(durations, 0.95) };
}

/** An open stream: counts the events it received, and resolves `ready` at its first one. */
function openStream(url: string, token: string, aborter: AbortController) {
  let events = 0;
  const listeners = new Set<() => void>();
  const opened = fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: aborter.signal }).then(
    async (response) => {
      if (response.status !== 200) throw new Error(`The event stream answered ${response.status}.`);
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      void (async () => {
        let buffer = "";
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            buffer += value;
            let boundary: number;
            while ((boundary = buffer.indexOf("\n\n")) !== -1) {
              if (/^id: /m.test(buffer.slice(0, boundary))) events += 1;
              buffer = buffer.slice(boundary + 2);
            }
            for (const listener of listeners) listener();
          }
        } catch {
          // Closed by the bench.
        }
      })();
    },
  );
  const reached = (count: number) =>
    new Promise<void>((resolve) => {
      if (events >= count) return resolve();
      const check = () => {
        if (events < count) return;
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
    });
  return { opened, reached };
}

async function run(context: BenchContext): Promise<number> {
  const flags = parseFlags(context.args, {
    json: "switch",
    streams: "value",
    users: "value",
    requests: "value",
    idle: "value",
    database: "value",
  });
  const streamCount = flags.number("streams", defaults.streams, { min: 0, max: 20_000, whole: true });
  const userCount = flags.number("users", defaults.users, { min: 1, max: 1_000, whole: true });
  const requestCount = flags.number("requests", defaults.requests, { min: 20, max: 100_000, whole: true });
  const idleSeconds = flags.number("idle", defaults.idleSeconds, { min: 1, max: 600 });
  const kind = flags.choice("database", databaseKinds, "pglite");
  const { signal, stderr } = context;
  const log = (line: string) => stderr.write(`${line}\n`);

  const bench = await openBenchDatabase(kind, context.environment.DATABASE_URL ?? defaultPostgresUrl, signal);
  const counted = countStatements(bench.database);
  let queue: JobQueue | undefined;
  let server: RunningHttpServer | undefined;
  const aborter = new AbortController();
  try {
    const config = loadConfig({
      COURSEFORGE_QUEUE_SCHEMA: kind === "postgres" ? `q${randomUUID().slice(0, 8)}` : "pgboss",
    });
    queue = await openPgBossQueue({
      database: bench.database,
      schema: config.jobs.queueSchema,
      pollingSeconds: 1,
      signal,
    });
    const perUser = Math.ceil(streamCount / userCount);
    // Every service on the counted database, the feed included: its sweep is counted too.
    const { app } = createHttpService({
      database: counted.database,
      queue,
      config: { ...config, streams: { maxPerUser: Math.max(1, perUser) } },
    });
    server = await startHttpServer(app, { port: 0 });
    log(`bench sse: ${kind} at ${bench.location}; ${userCount} teachers, ${streamCount} streams`);

    const teachers: Teacher[] = [];
    for (let index = 0; index < userCount; index += 1) {
      const user = await createUser(bench.database, { email: `sse-${index}@bench.courseforge.local`, role: "teacher" });
      const { token } = await issueToken(bench.database, user.id);
      const response = await fetch(`${server.url}/v1/courses`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ topic: `Streams ${index}`, modules: 1, lessonsPerModule: 1 }),
        signal,
      });
      const body = (await response.json()) as { jobId?: string };
      if (response.status !== 202 || body.jobId === undefined)
        throw new Error(`Submitting a bench job failed (HTTP ${response.status}).`);
      teachers.push({ token, jobId: body.jobId });
    }

    await timeRequests(server, teachers, Math.min(100, requestCount), signal);
    const without = await timeRequests(server, teachers, requestCount, signal);
    log(`  no stream open:        p50 ${round(without.p50)} ms, p95 ${round(without.p95)} ms`);

    // CPU of this process (API, database client or PGlite, stream clients) while nothing happens:
    // robust where latency is not (a shared machine's load moves p95 by more than streams do).
    const idleCpu = async () => {
      const from = process.cpuUsage();
      const statementsFrom = counted.statements();
      await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
      const used = process.cpuUsage(from);
      return {
        cpuMsPerSecond: (used.user + used.system) / 1000 / idleSeconds,
        statementsPerSecond: (counted.statements() - statementsFrom) / idleSeconds,
      };
    };
    const idleWithout = await idleCpu();
    log(
      `  idle, no stream:       ${round(idleWithout.cpuMsPerSecond)} ms CPU/s, ${round(idleWithout.statementsPerSecond, 3)} statements/s`,
    );

    const openStarted = performance.now();
    const streams = Array.from({ length: streamCount }, (_, index) => {
      const teacher = teachers[index % teachers.length]!;
      return openStream(`${server!.url}/v1/jobs/${teacher.jobId}/events`, teacher.token, aborter);
    });
    await Promise.all(streams.map((stream) => stream.opened));
    await Promise.all(streams.map((stream) => stream.reached(1)));
    const openSeconds = (performance.now() - openStarted) / 1000;
    log(`  ${streamCount} streams open and replayed in ${round(openSeconds)} s`);

    const idleWith = await idleCpu();
    const idleStatementsPerSecond = idleWith.statementsPerSecond;
    log(
      `  idle, ${streamCount} streams:  ${round(idleWith.cpuMsPerSecond)} ms CPU/s, ${round(idleStatementsPerSecond, 3)} statements/s`,
    );

    const withStreams = await timeRequests(server, teachers, requestCount, signal);
    log(`  ${streamCount} streams open: p50 ${round(withStreams.p50)} ms, p95 ${round(withStreams.p95)} ms`);

    const deliveryFrom = counted.statements();
    const deliveryStarted = performance.now();
    for (const teacher of teachers)
      await appendEvent(bench.database, teacher.jobId, { type: "job.started", data: { jobId: teacher.jobId } });
    await Promise.all(streams.map((stream) => stream.reached(2)));
    const deliveryMs = performance.now() - deliveryStarted;
    const deliveryStatements = counted.statements() - deliveryFrom;
    log(
      `  one event per job reached all ${streamCount} streams in ${round(deliveryMs)} ms with ${deliveryStatements} statements`,
    );

    // Streams closed again: a second baseline, so that the machine's drift shows next to the difference.
    aborter.abort();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await timeRequests(server, teachers, requestCount, signal);
    log(`  streams closed again:  p50 ${round(after.p50)} ms, p95 ${round(after.p95)} ms`);
    const p95Increase = withStreams.p95 / ((without.p95 + after.p95) / 2) - 1;
    log(`  p95 with streams vs the mean of both baselines: ${round(100 * p95Increase, 1)} %`);

    if (flags.has("json")) {
      context.stdout.write(
        `${JSON.stringify({
          benchmark: "sse",
          database: kind,
          cpus: os.availableParallelism(),
          streams: streamCount,
          users: userCount,
          requests_per_phase: requestCount,
          p50_ms_without_streams: round(without.p50),
          p95_ms_without_streams: round(without.p95),
          p50_ms_with_streams: round(withStreams.p50),
          p95_ms_with_streams: round(withStreams.p95),
          p95_increase_percent: round(100 * p95Increase, 1),
          p50_ms_after_streams_closed: round(after.p50),
          p95_ms_after_streams_closed: round(after.p95),
          idle_seconds: idleSeconds,
          idle_statements_per_second: round(idleStatementsPerSecond, 3),
          idle_cpu_ms_per_second_without_streams: round(idleWithout.cpuMsPerSecond),
          idle_cpu_ms_per_second_with_streams: round(idleWith.cpuMsPerSecond),
          sweep_interval_ms: defaultSweepIntervalMs,
          open_and_replay_seconds: round(openSeconds),
          delivery_ms_all_streams: round(deliveryMs),
          delivery_statements: deliveryStatements,
        })}\n`,
      );
    }
    return 0;
  } finally {
    aborter.abort();
    await server?.close();
    await queue?.stop();
    await bench.cleanup();
  }
}

/** The `sse` subcommand. */
export const sseCommand: BenchCommand = {
  summary: "event streams: other requests' p95 with 0 vs N open streams, statements/s while idle",
  usage,
  run,
};
