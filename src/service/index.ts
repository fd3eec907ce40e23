import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Config } from "../config/index.ts";
import { createApp, startHttpServer, type RunningHttpServer } from "../http/index.ts";
import { createCourseJobs, openPgBossQueue, startWorker, type RunningWorker } from "../jobs/index.ts";
import { openRuntime, type Runtime } from "../runtime/index.ts";
import { createUser, issueToken } from "../users/index.ts";

/** Which parts one process runs: the API, the workers, or both (`npm start`). */
export type ServiceMode = "all" | "api" | "worker";

/** What a running service reports to its operator. */
export interface ServiceLog {
  info(line: string): void;
  error(line: string): void;
}

/** A running Courseforge process. */
export interface RunningService {
  /** The API's base URL, when this process serves it. */
  readonly url: string | undefined;
  readonly runtime: Runtime;
  readonly worker: RunningWorker | undefined;
  /** The first-start admin token, shown once; undefined when users already existed. */
  readonly firstAdminToken: string | undefined;
  /** Stops taking work, lets steps in flight finish (up to the shutdown grace), then closes everything. */
  stop(): Promise<void>;
}

/**
 * Starts the API and/or the workers on one database. The embedded PGlite database admits one
 * process, so separate API and worker processes need Postgres (`DATABASE_URL`).
 */
export async function startService(options: { config: Config; mode: ServiceMode; port: number; host?: string; log: ServiceLog; signal?: AbortSignal }): Promise<RunningService> {
  const { config, mode, log } = options;
  const runtime = await openRuntime(config, options.signal);
  let server: RunningHttpServer | undefined;
  let worker: RunningWorker | undefined;
  const queue = await openPgBossQueue({
    database: runtime.database,
    schema: config.jobs.queueSchema,
    pollingSeconds: config.jobs.pollingSeconds,
    onError: (error) => log.error(`queue: ${error.message}`),
  }).catch(async (error: unknown) => {
    await runtime.close();
    throw error;
  });
  try {
    let firstAdminToken: string | undefined;
    if (mode !== "worker") {
      firstAdminToken = await createFirstAdmin(runtime);
      const jobs = createCourseJobs({ database: runtime.database, queue });
      const app = createApp({ database: runtime.database, jobs, config, onError: (error, request) => log.error(`http: ${request.method} ${request.path}: ${error instanceof Error ? error.message : String(error)}`) });
      server = await startHttpServer(app, { port: options.port, host: options.host });
    }
    if (mode !== "api") {
      worker = await startWorker({
        database: runtime.database,
        queue,
        provider: runtime.provider,
        config,
        simulated: runtime.simulated,
        workerId: `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
        concurrency: config.jobs.workerConcurrency,
        onError: (error) => log.error(`worker: ${error.message}`),
        onJobSettled: (jobId, status) => log.info(`job ${jobId} ${status ?? "taken-over"}`),
      });
    }
    let stopping: Promise<void> | undefined;
    return {
      url: server?.url,
      runtime,
      worker,
      firstAdminToken,
      stop: () =>
        (stopping ??= (async () => {
          await server?.close();
          await worker?.stop();
          await queue.stop();
          await runtime.close();
        })()),
    };
  } catch (error) {
    await server?.close();
    await queue.stop();
    await runtime.close();
    throw error;
  }
}

// On an empty database, the person who just ran `npm start` is its admin: give them a token once.
async function createFirstAdmin(runtime: Runtime): Promise<string | undefined> {
  const [anyone] = await runtime.database.query(`SELECT 1 FROM users LIMIT 1`);
  if (anyone) return undefined;
  const user = await createUser(runtime.database, { email: "admin@courseforge.local", role: "admin" });
  const issued = await issueToken(runtime.database, user.id, "first-start");
  return issued.token;
}
