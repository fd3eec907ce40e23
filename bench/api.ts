/**
 * `bench api`: POST /v1/courses at a fixed rate, open loop, against the API in a child process on
 * Postgres and on PGlite; latency percentiles, accepted rate and errors, then a check that every
 * accepted request left a job row and a queue message.
 */
import os from "node:os";
import { runOpenLoop } from "./api-load.ts";
import {
  checkJobs,
  describeRun,
  missedApiTargets,
  summarizeRun,
  type ApiFigures,
  type JobCheck,
} from "./api-report.ts";
import { startApiServer, type ApiServerProcess } from "./api-server.ts";
import { parseFlags } from "./support/arguments.ts";
import type { BenchCommand, BenchContext } from "./support/context.ts";
import { defaultPostgresUrl, type DatabaseKind } from "./support/database.ts";
import { round } from "./support/stats.ts";

const defaults = { rate: 200, durationSeconds: 10, connections: 64, warmUpSeconds: 2, users: 100 } as const;
const databaseChoices = ["both", "postgres", "pglite"] as const;
// Small and valid; the accept path does not depend on the course's size.
const requestBody = JSON.stringify({
  topic: "Photosynthesis for gardeners",
  modules: 1,
  lessonsPerModule: 2,
  language: "en",
});

const usage = `Usage: npm run bench -- api [--json] [--rate N] [--duration S] [--database both|postgres|pglite]
                          [--users N] [--connections N] [--warm-up S] [--cpu-prof DIR]

  --json               print one JSON object as the last line of stdout
  --rate N             requests per second, sent on schedule whatever the answers (default ${defaults.rate})
  --duration S         measured seconds (default ${defaults.durationSeconds})
  --database KIND      both (default), postgres (DATABASE_URL, else ${defaultPostgresUrl};
                       a fresh schema) or pglite (a temp copy of the migrated template)
  --users N            teachers the requests are spread over, in turn (default ${defaults.users})
  --connections N      keep-alive connections of the load generator at most (default ${defaults.connections})
  --warm-up S          seconds at the same rate before measuring, not reported (default ${defaults.warmUpSeconds})
  --cpu-prof DIR       write a V8 CPU profile of each API child into DIR (node --cpu-prof; whole life)
`;

/** One database's result line in the JSON summary. */
type DatabaseResult = ApiFigures &
  JobCheck & { readonly server_cpu_ms_per_request: number | null; readonly generator_cpu_ms_per_request: number };

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

