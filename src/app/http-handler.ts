import type { Hono } from "hono";
import type { Config } from "../config/index.ts";
import { openDatabase } from "../db/index.ts";
import type { Database } from "../db/port.ts";
import { createCourseJobs, openPgBossQueue, type JobQueue } from "../jobs/index.ts";
import { createApp, type CreateAppOptions } from "../http/app.ts";
import type { CourseJobs } from "../http/ports.ts";
import type { AppEnv } from "../http/route.ts";

/** The API with what it runs on, opened from the config. */
export interface HttpService {
  readonly app: Hono<AppEnv>;
  readonly database: Database;
  readonly jobs: CourseJobs;
  readonly queue: JobQueue;
  /** Stops the queue and closes the database. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Builds the API and its jobs service on an open database and queue (the caller owns both).
 */
export function createHttpService(
  options: { readonly config: Config; readonly database: Database; readonly queue: JobQueue } & Pick<
    CreateAppOptions,
    "basePath" | "eventStream" | "onError" | "bodyLimitBytes" | "metrics"
  >,
): { readonly app: Hono<AppEnv>; readonly jobs: CourseJobs } {
  const { database, queue, config, ...appOptions } = options;
  const jobs = createCourseJobs({ database, queue });
  return { app: createApp({ database, jobs, config, ...appOptions }), jobs };
}

/**
 * Opens the database (migrated), the job queue (to send jobs; workers run elsewhere, e.g.
 * `courseforge worker`) and the jobs service, and builds the API on them. This is what a Next.js
 * route handler module imports (docs/nextjs.md) and what a server entry point serves.
 */
export async function openHttpService(
  options: { readonly config: Config; readonly signal?: AbortSignal } & Pick<
    CreateAppOptions,
    "basePath" | "eventStream" | "onError" | "bodyLimitBytes"
  >,
): Promise<HttpService> {
  const { config, signal } = options;
  const database = await openDatabase({ databaseUrl: config.database.url, dataDir: config.database.dataDir, signal });
  let queue: JobQueue;
  try {
    queue = await openPgBossQueue({
      database,
      schema: config.jobs.queueSchema,
      pollingSeconds: config.jobs.pollingSeconds,
      signal,
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  const { signal: _signal, ...serviceOptions } = options;
  const { app, jobs } = createHttpService({ ...serviceOptions, database, queue });
  let closing: Promise<void> | undefined;
  return {
    app,
    database,
    jobs,
    queue,
    close() {
      closing ??= (async () => {
        try {
          await queue.stop();
        } finally {
          await database.close();
        }
      })();
      return closing;
    },
  };
}
