import { randomBytes } from "node:crypto";
import os from "node:os";
import { configuredSecrets, type Config } from "../config/index.ts";
import { openDatabase, type Database } from "../db/index.ts";
import { startHttpServer, withWebUi, type RunningHttpServer } from "../http/index.ts";
import { createHttpService } from "./http-handler.ts";
import { createWorkerTicks } from "./worker-ticks.ts";
import {
  knowledgeQueueName,
  openPgBossQueue,
  startIngestionWorker,
  startWorker,
  type JobQueue,
  type RunningWorker,
} from "../jobs/index.ts";
import { openKnowledgeRuntime } from "./knowledge.ts";
import { openCostSavings } from "./savings.ts";
import type { ModelProvider } from "../llm/types.ts";
import type { Logger } from "pino";
import {
  alertMessage,
  createLogger,
  createMetrics,
  loggedProvider,
  postWebhook,
  startAlertEvaluator,
  startLogRetention,
  type CourseforgeLogger,
  type LogDestination,
  type Metrics,
} from "../observability/index.ts";
import { publishLocalLink } from "./local-admin.ts";
import { openEconomy, openProvider, openResilience } from "./runtime.ts";
import type { RunningSimulator } from "../simulator/index.ts";
import { adminNeverSignedIn, createFirstAdmin } from "./first-admin.ts";
import { checkPortAvailable, portErrorOf } from "./port.ts";
import { startWebhookDispatcher } from "../webhooks/index.ts";
import packageJson from "../../package.json" with { type: "json" };

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
  readonly database: Database;
  /** The model provider, when this process runs workers. */
  readonly provider: ModelProvider | undefined;
  readonly simulated: boolean;
  readonly worker: RunningWorker | undefined;
  /** The first-start admin token, shown once; undefined when users already existed. */
  readonly firstAdminToken: string | undefined;
  /** When no admin has ever signed in (and none was created now): the admin to issue a new token for. */
  readonly adminNeverSignedIn: string | undefined;
  /** The structured logger (JSON lines to stdout and `course_generation_logs`). */
  readonly logger: CourseforgeLogger;
  /** Stops taking work, lets steps in flight finish (up to the shutdown grace), then closes everything. */
  stop(): Promise<void>;
}

/**
 * Starts the API and/or the workers on one database and queue. The embedded PGlite database admits
 * one process, so separate API and worker processes need Postgres (`DATABASE_URL`).
 */
