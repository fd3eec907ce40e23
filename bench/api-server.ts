/**
 * The API under test in a child process (`courseforge serve`), so that the load generator's CPU is
 * not the server's, on a throwaway PGlite folder or a fresh Postgres schema.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { openDatabase, redactDatabaseUrl } from "../src/db/index.ts";
import { courseQueueName } from "../src/jobs/index.ts";
import { ensurePgliteTemplate } from "../test/support/pglite-template.ts";
import type { DatabaseKind } from "./support/database.ts";

/** A running API child on its own storage. */
export interface ApiServerProcess {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly pid: number;
  /** The first-start admin token the child printed. */
  readonly adminToken: string;
  /** For humans: the temp folder or `schema @ redacted URL`. */
  readonly location: string;
  /** CPU time (user + system) the child has used so far, or `undefined` where /proc is missing. */
  cpuMs(): Promise<number | undefined>;
  /** Stops the child (SIGTERM, then SIGKILL after 10 s) and waits for it; safe to call twice. */
  stop(): Promise<void>;
  /**
   * After {@link stop}: the job rows whose idempotency key starts with `<keyPrefix>-`, and their
   * queue messages, counted in the storage.
   */
  countJobs(
    keyPrefix: string,
    signal: AbortSignal,
  ): Promise<{ readonly jobRows: number; readonly queueMessages: number }>;
  /** Stops the child and deletes the folder or both schemas. */
  cleanup(): Promise<void>;
}

const cliPath = fileURLToPath(new URL("../bin/courseforge.js", import.meta.url));
const listeningLine = /Listening on (http:\/\/\S+?)\s/;
const tokenLine = /^\s+(cf_[A-Za-z0-9_-]+)\s*$/m;

/** Options of {@link startApiServer}. */
export interface ApiServerOptions {
  readonly kind: DatabaseKind;
  /** The Postgres server (used when `kind` is postgres). */
  readonly postgresUrl: string;
  /** The child's environment before the bench's own settings. */
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** Writes a V8 CPU profile of the whole child into this folder when it exits (`node --cpu-prof`). */
  readonly cpuProfileDirectory?: string | undefined;
  readonly signal: AbortSignal;
  readonly startTimeoutMs?: number;
}

/** Prepares the storage, starts `courseforge serve --port 0` and waits for its URL and admin token. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServerProcess> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "courseforge-bench-api-"));
  const schema = `courseforge_bench_api_${process.pid}_${randomBytes(4).toString("hex")}`;
  const queueSchema = options.kind === "postgres" ? `${schema}_queue` : "pgboss";
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: options.postgresUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const removeStorage = async () => {
    if (options.kind === "postgres")
      await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${queueSchema} CASCADE`);
    await rm(dataDir, { recursive: true, force: true });
  };

  const environment: Record<string, string | undefined> = {
    ...options.environment,
    COURSEFORGE_QUEUE_SCHEMA: queueSchema,
    DATABASE_URL: undefined,
  };
  let location = dataDir;
  try {
    if (options.kind === "pglite") {
      await cp(await ensurePgliteTemplate(), dataDir, { recursive: true, mode: constants.COPYFILE_FICLONE });
    } else {
      await admin(`CREATE SCHEMA ${schema}`);
      const url = new URL(options.postgresUrl);
      url.searchParams.set("options", `-c search_path=${schema}`);
      environment.DATABASE_URL = url.toString();
      location = `schema ${schema} @ ${redactDatabaseUrl(options.postgresUrl)}`;
    }
  } catch (error) {
    await removeStorage();
    throw error;
  }

  const nodeFlags =
    options.cpuProfileDirectory === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDirectory}`];
  const child = spawn(
    process.execPath,
    [
      ...nodeFlags,
      cliPath,
      "serve",
      "--port",
      "0",
      "--host",
      "127.0.0.1",
      "--provider",
      "simulator",
      "--data-dir",
      dataDir,
    ],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: environment,
    },
  );
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  let errors = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (errors += chunk));

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.removeListener("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(force);
    })());

  try {
    const { url, adminToken } = await new Promise<{ url: string; adminToken: string }>((resolve, reject) => {
      const fail = (message: string) =>
        reject(new Error(`${message}${errors.trim() === "" ? "" : `\n${errors.trim()}`}`));
      const timer = setTimeout(
        () => fail("The API server did not print its URL and admin token in time."),
        options.startTimeoutMs ?? 60_000,
      );
      options.signal.addEventListener("abort", () => fail("Interrupted while starting the API server."), {
        once: true,
      });
      child.once("error", (error) => fail(`The API server could not start: ${error.message}`));
      child.once("exit", (code, signal) => fail(`The API server exited (${code ?? signal}) before it was ready.`));
      child.stdout.on("data", () => {
        const found = listeningLine.exec(output)?.[1];
        const token = tokenLine.exec(output)?.[1];
        if (found !== undefined && token !== undefined) {
          clearTimeout(timer);
          resolve({ url: found, adminToken: token });
        }
      });
    });
    return {
      url,
      pid: child.pid!,
      adminToken,
      location,
      cpuMs: () => childCpuMs(child.pid!),
      stop,
      async countJobs(keyPrefix, signal) {
        const pattern = `${keyPrefix.replace(/[\\%_]/g, (character) => `\\${character}`)}-%`;
        await stop();
        const database = await openDatabase({
          dataDir,
          migrate: false,
          signal,
          ...(options.kind === "postgres"
            ? { databaseUrl: options.postgresUrl, searchPath: [schema], maxConnections: 1 }
            : {}),
        });
        try {
          const [jobs] = await database.query<{ count: number }>(
            `SELECT count(*)::int AS count FROM course_generation_jobs WHERE idempotency_key LIKE $1`,
            [pattern],
            { signal },
          );
          const [messages] = await database.query<{ count: number }>(
            `SELECT count(*)::int AS count FROM ${queueSchema}.job q JOIN course_generation_jobs j ON j.id = q.data->>'jobId' WHERE q.name = $1 AND j.idempotency_key LIKE $2`,
            [courseQueueName, pattern],
            { signal },
          );
          return { jobRows: jobs?.count ?? 0, queueMessages: messages?.count ?? 0 };
        } finally {
          await database.close();
        }
      },
      async cleanup() {
        await stop();
        await removeStorage();
      },
    };
  } catch (error) {
    await stop();
    await removeStorage();
    throw error;
  }
}

// utime + stime of /proc/<pid>/stat (fields 14 and 15), in clock ticks of 10 ms on Linux.
async function childCpuMs(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
