import path from "node:path";
import { z } from "zod";
import { faultKinds } from "../simulator/index.ts";
import { parseModelLimits } from "../llm/budget/index.ts";
import { parseFallbackChains } from "../llm/router/index.ts";
import type { ModelPrice } from "../llm/types.ts";
import { roles } from "../users/caller.ts";
import { ConfigError } from "./config-error.ts";
import { databaseSchemaOf } from "./database-schema.ts";
import { defaultPrices } from "./prices.ts";
import { defaultRoleLimits, limitsSchema } from "./rate-limit-defaults.ts";
import { budgetsSchema, parseRoleBudgets } from "./budget-defaults.ts";
import { routeSources, routingOf, unpricedRoutes, type Routing } from "./routing.ts";

export { defaultPrices };

/** The model providers Courseforge can talk to. */
export const providerNames = ["simulator", "openai", "local"] as const;
export type ProviderName = (typeof providerNames)[number];

export { ConfigError };

import { workerConcurrencyRange } from "./worker-concurrency.ts";
export { workerConcurrencyRange };

/** Values given on the command line; they override the environment. */
export interface ConfigFlags {
  provider?: string;
  model?: string;
  modelPath?: string;
  concurrency?: string | number;
  maxAttempts?: string | number;
  dataDir?: string;
  /** `--jobs`: jobs at once in this process's worker. */
  jobs?: string | number;
}

