import type { Hono } from "hono";
import type { Config } from "../config/index.ts";
import { defaultRoleLimits } from "../config/rate-limit-defaults.ts";
import { createReadinessCheck, openDatabase } from "../db/index.ts";
import type { Database } from "../db/port.ts";
import {
  createCostSavings,
  createCourseJobs,
  createCourseLibrary,
  createCourseRevisions,
  knowledgeQueueName,
  openPgBossQueue,
  type CourseSimilarity,
  type JobQueue,
} from "../jobs/index.ts";
import { createApp, type AppServices, type CreateAppOptions, type WorkerTicks } from "../http/index.ts";
import type { AppEnv } from "../http/route.ts";
import type { FallbackChains } from "../llm/index.ts";
import type { CourseJobs } from "../http/ports.ts";
import {
  createCourseLimits,
  modelAccessDefaultsOf,
  type CourseLimits,
  type BudgetDefaults,
  type LimitDefaults,
  type ModelAccessDefaults,
} from "../limits/index.ts";
import { createMetrics, createMonitoring, type Metrics } from "../observability/index.ts";
import { createJobEventFeed, type JobEventFeed } from "../store/index.ts";
import { createAccounts, type Role, type SupabaseSignInOptions } from "../users/index.ts";
import type { KnowledgeService } from "../knowledge/index.ts";
import { createWebhooks } from "../webhooks/index.ts";
import { openProvider, openResilience } from "./runtime.ts";
import { createWorkerTicks } from "./worker-ticks.ts";
import { openKnowledgeRuntime, type KnowledgeRuntime } from "./knowledge.ts";

/** The API with what it runs on, opened from the config. */
export interface HttpService {
  readonly app: Hono<AppEnv>;
  readonly database: Database;
  readonly jobs: CourseJobs;
  readonly queue: JobQueue;
  /** The knowledge base behind `/v1/knowledge/*`: uploads are sent to its queue, which `courseforge worker` ingests. */
  readonly knowledge: KnowledgeService;
  /** Stops the queue and closes the database. Safe to call twice. */
  close(): Promise<void>;
}

/** What the API reads of the config (a whole {@link Config} will do). */
export interface HttpServiceConfig {
  /** Supabase sign-in (docs/supabase.md); Supabase JWTs are refused without `supabaseJwtSecret` or `supabaseJwksUrl`. */
  readonly auth: SupabaseAuthConfig;
  /** Seeds the stored rate limits (default: the built-in role limits). */
  readonly limits?: LimitDefaults | undefined;
  /** Seeds the stored USD budgets (default: no caps until an admin sets some). */
  readonly budgets?: { readonly roles: BudgetDefaults["roles"]; readonly globalUsdPerDay: number | null } | undefined;
  /** `metricsToken`: when set, `GET /metrics` needs it as a bearer token. */
  readonly observability?: { readonly metricsToken?: string | undefined } | undefined;
  /** The step models, prices and fallback chains the default model allow-lists are made of (docs/limits.md, "Models"); without them no request may name a model. */
  readonly models?: { readonly outline: string; readonly lesson: string; readonly quiz: string } | undefined;
  readonly prices?: Readonly<Record<string, unknown>> | undefined;
  readonly resilience?: { readonly fallbackModels: FallbackChains } | undefined;
  /** `maxPerUser`: open event streams per user in this process (default 20). */
  readonly streams?: { readonly maxPerUser: number } | undefined;
  /** Whether webhook endpoints may be loopback or private addresses (default false: https, public only). */
  readonly webhooks?: { readonly allowPrivateNetworks: boolean } | undefined;
}

/** The Supabase part of the config's `auth` (a whole {@link Config}'s will do). */
export interface SupabaseAuthConfig {
  readonly supabaseJwtSecret?: string | undefined;
  readonly supabaseJwksUrl?: string | undefined;
  readonly supabaseIssuer?: string | undefined;
  readonly supabaseAudience?: string | undefined;
  readonly provisionUsers?: boolean | undefined;
  readonly roleClaim?: string | undefined;
  readonly defaultRole?: Role | undefined;
}

function supabaseSignInOptionsOf(auth: SupabaseAuthConfig): SupabaseSignInOptions {
  return {
    jwtSecret: auth.supabaseJwtSecret,
    jwksUrl: auth.supabaseJwksUrl,
    issuer: auth.supabaseIssuer,
    audience: auth.supabaseAudience,
    provisionUsers: auth.provisionUsers,
    roleClaim: auth.roleClaim,
    defaultRole: auth.defaultRole,
  };
}

function modelAccessOf(config: HttpServiceConfig): { models?: ModelAccessDefaults } {
  const { models, prices, resilience } = config;
  if (models === undefined) return {};
  return {
    models: modelAccessDefaultsOf({ models, prices: prices ?? {}, resilience: resilience ?? { fallbackModels: {} } }),
  };
}

/** What {@link createHttpService} needs, and the services a caller may bring instead of the defaults. */
export interface CreateHttpServiceOptions extends Pick<
  CreateAppOptions,
  "basePath" | "eventStream" | "onError" | "bodyLimitBytes"
