// Shared set-up of the jobs tests: a database with users, the pg-boss queue in a schema of its own,
// the simulator over HTTP, a config with short heartbeats. Not a test file itself.
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import pg from "pg";
import { loadConfig, type Config } from "../src/config/index.ts";
import type { CourseRequest } from "../src/course/index.ts";
import type { Database } from "../src/db/index.ts";
import {
  createCourseJobs,
  openPgBossQueue,
  startWorker,
  type CourseJobs,
  type JobQueue,
  type RunningWorker,
  type WorkerOptions,
} from "../src/jobs/index.ts";
import { createOpenAiCompatibleProvider, type CallPolicy } from "../src/llm/index.ts";
import type { ModelProvider } from "../src/llm/types.ts";
import { startSimulator, type RunningSimulator } from "../src/simulator/index.ts";
import type { Caller } from "../src/users/index.ts";
import { afterAll, beforeAll } from "vitest";
import { courseforgeBin, projectNode, removeScripts } from "./support/child-process.ts";
import {
  createTestDatabase,
  isPostgresReachable,
  testDatabaseUrl,
  type TestBackend,
  type TestDatabase,
} from "./support/database.ts";

/** One user of each kind, stored in the `users` table by {@link openJobsBed}. */
export const callers = {
  student: { userId: "usr_student", role: "student" },
  otherStudent: { userId: "usr_student_2", role: "student" },
  teacher: { userId: "usr_teacher", role: "teacher" },
  admin: { userId: "usr_admin", role: "admin" },
} as const satisfies Record<string, Caller>;

/** A one-module course of `lessons` lessons. */
export function smallRequest(topic: string, lessons = 1): CourseRequest {
  return {
    topic,
    audience: "adult beginners",
    level: "beginner",
    modules: 1,
    lessonsPerModule: lessons,
    language: "en",
  };
}

/** The environment of a worker with short heartbeats (for in-process workers and child processes). */
export const fastJobEnvironment = {
  COURSEFORGE_PROVIDER: "simulator",
  COURSEFORGE_JOB_HEARTBEAT_SECONDS: "0.1",
  COURSEFORGE_JOB_STALE_AFTER_SECONDS: "1.5",
  COURSEFORGE_QUEUE_POLLING_SECONDS: "0.5",
  COURSEFORGE_LLM_TIMEOUT_MS: "60000",
  COURSEFORGE_CONCURRENCY: "4",
  // Job-durability tests count one paid call per checkpointed step; the quality gate's judge and
  // mend calls are not checkpoints and have their own tests (test/quality-gate.test.ts, fault matrix).
  COURSEFORGE_QUALITY: "off",
} as const;

/** Everything a jobs test drives. */
export interface JobsBed {
  readonly testDatabase: TestDatabase;
  readonly database: Database;
  readonly queue: JobQueue;
  readonly queueSchema: string;
  readonly jobs: CourseJobs;
  readonly config: Config;
  readonly simulator: RunningSimulator;
  readonly provider: ModelProvider;
  /** Starts an in-process worker on the bed (stopped by `cleanup`). */
  startWorker(options?: {
    concurrency?: number;
    provider?: ModelProvider;
    workerId?: string;
    config?: Config;
    callPolicy?: CallPolicy;
    economy?: WorkerOptions["economy"];
  }): Promise<RunningWorker>;
  cleanup(): Promise<void>;
}