async function createTeacher(server: ApiServerProcess, name: string, signal: AbortSignal): Promise<string> {
  const response = await fetch(`${server.url}/v1/admin/users`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${server.adminToken}` },
    body: JSON.stringify({ email: `${name}@bench.courseforge.local`, role: "teacher" }),
    signal,
  });
  const body = (await response.json()) as { token?: unknown };
  if (response.status !== 201 || typeof body.token !== "string")
    throw new Error(`Creating a bench teacher failed (HTTP ${response.status}): ${JSON.stringify(body).slice(0, 300)}`);
  return body.token;
}

/** Creates `count` teachers through the admin API, ten at a time; resolves to their tokens. */
async function createTeachers(server: ApiServerProcess, count: number, signal: AbortSignal): Promise<string[]> {
  const tokens: string[] = [];
  for (let start = 0; start < count; start += 10) {
    const batch = Array.from({ length: Math.min(10, count - start) }, (_, offset) =>
      createTeacher(server, `teacher-${start + offset}`, signal),
    );
    tokens.push(...(await Promise.all(batch)));
  }
  return tokens;
}

// The load is far more than a role's courses per hour. Limits far above the load (not
// unlimited) keep the whole accept path, every check and bucket update, while none refuses. A
// server without the limit routes (404) has no limiter.
const unreachable = {
  coursesPerHour: 1_000_000_000,
  coursesPerDay: 1_000_000_000,
  tokensPerDay: 1_000_000_000_000,
} as const;

async function raiseLimits(server: ApiServerProcess, signal: AbortSignal): Promise<boolean> {
  const put = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: "PUT",
      headers: { "content-type": "application/json", authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify(body),
      signal,
    });
  const answers = [
    await put("/v1/admin/limits/roles/teacher", { ...unreachable, burst: 0 }),
    await put("/v1/admin/limits/global", { coursesPerHour: unreachable.coursesPerHour }),
  ];
  if (answers.every((answer) => answer.status === 404)) return false;
  for (const answer of answers) {
    if (!answer.ok)
      throw new Error(
        `Raising the course limits failed (HTTP ${answer.status}): ${(await answer.text()).slice(0, 300)}`,
      );
  }
  return true;
}

interface RunSettings {
  readonly rate: number;
  readonly durationSeconds: number;
  readonly connections: number;
  readonly warmUpSeconds: number;
  readonly users: number;
  readonly postgresUrl: string;
  readonly cpuProfileDirectory: string | undefined;
}

async function measureDatabase(
  kind: DatabaseKind,
  settings: RunSettings,
  context: BenchContext,
  log: (line: string) => void,
): Promise<DatabaseResult> {
  const { signal } = context;
  const server = await startApiServer({
    kind,
    postgresUrl: settings.postgresUrl,
    environment: context.environment,
    cpuProfileDirectory: settings.cpuProfileDirectory,
    signal,
  });
  try {
    log(
      `${kind}: API child pid ${server.pid} at ${server.url} (${server.location}); load average ${os.loadavg()[0]!.toFixed(2)} (1 min)`,
    );
    log(
      `${kind}: ${(await raiseLimits(server, signal)) ? "course limits raised out of reach for teachers and globally (every check still runs)" : "no course limits on this server"}`,
    );
    const tokens = await createTeachers(server, settings.users, signal);
    const load = {
      url: server.url,
      rate: settings.rate,
      connections: settings.connections,
      body: requestBody,
      tokens,
      signal,
    };
    if (settings.warmUpSeconds > 0) {
      const warmUp = await runOpenLoop({ ...load, durationSeconds: settings.warmUpSeconds, keyPrefix: "warm-up" });
      const figures = summarizeRun(warmUp.samples, warmUp.startedAt);
      log(
        `${kind}: warm-up ${figures.requests} requests, p99 ${figures.p99_ms} ms, errors ${figures.errors} (not reported)`,
      );
    }
    const cpuBefore = await server.cpuMs();
    const generatorCpu = process.cpuUsage();
    const run = await runOpenLoop({ ...load, durationSeconds: settings.durationSeconds, keyPrefix: "measured" });
    const generatorCpuMs = cpuMs(process.cpuUsage(generatorCpu));
    const cpuAfter = await server.cpuMs();
    const figures = summarizeRun(run.samples, run.startedAt);
    const serverCpuMsPerRequest =
      cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / figures.requests;
    // The generator shares the machine: what it takes is CPU the server and the database lacked.
    log(
      `${kind}: load generator CPU ${(generatorCpuMs / figures.requests).toFixed(2)} ms/request (${((generatorCpuMs / (settings.durationSeconds * 1000)) * 100).toFixed(0)} % of a core)`,
    );
    // Counted after the child stopped: PGlite admits one process, and nothing is still in flight.
    const jobs = checkJobs(figures.requests - figures.errors, await server.countJobs("measured", signal));
    log(describeRun(kind, figures, jobs, serverCpuMsPerRequest));
    for (const line of missedApiTargets(kind, figures, jobs)) log(line);
    return {
      ...figures,
      ...jobs,
      server_cpu_ms_per_request: serverCpuMsPerRequest === undefined ? null : round(serverCpuMsPerRequest),
      generator_cpu_ms_per_request: round(generatorCpuMs / figures.requests),
    };
  } finally {
    await server.cleanup();
  }
}

async function runApi(context: BenchContext): Promise<number> {
  const flags = parseFlags(context.args, {
    json: "switch",
    rate: "value",
    duration: "value",
    database: "value",
    users: "value",
    connections: "value",
    "warm-up": "value",
    "cpu-prof": "value",
  });
  const settings: RunSettings = {
    rate: flags.number("rate", defaults.rate, { min: 1, max: 5_000 }),
    durationSeconds: flags.number("duration", defaults.durationSeconds, { min: 1, max: 600 }),
    connections: flags.number("connections", defaults.connections, { min: 1, max: 1_024, whole: true }),
    warmUpSeconds: flags.number("warm-up", defaults.warmUpSeconds, { min: 0, max: 60 }),
    users: flags.number("users", defaults.users, { min: 1, max: 10_000, whole: true }),
    postgresUrl: context.environment.DATABASE_URL || defaultPostgresUrl,
    cpuProfileDirectory: flags.text("cpu-prof"),
  };
  const choice = flags.choice("database", databaseChoices, "both");
  const kinds: DatabaseKind[] = choice === "both" ? ["postgres", "pglite"] : [choice];
  const log = (line: string) => void context.stderr.write(`${line}\n`);
  log(
    `api: POST /v1/courses at ${settings.rate}/s for ${settings.durationSeconds} s, open loop, ${settings.users} teacher(s), up to ${settings.connections} connections; machine ${os.availableParallelism()} cores (shared with the load generator)`,
  );

  const results: Partial<Record<DatabaseKind, DatabaseResult>> = {};
  for (const kind of kinds) results[kind] = await measureDatabase(kind, settings, context, log);
  if (flags.has("json")) {
    const summary = {
      bench: "api",
      rate: settings.rate,
      duration_s: settings.durationSeconds,
      users: settings.users,
      postgres: results.postgres ?? null,
      pglite: results.pglite ?? null,
    };
    context.stdout.write(`${JSON.stringify(summary)}\n`);
  }
  return 0;
}

/** The `api` subcommand. */
export const apiCommand: BenchCommand = {
  summary: "POST /v1/courses at a fixed rate (open loop) on Postgres and PGlite: p50/p99, accepted/s",
  usage,
  run: runApi,
};