> {
  readonly config: HttpServiceConfig;
  readonly database: Database;
  readonly queue: JobQueue;
  /** Default: the jobs service on `database` and `queue`. */
  readonly jobs?: CourseJobs;
  /** Default: stored in `database`, seeded from `config.limits` (docs/limits.md). */
  readonly limits?: CourseLimits;
  /** Default: a registry of this app reading job gauges, model calls and steps from `database`. */
  readonly metrics?: Metrics;
  /**
   * Default: a feed listening on `database` (its one listening connection, so one per process)
   * that wakes event streams when their job's events are stored (docs/api.md).
   */
  readonly eventFeed?: JobEventFeed;
  /** The knowledge base (docs/knowledge.md); without it the knowledge routes answer 404 and requests naming material are refused. */
  readonly knowledge?: KnowledgeService;
  /** The serverless worker mode (docs/vercel.md); without it `/v1/worker/tick` answers 404. */
  readonly worker?: WorkerTicks;
  /** Similar-course reuse (docs/cost.md); without it the preview lists nothing. */
  readonly similarity?: CourseSimilarity;
}

/**
 * Builds the API and every service it drives on an open database and queue (the caller owns both).
 * The one place the API's parts are wired together.
 */
export function createHttpService(options: CreateHttpServiceOptions): {
  readonly app: Hono<AppEnv>;
  readonly jobs: CourseJobs;
} {
  const {
    database,
    queue,
    config,
    jobs: givenJobs,
    limits,
    metrics,
    eventFeed,
    knowledge,
    worker,
    similarity,
    ...appOptions
  } = options;
  const jobs = givenJobs ?? createCourseJobs({ database, queue, ...(knowledge === undefined ? {} : { knowledge }) });
  const services: AppServices = {
    jobs,
    courses: createCourseLibrary({ database }),
    revisions: createCourseRevisions({ database, queue }),
    accounts: createAccounts({ database, supabase: supabaseSignInOptionsOf(config.auth) }),
    monitoring: createMonitoring({ database }),
    limits:
      limits ??
      createCourseLimits({
        database,
        defaults: config.limits ?? { roles: defaultRoleLimits, globalCoursesPerHour: 2_000 },
        ...modelAccessOf(config),
        ...(config.budgets === undefined ? {} : { budgets: config.budgets }),
      }),
    metrics: metrics ?? createMetrics({ database }),
    readiness: createReadinessCheck(database),
    eventFeed: eventFeed ?? createJobEventFeed(database),
    webhooks: createWebhooks(database, { allowPrivateNetworks: config.webhooks?.allowPrivateNetworks ?? false }),
    knowledge,
    worker,
    savings: createCostSavings({ database, similarity }),
  };
  const app = createApp({
    services,
    metricsToken: config.observability?.metricsToken,
    ...(config.streams === undefined ? {} : { maxStreamsPerUser: config.streams.maxPerUser }),
    ...appOptions,
  });
  return { app, jobs };
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
  const database = await openDatabase({
    databaseUrl: config.database.url,
    dataDir: config.database.dataDir,
    schema: config.database.schema,
    signal,
  });
  const closers: (() => Promise<unknown>)[] = [() => database.close()];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };
  let queue: JobQueue;
  let knowledgeQueue: JobQueue;
  let knowledgeRuntime: KnowledgeRuntime;
  // With a cron secret this handler is also the serverless worker: it needs the model provider.
  let opened: Awaited<ReturnType<typeof openProvider>> | undefined;
  try {
    const queueOptions = {
      database,
      schema: config.jobs.queueSchema,
      pollingSeconds: config.jobs.pollingSeconds,
      signal,
    };
    queue = await openPgBossQueue(queueOptions);
    closers.push(() => queue.stop());
    // Uploads go to the knowledge base's own durable queue; a worker process ingests them.
    knowledgeQueue = await openPgBossQueue({ ...queueOptions, queueName: knowledgeQueueName });
    closers.push(() => knowledgeQueue.stop());
    knowledgeRuntime = await openKnowledgeRuntime({
      config,
      database,
      schedule: (documentId, scheduleSignal) => knowledgeQueue.enqueue(documentId, 0, scheduleSignal),
      ...(signal === undefined ? {} : { signal }),
    });
    closers.push(() => knowledgeRuntime.close());
    if (config.worker.cronSecret !== undefined) {
      opened = await openProvider(config);
      const provider = opened;
      closers.push(async () => {
        await provider.provider.close();
        await provider.simulator?.close();
      });
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  const worker =
    opened === undefined
      ? undefined
      : createWorkerTicks({
          config,
          database,
          queue,
          provider: opened.provider,
          callPolicy: openResilience(config, database).callPolicy,
          simulated: opened.simulator !== undefined,
        });
  const { signal: _signal, ...serviceOptions } = options;
  const { app, jobs } = createHttpService({
    ...serviceOptions,
    database,
    queue,
    knowledge: knowledgeRuntime.knowledge,
    ...(worker ? { worker } : {}),
  });
  let closing: Promise<void> | undefined;
  return {
    app,
    database,
    jobs,
    queue,
    knowledge: knowledgeRuntime.knowledge,
    close() {
      closing ??= closeAll();
      return closing;
    },
  };
}