const wholeNumber = (minimum: number, maximum: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${minimum} to ${maximum}` })
    .int({ error: `must be a whole number from ${minimum} to ${maximum}` })
    .min(minimum, { error: `must be a whole number from ${minimum} to ${maximum}` })
    .max(maximum, { error: `must be a whole number from ${minimum} to ${maximum}` });

const decimal = (minimum: number, maximum: number) =>
  z.coerce
    .number({ error: `must be a number from ${minimum} to ${maximum}` })
    .min(minimum, { error: `must be a number from ${minimum} to ${maximum}` })
    .max(maximum, { error: `must be a number from ${minimum} to ${maximum}` });

// Standard Webhooks' suggested schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h): a receiver
// that is down for up to a day still gets every message.
const defaultRetryDelaysSeconds = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];

const modelName = z
  .string()
  .trim()
  .min(1, { error: "must be a model name such as gpt-4.1-mini" })
  .max(200, { error: "must be at most 200 characters" });

const priceSchema = z.strictObject({
  inputPerMillion: z.number().min(0),
  cachedInputPerMillion: z.number().min(0),
  outputPerMillion: z.number().min(0),
});

/** Each field of the resolved config, with the variable or flag it is read from (for error messages). */
const sources = {
  provider: "--provider / COURSEFORGE_PROVIDER",
  "openai.apiKey": "OPENAI_API_KEY",
  "openai.baseUrl": "OPENAI_BASE_URL",
  "openai.organization": "OPENAI_ORG_ID",
  "models.outline": "COURSEFORGE_OUTLINE_MODEL (or --model / COURSEFORGE_MODEL)",
  "models.lesson": "COURSEFORGE_LESSON_MODEL (or --model / COURSEFORGE_MODEL)",
  "models.quiz": "COURSEFORGE_QUIZ_MODEL (or --model / COURSEFORGE_MODEL)",
  "models.judge": "COURSEFORGE_JUDGE_MODEL (or --model / COURSEFORGE_MODEL)",
  "models.regeneration": "COURSEFORGE_REGENERATION_MODEL (or COURSEFORGE_LESSON_MODEL)",
  "budgets.roles": "COURSEFORGE_ROLE_BUDGETS",
  "budgets.globalUsdPerDay": "COURSEFORGE_GLOBAL_DAILY_BUDGET_USD",
  "budgets.overGlobal": "COURSEFORGE_OVER_GLOBAL_BUDGET",
  "budgets.waitSeconds": "COURSEFORGE_BUDGET_WAIT_SECONDS",
  "local.modelPath": "--model-path / COURSEFORGE_LOCAL_MODEL_PATH",
  "local.threads": "COURSEFORGE_LOCAL_THREADS",
  "database.url": "DATABASE_URL",
  "database.dataDir": "--data-dir / COURSEFORGE_DATA_DIR",
  "database.schema": "COURSEFORGE_DB_SCHEMA (or the search_path of DATABASE_URL's options)",
  "llm.maxAttempts": "--max-attempts / COURSEFORGE_MAX_ATTEMPTS",
  "llm.timeoutMs": "COURSEFORGE_LLM_TIMEOUT_MS",
  "llm.temperature": "COURSEFORGE_TEMPERATURE",
  "resilience.fallbackModels": "COURSEFORGE_FALLBACK_MODELS (primary=fallback1,fallback2;other=…)",
  "resilience.outageWaitSeconds": "COURSEFORGE_OUTAGE_WAIT_SECONDS",
  "resilience.breakerFailures": "COURSEFORGE_BREAKER_FAILURES",
  "resilience.breakerHalfOpenMs": "COURSEFORGE_BREAKER_HALF_OPEN_MS",
  "resilience.timeoutBaseMs": "COURSEFORGE_LLM_TIMEOUT_BASE_MS",
  "resilience.tokensPerSecond": "COURSEFORGE_LLM_TOKENS_PER_SECOND",
  "resilience.modelLimits": "COURSEFORGE_MODEL_LIMITS (model=RPM:TPM;other=RPM:TPM)",
  "resilience.modelConcurrencyMax": "COURSEFORGE_MODEL_CONCURRENCY_MAX",
  "generation.concurrency": "--concurrency / COURSEFORGE_CONCURRENCY",
  prices: "COURSEFORGE_PRICES",
  "simulator.seed": "COURSEFORGE_SIMULATOR_SEED",
  "simulator.timeScale": "COURSEFORGE_SIMULATOR_TIME_SCALE",
  "simulator.faultRate": "COURSEFORGE_SIMULATOR_FAULT_RATE",
  "simulator.faultKinds": "COURSEFORGE_SIMULATOR_FAULTS (comma-separated; empty = every kind)",
  "jobs.workerConcurrency": "--jobs / COURSEFORGE_WORKER_CONCURRENCY",
  "jobs.heartbeatSeconds": "COURSEFORGE_JOB_HEARTBEAT_SECONDS",
  "jobs.staleAfterSeconds": "COURSEFORGE_JOB_STALE_AFTER_SECONDS",
  "jobs.shutdownGraceSeconds": "COURSEFORGE_SHUTDOWN_GRACE_SECONDS",
  "jobs.pollingSeconds": "COURSEFORGE_QUEUE_POLLING_SECONDS",
  "jobs.queueSchema": "COURSEFORGE_QUEUE_SCHEMA",
  "auth.supabaseJwtSecret": "SUPABASE_JWT_SECRET",
  "auth.supabaseJwksUrl": "SUPABASE_JWKS_URL (or SUPABASE_URL)",
  "auth.supabaseIssuer": "SUPABASE_JWT_ISSUER (or SUPABASE_URL)",
  "auth.supabaseAudience": "SUPABASE_JWT_AUDIENCE",
  "auth.provisionUsers": "COURSEFORGE_PROVISION_USERS",
  "auth.roleClaim": "COURSEFORGE_ROLE_CLAIM",
  "auth.defaultRole": "COURSEFORGE_DEFAULT_ROLE",
  "limits.globalCoursesPerHour": "COURSEFORGE_GLOBAL_COURSES_PER_HOUR",
  "streams.maxPerUser": "COURSEFORGE_MAX_STREAMS_PER_USER",
  "observability.logLevel": "COURSEFORGE_LOG_LEVEL",
  "observability.logRetentionDays": "COURSEFORGE_LOG_RETENTION_DAYS",
  "observability.metricsToken": "COURSEFORGE_METRICS_TOKEN",
  "worker.cronSecret": "COURSEFORGE_CRON_SECRET",
  "worker.tickBudgetMs": "COURSEFORGE_TICK_BUDGET_MS",
  "observability.alertWebhookUrl": "COURSEFORGE_ALERT_WEBHOOK_URL",
  "observability.alertIntervalSeconds": "COURSEFORGE_ALERT_INTERVAL_SECONDS",
  "observability.dailyBudgetUsd": "COURSEFORGE_DAILY_BUDGET_USD",
  "webhooks.retryDelaysSeconds": "COURSEFORGE_WEBHOOK_RETRY_DELAYS (seconds, comma-separated)",
  "webhooks.timeoutSeconds": "COURSEFORGE_WEBHOOK_TIMEOUT_SECONDS",
  "webhooks.allowPrivateNetworks": "COURSEFORGE_WEBHOOK_ALLOW_PRIVATE_NETWORKS (true or false)",
  "knowledge.embeddingModel": "COURSEFORGE_EMBEDDING_MODEL",
  "knowledge.embeddingDimensions": "COURSEFORGE_EMBEDDING_DIMENSIONS",
  "knowledge.maxUploadBytes": "COURSEFORGE_KB_MAX_UPLOAD_BYTES",
  "knowledge.maxDocuments": "COURSEFORGE_KB_MAX_DOCUMENTS",
  "knowledge.maxBytes": "COURSEFORGE_KB_MAX_BYTES",
  "knowledge.minimumSimilarity": "COURSEFORGE_KB_MIN_SIMILARITY",
  "knowledge.tokenBudget": "COURSEFORGE_KB_TOKEN_BUDGET",
  "quality.mode": "COURSEFORGE_QUALITY",
  "quality.judgeModel": "COURSEFORGE_JUDGE_MODEL",
  "quality.thresholds.minScore": "COURSEFORGE_QUALITY_MIN_SCORE",
  "quality.thresholds.minCriterion": "COURSEFORGE_QUALITY_MIN_CRITERION",
  "cache.ttlHours": "COURSEFORGE_CACHE_TTL_HOURS",
  "cache.maxEntries": "COURSEFORGE_CACHE_MAX_ENTRIES",
  "cache.reuseThreshold": "COURSEFORGE_REUSE_THRESHOLD",
} as const;

/** The topic similarity a finished course must reach to be suggested (docs/cost.md, "Choosing the threshold"). */
export const defaultReuseThreshold = 0.69;

const configSchema = z.strictObject({
  provider: z.enum(providerNames, { error: `must be one of ${providerNames.join(", ")}` }),
  openai: z.strictObject({
    apiKey: z.string().min(1).optional(),
    baseUrl: z.url({ error: "must be an http(s) URL such as https://api.openai.com/v1" }).optional(),
    organization: z.string().min(1).optional(),
  }),
  models: z.strictObject({
    outline: modelName,
    lesson: modelName,
    quiz: modelName,
    judge: modelName,
    regeneration: modelName,
  }),
  local: z.strictObject({
    modelPath: z.string().min(1).optional(),
    threads: wholeNumber(1, 64),
  }),
  database: z.strictObject({
    url: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: "must be a postgres:// or postgresql:// connection URL" })
      .optional(),
    dataDir: z.string().min(1),
    schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, {
      error: "must be a lowercase schema name such as courseforge (letters, digits, _)",
    }),
  }),
  llm: z.strictObject({
    maxAttempts: wholeNumber(1, 10),
    timeoutMs: wholeNumber(1_000, 900_000),
    temperature: decimal(0, 2),
  }),
  resilience: z.strictObject({
    // Parsed here, once: the rest of the code gets the chains and limits, never their text.
    fallbackModels: parsedText(
      parseFallbackChains,
      "must list chains such as gpt-4.1-mini=gpt-4o-mini,gpt-4.1-nano (several separated by ;)",
    ),
    outageWaitSeconds: wholeNumber(0, 86_400),
    breakerFailures: wholeNumber(1, 1_000),
    breakerHalfOpenMs: wholeNumber(10, 3_600_000),
    timeoutBaseMs: wholeNumber(100, 900_000),
    tokensPerSecond: decimal(0.1, 100_000),
    modelLimits: parsedText(
      parseModelLimits,
      "must list limits such as gpt-4.1-mini=5000:4000000 (requests:tokens per minute; several separated by ;)",
    ),
    modelConcurrencyMax: wholeNumber(1, 1_024),
  }),
  generation: z.strictObject({ concurrency: wholeNumber(1, 64) }),
  batch: z.strictObject({
    windowSeconds: decimal(0, 86_400),
    maxLines: wholeNumber(1, 50_000),
    pollSeconds: decimal(0.01, 3_600),
    fallback: z.enum(["realtime", "fail"], { error: "must be realtime or fail" }),
    priceFactor: decimal(0, 1),
  }),
  prices: z.record(z.string(), priceSchema),
  simulator: z.strictObject({
    seed: wholeNumber(0, 2 ** 31 - 1),
    timeScale: decimal(0, 100),
    faultRate: decimal(0, 1),
    faultKinds: z.array(z.enum(faultKinds, { error: `must list fault kinds among ${faultKinds.join(", ")}` })),
    batchCompletionSeconds: decimal(0, 86_400),
  }),
  jobs: z.strictObject({
    workerConcurrency: wholeNumber(workerConcurrencyRange.minimum, workerConcurrencyRange.maximum),
    heartbeatSeconds: decimal(0.05, 300),
    staleAfterSeconds: decimal(0.2, 86_400),
    shutdownGraceSeconds: decimal(0, 3_600),
    pollingSeconds: decimal(0.5, 60),
    queueSchema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: "must be a lowercase schema name such as pgboss" }),
  }),
  observability: z.strictObject({
    logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal"], {
      error: "must be one of trace, debug, info, warn, error, fatal",
    }),
    logRetentionDays: wholeNumber(1, 3_650),
    metricsToken: z.string().min(16, { error: "must be at least 16 characters" }).optional(),
    alertWebhookUrl: z.url({ error: "must be an http(s) URL (a Slack incoming webhook or compatible)" }).optional(),
    alertIntervalSeconds: decimal(1, 3_600),
    dailyBudgetUsd: decimal(0, 1_000_000).optional(),
  }),
  limits: limitsSchema,
  worker: z.strictObject({
    cronSecret: z.string().min(16, { error: "must be at least 16 characters" }).optional(),
    tickBudgetMs: wholeNumber(100, 900_000),
  }),
  budgets: z.strictObject({
    ...budgetsSchema.shape,
    roles: z.string().transform((text, context) => {
      try {
        return budgetsSchema.shape.roles.parse(parseRoleBudgets(text));
      } catch (error) {
        context.issues.push({ code: "custom", message: (error as Error).message, input: text });
        return z.NEVER;
      }
    }),
  }),
  streams: z.strictObject({ maxPerUser: wholeNumber(1, 100_000) }),
  webhooks: z.strictObject({
    retryDelaysSeconds: z
      .array(decimal(0, 86_400), { error: "must be a comma-separated list of seconds, e.g. 5,300,1800" })
      .max(20, { error: "must list at most 20 waits" }),
    timeoutSeconds: decimal(0.1, 120),
    allowPrivateNetworks: z.enum(["true", "false"], { error: "must be true or false" }).transform((v) => v === "true"),
  }),
  knowledge: z.strictObject({
    embeddingModel: modelName,
    embeddingDimensions: wholeNumber(1, 3_072).optional(),
    maxUploadBytes: wholeNumber(1, 1_073_741_824),
    maxDocuments: wholeNumber(1, 1_000_000),
    maxBytes: wholeNumber(1, Number.MAX_SAFE_INTEGER),
    minimumSimilarity: decimal(0, 1),
    tokenBudget: wholeNumber(100, 100_000),
  }),
  quality: z.strictObject({
    mode: z.enum(["off", "flag", "mend"], { error: "must be one of off, flag, mend" }),
    judgeModel: modelName,
    thresholds: z.strictObject({ minScore: decimal(1, 5), minCriterion: wholeNumber(1, 5) }),
  }),
  cache: z.strictObject({
    ttlHours: decimal(0.001, 87_600),
    maxEntries: wholeNumber(1, 100_000_000),
    reuseThreshold: decimal(0, 1),
  }),
  auth: z.strictObject({
    supabaseJwtSecret: z
      .string()
      .min(32, { error: "must be the project's JWT secret (at least 32 characters)" })
      .optional(),
    supabaseJwksUrl: z
      .url({
        protocol: /^https?$/,
        error: "must be an http(s) URL such as https://<ref>.supabase.co/auth/v1/.well-known/jwks.json",
      })
      .optional(),
    supabaseIssuer: z.string().min(1).max(2_000).optional(),
    supabaseAudience: z
      .string()
      .min(1, { error: "must be the audience of access tokens, e.g. authenticated" })
      .max(200),
    provisionUsers: z
      .enum(["true", "false"], { error: "must be true or false" })
      .transform((value) => value === "true"),
    roleClaim: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*){0,7}$/, {
        error: "must be a dotted claim path such as app_metadata.role",
      })
      .refine((path) => path !== "user_metadata" && !path.startsWith("user_metadata."), {
        error: "must not read user_metadata, which every user can change for themselves; use app_metadata.role",
      })
      .optional(),
    defaultRole: z.enum(roles, { error: `must be one of ${roles.join(", ")}` }).refine((role) => role !== "admin", {
      error:
        "must not be admin: every new Supabase user would be an admin; grant admin through COURSEFORGE_ROLE_CLAIM or the CLI",
    }),
  }),
});

/**
 * The resolved, validated, read-only configuration passed down from entry points. `routing` is
 * derived: each task's model, fallback chain and price (docs/cost.md, "Routing").
 */
export type Config = Readonly<z.infer<typeof configSchema> & { readonly routing: Routing }>;

type Environment = Readonly<Record<string, string | undefined>>;

// A variable whose text a parser turns into a value; a text it refuses is an issue saying `error`.
function parsedText<T>(parse: (text: string) => T, error: string) {
  return z.string().transform((text, context): T => {
    try {
      return parse(text);
    } catch {
      context.issues.push({ code: "custom", message: error, input: text });
      return z.NEVER;
    }
  });
}

function present(value: string | number | undefined): string | number | undefined {
  if (typeof value === "string" && value.trim() === "") return undefined;
  return value;
}

// SUPABASE_URL gives both the JWKS and the issuer of the project's tokens; the explicit variables win.
function supabaseAuthOf(environment: Environment) {
  const projectUrl = present(environment.SUPABASE_URL) as string | undefined;
  const authBase = projectUrl === undefined ? undefined : `${projectUrl.trim().replace(/\/+$/, "")}/auth/v1`;
  if (authBase !== undefined && !/^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(authBase)) {
    throw new ConfigError(
      "Invalid configuration: SUPABASE_URL must be the project's URL, such as https://abcdefgh.supabase.co (or http://127.0.0.1:54321 for a local Supabase).",
      { setting: "SUPABASE_URL" },
    );
  }
  return {
    supabaseJwtSecret: present(environment.SUPABASE_JWT_SECRET),
    supabaseJwksUrl:
      present(environment.SUPABASE_JWKS_URL) ??
      (authBase === undefined ? undefined : `${authBase}/.well-known/jwks.json`),
    supabaseIssuer: present(environment.SUPABASE_JWT_ISSUER) ?? authBase,
    supabaseAudience: present(environment.SUPABASE_JWT_AUDIENCE) ?? "authenticated",
    provisionUsers:
      (present(environment.COURSEFORGE_PROVISION_USERS) as string | undefined)?.trim().toLowerCase() ?? "true",
    roleClaim: present(environment.COURSEFORGE_ROLE_CLAIM),
    defaultRole: present(environment.COURSEFORGE_DEFAULT_ROLE) ?? "student",
  };
}

function parsePrices(raw: string | undefined): unknown {
  if (raw === undefined) return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new ConfigError(
      `COURSEFORGE_PRICES must be a JSON object such as {"my-model":{"inputPerMillion":0.4,"cachedInputPerMillion":0.1,"outputPerMillion":1.6}} (${(error as Error).message}).`,
      { variable: "COURSEFORGE_PRICES" },
    );
  }
}

/**
 * Reads the environment and command-line flags into one validated, frozen {@link Config}.
 * Flags win over the environment. Throws a {@link ConfigError} naming the variable or flag and
 * the expected form on the first bad value; never reads `process.env` itself.
 */
export function loadConfig(environment: Environment, flags: ConfigFlags = {}, workingDirectory = "."): Config {
  const apiKey = present(environment.OPENAI_API_KEY) as string | undefined;
  const explicitProvider = present(flags.provider) ?? present(environment.COURSEFORGE_PROVIDER);
  const modelPath = present(flags.modelPath) ?? present(environment.COURSEFORGE_LOCAL_MODEL_PATH);
  const provider = explicitProvider ?? (apiKey ? "openai" : "simulator");
  const defaultModel =
    present(flags.model) ??
    present(environment.COURSEFORGE_MODEL) ??
    (provider === "local" && typeof modelPath === "string" ? path.basename(modelPath, ".gguf") : "gpt-4.1-mini");
  const faultList = present(environment.COURSEFORGE_SIMULATOR_FAULTS);
  const retryDelays = present(environment.COURSEFORGE_WEBHOOK_RETRY_DELAYS);

  const raw = {
    provider,
    openai: {
      apiKey,
      baseUrl: present(environment.OPENAI_BASE_URL),
      organization: present(environment.OPENAI_ORG_ID),
    },
    models: {
      outline: present(environment.COURSEFORGE_OUTLINE_MODEL) ?? defaultModel,
      lesson: present(environment.COURSEFORGE_LESSON_MODEL) ?? defaultModel,
      quiz: present(environment.COURSEFORGE_QUIZ_MODEL) ?? defaultModel,
      judge: present(environment.COURSEFORGE_JUDGE_MODEL) ?? defaultModel,
      regeneration:
        present(environment.COURSEFORGE_REGENERATION_MODEL) ??
        present(environment.COURSEFORGE_LESSON_MODEL) ??
        defaultModel,
    },
    local: {
      modelPath: typeof modelPath === "string" ? path.resolve(workingDirectory, modelPath) : undefined,
      threads: present(environment.COURSEFORGE_LOCAL_THREADS) ?? 1,
    },
    database: {
      url: present(environment.DATABASE_URL),
      dataDir: path.resolve(
        workingDirectory,
        String(present(flags.dataDir) ?? present(environment.COURSEFORGE_DATA_DIR) ?? ".courseforge"),
      ),
      schema: databaseSchemaOf(
        present(environment.COURSEFORGE_DB_SCHEMA) as string | undefined,
        present(environment.DATABASE_URL) as string | undefined,
      ),
    },
    llm: {
      maxAttempts: present(flags.maxAttempts) ?? present(environment.COURSEFORGE_MAX_ATTEMPTS) ?? 3,
      timeoutMs: present(environment.COURSEFORGE_LLM_TIMEOUT_MS) ?? 120_000,
      temperature: present(environment.COURSEFORGE_TEMPERATURE) ?? 0.7,
    },
    resilience: {
      fallbackModels: present(environment.COURSEFORGE_FALLBACK_MODELS) ?? "",
      outageWaitSeconds: present(environment.COURSEFORGE_OUTAGE_WAIT_SECONDS) ?? 1_800,
      breakerFailures: present(environment.COURSEFORGE_BREAKER_FAILURES) ?? 5,
      breakerHalfOpenMs: present(environment.COURSEFORGE_BREAKER_HALF_OPEN_MS) ?? 15_000,
      timeoutBaseMs: present(environment.COURSEFORGE_LLM_TIMEOUT_BASE_MS) ?? 15_000,
      tokensPerSecond: present(environment.COURSEFORGE_LLM_TOKENS_PER_SECOND) ?? 20,
      modelLimits: present(environment.COURSEFORGE_MODEL_LIMITS) ?? "",
      modelConcurrencyMax: present(environment.COURSEFORGE_MODEL_CONCURRENCY_MAX) ?? 256,
    },
    generation: { concurrency: present(flags.concurrency) ?? present(environment.COURSEFORGE_CONCURRENCY) ?? 8 },
    batch: {
      windowSeconds: present(environment.COURSEFORGE_BATCH_WINDOW_SECONDS) ?? 30,
      maxLines: present(environment.COURSEFORGE_BATCH_MAX_LINES) ?? 500,
      pollSeconds: present(environment.COURSEFORGE_BATCH_POLL_SECONDS) ?? 10,
      fallback: present(environment.COURSEFORGE_BATCH_FALLBACK) ?? "realtime",
      priceFactor: present(environment.COURSEFORGE_BATCH_PRICE_FACTOR) ?? 0.5,
    },
    prices: {
      ...defaultPrices,
      ...(parsePrices(present(environment.COURSEFORGE_PRICES) as string | undefined) as object),
    },
    simulator: {
      seed: present(environment.COURSEFORGE_SIMULATOR_SEED) ?? 42,
      timeScale: present(environment.COURSEFORGE_SIMULATOR_TIME_SCALE) ?? 0.05,
      faultRate: present(environment.COURSEFORGE_SIMULATOR_FAULT_RATE) ?? 0,
      batchCompletionSeconds: present(environment.COURSEFORGE_SIMULATOR_BATCH_COMPLETION_SECONDS) ?? 300,
      faultKinds:
        faultList === undefined
          ? []
          : String(faultList)
              .split(",")
              .map((kind) => kind.trim()),
    },
    jobs: {
      workerConcurrency:
        present(flags.jobs) ?? present(environment.COURSEFORGE_WORKER_CONCURRENCY) ?? workerConcurrencyRange.default,
      heartbeatSeconds: present(environment.COURSEFORGE_JOB_HEARTBEAT_SECONDS) ?? 2,
      staleAfterSeconds: present(environment.COURSEFORGE_JOB_STALE_AFTER_SECONDS) ?? 30,
      shutdownGraceSeconds: present(environment.COURSEFORGE_SHUTDOWN_GRACE_SECONDS) ?? 30,
      pollingSeconds: present(environment.COURSEFORGE_QUEUE_POLLING_SECONDS) ?? 1,
      queueSchema: present(environment.COURSEFORGE_QUEUE_SCHEMA) ?? "pgboss",
    },
    auth: supabaseAuthOf(environment),
    knowledge: {
      embeddingModel: present(environment.COURSEFORGE_EMBEDDING_MODEL) ?? "text-embedding-3-small",
      embeddingDimensions: present(environment.COURSEFORGE_EMBEDDING_DIMENSIONS),
      maxUploadBytes: present(environment.COURSEFORGE_KB_MAX_UPLOAD_BYTES) ?? 20 * 1024 * 1024,
      maxDocuments: present(environment.COURSEFORGE_KB_MAX_DOCUMENTS) ?? 500,
      maxBytes: present(environment.COURSEFORGE_KB_MAX_BYTES) ?? 1024 * 1024 * 1024,
      minimumSimilarity: present(environment.COURSEFORGE_KB_MIN_SIMILARITY) ?? 0.3,
      tokenBudget: present(environment.COURSEFORGE_KB_TOKEN_BUDGET) ?? 3_000,
    },
    quality: {
      mode: present(environment.COURSEFORGE_QUALITY) ?? "mend",
      judgeModel:
        present(environment.COURSEFORGE_JUDGE_MODEL) ?? present(environment.COURSEFORGE_LESSON_MODEL) ?? defaultModel,
      thresholds: {
        minScore: present(environment.COURSEFORGE_QUALITY_MIN_SCORE) ?? 3.5,
        minCriterion: present(environment.COURSEFORGE_QUALITY_MIN_CRITERION) ?? 3,
      },
    },
    cache: {
      ttlHours: present(environment.COURSEFORGE_CACHE_TTL_HOURS) ?? 720,
      maxEntries: present(environment.COURSEFORGE_CACHE_MAX_ENTRIES) ?? 100_000,
      // Chosen on the labelled request pairs: `npm run bench -- reuse` (docs/cost.md).
      reuseThreshold: present(environment.COURSEFORGE_REUSE_THRESHOLD) ?? defaultReuseThreshold,
    },
    limits: {
      roles: defaultRoleLimits,
      globalCoursesPerHour: present(environment.COURSEFORGE_GLOBAL_COURSES_PER_HOUR) ?? 2_000,
    },
    budgets: {
      roles: present(environment.COURSEFORGE_ROLE_BUDGETS) ?? "",
      globalUsdPerDay: present(environment.COURSEFORGE_GLOBAL_DAILY_BUDGET_USD) ?? null,
      overGlobal: present(environment.COURSEFORGE_OVER_GLOBAL_BUDGET) ?? "wait",
      waitSeconds: present(environment.COURSEFORGE_BUDGET_WAIT_SECONDS) ?? 30,
    },
    streams: { maxPerUser: present(environment.COURSEFORGE_MAX_STREAMS_PER_USER) ?? 20 },
    webhooks: {
      retryDelaysSeconds:
        retryDelays === undefined
          ? defaultRetryDelaysSeconds
          : String(retryDelays)
              .split(",")
              .map((wait) => wait.trim())
              .filter((wait) => wait !== ""),
      timeoutSeconds: present(environment.COURSEFORGE_WEBHOOK_TIMEOUT_SECONDS) ?? 10,
      allowPrivateNetworks: present(environment.COURSEFORGE_WEBHOOK_ALLOW_PRIVATE_NETWORKS) ?? "false",
    },
    worker: {
      cronSecret: present(environment.COURSEFORGE_CRON_SECRET),
      tickBudgetMs: present(environment.COURSEFORGE_TICK_BUDGET_MS) ?? 50_000,
    },
    observability: {
      logLevel: present(environment.COURSEFORGE_LOG_LEVEL) ?? "info",
      logRetentionDays: present(environment.COURSEFORGE_LOG_RETENTION_DAYS) ?? 14,
      metricsToken: present(environment.COURSEFORGE_METRICS_TOKEN),
      alertWebhookUrl: present(environment.COURSEFORGE_ALERT_WEBHOOK_URL),
      alertIntervalSeconds: present(environment.COURSEFORGE_ALERT_INTERVAL_SECONDS) ?? 30,
      dailyBudgetUsd: present(environment.COURSEFORGE_DAILY_BUDGET_USD),
    },
  };

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path.slice(0, 2).join(".");
    const source = sources[key as keyof typeof sources] ?? sources[issue.path[0] as keyof typeof sources] ?? key;
    const given = issue.path.reduce<unknown>(
      (value, segment) => (value as Record<PropertyKey, unknown> | undefined)?.[segment],
      raw,
    );
    const shown =
      key === "openai.apiKey" ||
      key === "database.url" ||
      key === "auth.supabaseJwtSecret" ||
      key === "observability.metricsToken" ||
      key === "worker.cronSecret" ||
      key === "observability.alertWebhookUrl"
        ? ""
        : ` (got ${JSON.stringify(given)})`;
    throw new ConfigError(`Invalid configuration: ${source} ${issue.message}${shown}.`, {
      setting: source,
      path: issue.path,
    });
  }
  const routing = routingOf(
    { ...parsed.data.models, embedding: parsed.data.knowledge.embeddingModel },
    parsed.data.resilience.fallbackModels,
    parsed.data.prices,
  );
  const config = { ...parsed.data, routing };
  checkRoutesPriced(config);
  if (config.provider === "openai" && config.openai.apiKey === undefined && config.openai.baseUrl === undefined) {
    throw new ConfigError(
      "Invalid configuration: --provider openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a server that needs no key, e.g. Ollama at http://127.0.0.1:11434/v1).",
      { setting: "OPENAI_API_KEY" },
    );
  }
  if (config.jobs.staleAfterSeconds < 3 * config.jobs.heartbeatSeconds) {
    throw new ConfigError(
      `Invalid configuration: COURSEFORGE_JOB_STALE_AFTER_SECONDS (${config.jobs.staleAfterSeconds}) must be at least 3 × COURSEFORGE_JOB_HEARTBEAT_SECONDS (${config.jobs.heartbeatSeconds}), or live jobs would be taken for dead ones.`,
      { setting: "COURSEFORGE_JOB_STALE_AFTER_SECONDS" },
    );
  }
  if (config.auth.supabaseJwksUrl !== undefined && config.auth.supabaseIssuer === undefined) {
    throw new ConfigError(
      "Invalid configuration: SUPABASE_JWKS_URL needs SUPABASE_JWT_ISSUER (the tokens' iss, https://<ref>.supabase.co/auth/v1), or set SUPABASE_URL, which gives both.",
      { setting: "SUPABASE_JWT_ISSUER" },
    );
  }
  if (config.database.schema === config.jobs.queueSchema) {
    throw new ConfigError(
      `Invalid configuration: COURSEFORGE_DB_SCHEMA and COURSEFORGE_QUEUE_SCHEMA are both ${config.database.schema}; the job queue (pg-boss) needs a schema of its own.`,
      { setting: "COURSEFORGE_DB_SCHEMA" },
    );
  }
  if (config.provider === "local" && config.local.modelPath === undefined) {
    throw new ConfigError(
      "Invalid configuration: --provider local needs --model-path FILE.gguf (or COURSEFORGE_LOCAL_MODEL_PATH).",
      {
        setting: "--model-path",
      },
    );
  }
  return deepFreeze(config);
}

// Budgets are kept in dollars: with a paid provider every routed model needs a price, or its
// calls would be counted at $0 and no cap would hold. The simulator and local models cost nothing.
function checkRoutesPriced(config: z.infer<typeof configSchema> & { routing: Routing }): void {
  if (config.provider !== "openai") return;
  const capped =
    config.budgets.globalUsdPerDay !== null ||
    Object.values(config.budgets.roles).some((budget) => Object.values(budget).some((value) => value !== null));
  if (!capped) return;
  const [unpriced] = unpricedRoutes(config.routing, config.prices);
  if (unpriced === undefined) return;
  throw new ConfigError(
    `Invalid configuration: ${routeSources[unpriced.task]} routes ${unpriced.task} calls to ${unpriced.model}${unpriced.model === config.routing[unpriced.task].model ? "" : " (a fallback)"}, which has no price; budgets are counted in dollars, so add it to COURSEFORGE_PRICES (or lift the caps with COURSEFORGE_ROLE_BUDGETS=student=none;teacher=none;admin=none).`,
    { setting: "COURSEFORGE_PRICES", task: unpriced.task, model: unpriced.model },
  );
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export type { ModelPrice };