/** Opens a database with the four {@link callers}, the queue, the simulator (`timeScale`) and the service. */
export async function openJobsBed(
  options: { backend?: TestBackend; timeScale?: number; environment?: Record<string, string> } = {},
): Promise<JobsBed> {
  const testDatabase = await createTestDatabase(options.backend ? { backend: options.backend } : {});
  const database = testDatabase.db;
  for (const caller of Object.values(callers)) {
    await database.query(`INSERT INTO users (id, email, role) VALUES ($1, $2, $3)`, [
      caller.userId,
      `${caller.userId}@example.test`,
      caller.role,
    ]);
  }
  const queueSchema = testDatabase.backend === "postgres" ? `${testDatabase.location}_queue` : "pgboss";
  const queue = await openPgBossQueue({ database, schema: queueSchema, pollingSeconds: 0.5 });
  const simulator = await startSimulator({ port: 0, seed: 11, timeScale: options.timeScale ?? 0 });
  const provider = providerFor(simulator);
  const config = jobsConfig(options.environment);
  const workers: RunningWorker[] = [];
  return {
    testDatabase,
    database,
    queue,
    queueSchema,
    jobs: createCourseJobs({ database, queue }),
    config,
    simulator,
    provider,
    async startWorker(workerOptions = {}) {
      const worker = await startWorker({
        database,
        queue,
        provider: workerOptions.provider ?? provider,
        config: workerOptions.config ?? config,
        ...(workerOptions.callPolicy === undefined ? {} : { callPolicy: workerOptions.callPolicy }),
        ...(workerOptions.economy === undefined ? {} : { economy: workerOptions.economy }),
        simulated: true,
        workerId: workerOptions.workerId ?? `test-worker-${workers.length + 1}`,
        concurrency: workerOptions.concurrency ?? 2,
        onError: (error) => console.error("worker error:", error),
      });
      workers.push(worker);
      return worker;
    },
    async cleanup() {
      for (const worker of workers) await worker.stop({ graceMs: 0 });
      await queue.stop();
      await provider.close();
      await simulator.close();
      await testDatabase.cleanup();
      if (testDatabase.backend === "postgres") await dropSchema(queueSchema);
    },
  };
}

/** The openai-compatible provider on a simulator. */
export function providerFor(simulator: RunningSimulator): ModelProvider {
  return createOpenAiCompatibleProvider({
    name: "simulator",
    apiKey: "test",
    baseUrl: simulator.url,
    timeoutMs: 60_000,
  });
}

/** The config of in-process test workers. */
export function jobsConfig(environment: Record<string, string> = {}): Config {
  return loadConfig({ ...fastJobEnvironment, ...environment }, {}, os.tmpdir());
}

/** Drops a schema of the test Postgres server. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** Polls `probe` until it returns a value other than `undefined`/`false` (or throws after `timeoutMs`). */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the job has `status`, returning its row fields. */
export async function waitForStatus(
  database: Database,
  jobId: string,
  status: string | readonly string[],
  timeoutMs?: number,
) {
  const wanted = typeof status === "string" ? [status] : status;
  return waitFor(
    async () => {
      const [row] = await database.query<{
        status: string;
        failure_code: string | null;
        failure_reason: string | null;
      }>(`SELECT status, failure_code, failure_reason FROM course_generation_jobs WHERE id = $1`, [jobId]);
      if (row && ["failed"].includes(row.status) && !wanted.includes("failed"))
        throw new Error(`Job ${jobId} failed: ${row.failure_code} ${row.failure_reason}`);
      return row && wanted.includes(row.status) ? row : undefined;
    },
    `job ${jobId} to be ${wanted.join(" or ")}`,
    timeoutMs,
  );
}

/** Successful `llm_calls` rows per step of a job. */
export async function successfulCallsByStep(database: Database, jobId: string): Promise<Map<string, number>> {
  const rows = await database.query<{ step: string; n: number }>(
    `SELECT step, count(*) AS n FROM llm_calls WHERE job_id = $1 AND outcome = 'success' GROUP BY step`,
    [jobId],
  );
  return new Map(rows.map((row) => [row.step, row.n]));
}

/** A `courseforge worker` (or `start`, `serve`) child process. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Resolves with the worker's ready line. */
  readonly ready: Promise<string>;
  /** Stdout lines so far. */
  lines(): string[];
  /** Stderr so far. */
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/**
 * Starts `courseforge worker` in a child process with the project's Node and `environment` added
 * to this process's.
 */