export async function startService(options: {
  config: Config;
  mode: ServiceMode;
  port: number;
  host?: string;
  log: ServiceLog;
  signal?: AbortSignal;
  /** Where structured JSON log lines go besides the database (default stdout). */
  logDestination?: LogDestination;
}): Promise<RunningService> {
  const { config, mode, log } = options;
  const host = options.host ?? "127.0.0.1";
  if (mode !== "worker") await checkPortAvailable(options.port, host);
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close();
  };
  try {
    const database = await openDatabase({
      databaseUrl: config.database.url,
      dataDir: config.database.dataDir,
      schema: config.database.schema,
      onSchemaMove: (move) =>
        log.info(
          `database: moved ${move.objects.length} objects of the install in public into the schema ${move.to} (docs/supabase.md)`,
        ),
      signal: options.signal,
    });
    closers.push(() => database.close());
    const logger = createLogger({
      database,
      level: config.observability.logLevel,
      secrets: configuredSecrets(config),
      ...(options.logDestination ? { destination: options.logDestination } : {}),
    });
    closers.push(() => logger.close());
    const retention = startLogRetention({
      database,
      retentionDays: config.observability.logRetentionDays,
      onError: (error) => log.error(`log retention: ${String(error)}`),
    });
    closers.push(async () => retention.stop());
    const queue: JobQueue = await openPgBossQueue({
      database,
      schema: config.jobs.queueSchema,
      pollingSeconds: config.jobs.pollingSeconds,
      onError: (error) => log.error(`queue: ${error.message}`),
    });
    closers.push(() => queue.stop());

    // One registry per process: `GET /metrics` shows this process's breakers and provider-budget
    // waits next to the figures every process writes to the database.
    const metrics = createMetrics({ database });
    // Calls from here on count in `/metrics`, even those made before its first scrape.
    await metrics.started;
    // One per process: model calls of jobs and embeddings of the knowledge base share its breakers and budget.
    const resilience = openResilience(config, database, resilienceObservers(metrics, logger.logger));
    let worker: RunningWorker | undefined;
    let provider: ModelProvider | undefined;
    let simulator: RunningSimulator | undefined;
    // The API with a cron secret is a serverless worker too (`/v1/worker/tick`): it needs the provider.
    if (mode !== "api" || config.worker.cronSecret !== undefined) {
      ({ provider, simulator } = await openProvider(config));
      closers.push(async () => {
        await provider?.close();
        await simulator?.close();
      });
    }

    // The knowledge base: uploads go to their own durable queue; workers ingest them.
    const knowledgeQueue = await openPgBossQueue({
      database,
      schema: config.jobs.queueSchema,
      pollingSeconds: config.jobs.pollingSeconds,
      queueName: knowledgeQueueName,
      onError: (error) => log.error(`knowledge queue: ${error.message}`),
    });
    closers.push(() => knowledgeQueue.stop());
    const knowledgeRuntime = await openKnowledgeRuntime({
      config,
      database,
      callPolicy: resilience.callPolicy,
      ...(simulator === undefined ? {} : { simulatorUrl: simulator.url }),
      schedule: (documentId, signal) => knowledgeQueue.enqueue(documentId, 0, signal),
    });
    closers.push(() => knowledgeRuntime.close());
    if (knowledgeRuntime.vectorSearch.kind === "exact")
      log.info(`knowledge base: exact vector scan (${knowledgeRuntime.vectorSearch.reason})`);
    const { answerCache, similarity } = openCostSavings(config, database, knowledgeRuntime.embedder);
    if (mode !== "api") {
      const ingesting = new AbortController();
      // Before the queue stops (closers run in reverse): stop ingesting first.
      closers.push(async () => ingesting.abort());
      await startIngestionWorker({
        database,
        queue: knowledgeQueue,
        knowledge: knowledgeRuntime.knowledge,
        signal: ingesting.signal,
      });
    }

    if (provider !== undefined && mode !== "api") {
      const economy = openEconomy(config, database, simulator?.url, (error) =>
        log.error(`batch: ${error instanceof Error ? error.message : String(error)}`),
      );
      // Closed after the worker (closers run in reverse): its jobs stop waiting first.
      if (economy !== undefined) closers.push(() => economy.close());
      worker = await startWorker({
        ...(economy === undefined ? {} : { economy }),
        knowledge: knowledgeRuntime.knowledge,
        answerCache,
        similarity,
        database,
        queue,
        provider: loggedProvider(provider, logger.logger),
        logger: logger.logger,
        callPolicy: resilience.callPolicy,
        config,
        simulated: simulator !== undefined,
        workerId: `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
        concurrency: config.jobs.workerConcurrency,
        onError: (error) => log.error(`worker: ${error.message}`),
        onJobSettled: (jobId, status) => log.info(`job ${jobId} ${status ?? "taken-over"}`),
      });
      // Stopping the worker drains its steps in flight before the queue and database close.
      closers.push(() => worker!.stop());
    }

    // Every process sends due webhook deliveries (rows are claimed, so several never send one twice).
    const webhooks = await startWebhookDispatcher({
      database,
      retryDelaysSeconds: config.webhooks.retryDelaysSeconds,
      timeoutMs: config.webhooks.timeoutSeconds * 1_000,
      policy: { allowPrivateNetworks: config.webhooks.allowPrivateNetworks },
      userAgent: `Courseforge-Webhooks/${packageJson.version}`,
      onError: (error) => log.error(`webhooks: ${error instanceof Error ? error.message : String(error)}`),
      onAttempt: (attempt) =>
        logger.logger[attempt.delivered ? "info" : "warn"](
          { event: "webhook.attempt", ...attempt },
          attempt.delivered
            ? `Webhook ${attempt.deliveryId} delivered (attempt ${attempt.attempt})`
            : `Webhook ${attempt.deliveryId} attempt ${attempt.attempt} failed: ${attempt.error}`,
        ),
    });
    closers.push(() => webhooks.stop());

    let server: RunningHttpServer | undefined;
    let firstAdminToken: string | undefined;
    let unusedAdmin: string | undefined;
    if (mode !== "worker") {
      const { app } = createHttpService({
        config,
        database,
        queue,
        metrics,
        knowledge: knowledgeRuntime.knowledge,
        ...(provider === undefined || config.worker.cronSecret === undefined
          ? {}
          : {
              worker: createWorkerTicks({
                config,
                database,
                queue,
                provider: loggedProvider(provider, logger.logger),
                callPolicy: resilience.callPolicy,
                simulated: simulator !== undefined,
                knowledge: knowledgeRuntime.knowledge,
                logger: logger.logger,
              }),
            }),
        similarity,
        onError: (error, request) => {
          log.error(
            `http: ${request.method} ${request.path}: ${error instanceof Error ? error.message : String(error)}`,
          );
          logger.logger.error(
            { event: "http.error", method: request.method, path: request.path, error },
            `${request.method} ${request.path} failed`,
          );
        },
      });
      // The same server serves the web UI at `/` (web/dist); the API keeps every path it has.
      server = await startHttpServer(withWebUi(app), { port: options.port, host }).catch((error: unknown) => {
        throw portErrorOf(error, options.port, host);
      });
      closers.push(() => server!.close());
      // Only once the port is held: a start that fails before here leaves no admin whose token was never shown.
      firstAdminToken = await createFirstAdmin(database);
      if (firstAdminToken === undefined) unusedAdmin = await adminNeverSignedIn(database, options.signal);
      // The embedded database admits this process only: the owner's CLI commands come through the API.
      if (config.database.url === undefined) {
        const link = await publishLocalLink(database, {
          dataDir: config.database.dataDir,
          url: server.url,
          workers: worker !== undefined,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        if (link === undefined)
          log.info("No active admin user: CLI commands cannot reach this service while it holds the data folder.");
        else closers.push(() => link.unpublish());
      }
      const webhookUrl = config.observability.alertWebhookUrl;
      const evaluator = startAlertEvaluator({
        database,
        intervalMs: config.observability.alertIntervalSeconds * 1_000,
        thresholds: { dailyBudgetUsd: config.observability.dailyBudgetUsd },
        logger: logger.logger,
        ...(webhookUrl === undefined
          ? {}
          : { notify: (alert, change) => postWebhook(webhookUrl, alertMessage(alert, change)) }),
      });
      closers.push(() => evaluator.stop());
    }

    let stopping: Promise<void> | undefined;
    return {
      url: server?.url,
      database,
      provider,
      simulated: config.provider === "simulator",
      worker,
      firstAdminToken,
      adminNeverSignedIn: unusedAdmin,
      logger,
      stop: () => (stopping ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

// Breaker changes and provider-budget waits go to the metrics; an opening circuit is also logged
// (`circuit.opened`, which the alert rule of that name looks for).
function resilienceObservers(metrics: Metrics, logger: Logger): ReturnType<Metrics["resilienceHooks"]> {
  const hooks = metrics.resilienceHooks();
  return {
    ...hooks,
    onCircuitChange(model, state) {
      hooks.onCircuitChange(model, state);
      if (state === "open")
        logger.warn(
          { event: "circuit.opened", breaker: model, model },
          `The circuit of ${model} opened after repeated provider failures`,
        );
      else logger.info({ event: `circuit.${state}`, breaker: model, model }, `The circuit of ${model} is ${state}`);
    },
  };
}