export function spawnWorkerProcess(
  environment: Record<string, string>,
  args: { jobs?: number } = {},
): Promise<WorkerProcess> {
  return spawnServiceProcess("worker", environment, args);
}

/** Starts `courseforge <command>` (`start`, `serve` or `worker`; `start`/`serve` on a free port) like {@link spawnWorkerProcess}. */
export async function spawnServiceProcess(
  command: "start" | "serve" | "worker",
  environment: Record<string, string>,
  args: { jobs?: number } = {},
): Promise<WorkerProcess> {
  const flags = [...(args.jobs ? ["--jobs", String(args.jobs)] : []), ...(command === "worker" ? [] : ["--port", "0"])];
  const child = spawn(projectNode, [courseforgeBin, command, ...flags], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...environment },
  });
  let stdout = "";
  let stderr = "";
  let onReady: ((line: string) => void) | undefined;
  const ready = new Promise<string>((resolve) => (onReady = resolve));
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    const line = stdout.split("\n").find((candidate) => / ready \(/.test(candidate));
    if (line) onReady?.(line);
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal, stderr }));
  });
  return {
    child,
    ready: Promise.race([
      ready,
      exited.then((result) =>
        Promise.reject(
          new Error(`worker exited (${result.code ?? result.signal}) before it was ready: ${result.stderr}`),
        ),
      ),
    ]),
    lines: () => stdout.split("\n").filter((line) => line !== ""),
    stderr: () => stderr,
    exited,
  };
}

/** The environment of a worker process on the test Postgres schema `schema` (its queue in `${schema}_queue`). */
export function postgresWorkerEnvironment(schema: string, extra: Record<string, string> = {}): Record<string, string> {
  const url = new URL(testDatabaseUrl());
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    ...fastJobEnvironment,
    DATABASE_URL: url.toString(),
    COURSEFORGE_QUEUE_SCHEMA: `${schema}_queue`,
    COURSEFORGE_DATA_DIR: os.tmpdir(),
    COURSEFORGE_SIMULATOR_TIME_SCALE: "0.01",
    ...extra,
  };
}

/**
 * Worker processes need a server several processes share: such tests run against the real
 * Postgres whatever COURSEFORGE_TEST_DATABASE says. True when it answers; otherwise says the
 * test file is skipped.
 */
export async function postgresForWorkerProcesses(testFile: string): Promise<boolean> {
  const reachable = await isPostgresReachable();
  if (!reachable)
    console.warn(`SKIPPED ${testFile}: no Postgres at ${testDatabaseUrl()} (set COURSEFORGE_TEST_DATABASE_URL).`);
  return reachable;
}

/** A jobs bed on Postgres and the worker processes a test spawns on it, see {@link useWorkerProcesses}. */
export interface WorkerProcessesBed {
  readonly bed: JobsBed;
  /** Spawns `courseforge worker` (killed with SIGKILL after the tests if still running). */
  spawn(environment: Record<string, string>, args?: { jobs?: number }): Promise<WorkerProcess>;
}

/** Call inside a `describe`: opens a Postgres jobs bed before its tests, and after them kills the spawned workers and removes everything. */
export function useWorkerProcesses(): WorkerProcessesBed {
  let bed: JobsBed | undefined;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    bed = await openJobsBed({ backend: "postgres" });
  });
  afterAll(async () => {
    for (const worker of workers) worker.child.kill("SIGKILL");
    await Promise.all(workers.map((worker) => worker.exited));
    await bed?.cleanup();
    await removeScripts();
  });
  return {
    get bed() {
      if (bed === undefined) throw new Error("The jobs bed opens in beforeAll.");
      return bed;
    },
    async spawn(environment, args) {
      const worker = await spawnWorkerProcess(environment, args);
      workers.push(worker);
      return worker;
    },
  };
}
