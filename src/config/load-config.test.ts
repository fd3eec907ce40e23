import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, workerConcurrencyRange } from "./index.ts";

describe("loadConfig", () => {
  it("uses the simulator and the embedded database when nothing is set", () => {
    const config = loadConfig({}, {}, "/srv/app");
    expect(config.provider).toBe("simulator");
    expect(config.database.url).toBeUndefined();
    expect(config.database.dataDir).toBe("/srv/app/.courseforge");
    expect(config.models.lesson).toBe("gpt-4.1-mini");
    expect(config.llm.maxAttempts).toBe(3);
  });

  it("picks openai when OPENAI_API_KEY is set and no provider is named", () => {
    expect(loadConfig({ OPENAI_API_KEY: "sk-test" }).provider).toBe("openai");
    expect(loadConfig({ OPENAI_API_KEY: "sk-test" }, { provider: "simulator" }).provider).toBe("simulator");
  });

  it("lets flags win over the environment", () => {
    const config = loadConfig(
      { COURSEFORGE_MODEL: "gpt-4o", COURSEFORGE_CONCURRENCY: "2" },
      { model: "gpt-4.1", concurrency: "5" },
    );
    expect(config.models.outline).toBe("gpt-4.1");
    expect(config.generation.concurrency).toBe(5);
  });

  it("takes the worker's jobs from --jobs, else COURSEFORGE_WORKER_CONCURRENCY, else one default, in one range", () => {
    expect(loadConfig({}).jobs.workerConcurrency).toBe(workerConcurrencyRange.default);
    expect(workerConcurrencyRange).toEqual({ default: 128, minimum: 1, maximum: 1_024 });
    expect(loadConfig({ COURSEFORGE_WORKER_CONCURRENCY: "300" }).jobs.workerConcurrency).toBe(300);
    expect(loadConfig({ COURSEFORGE_WORKER_CONCURRENCY: "300" }, { jobs: "200" }).jobs.workerConcurrency).toBe(200);
    expect(loadConfig({}, { jobs: "1024" }).jobs.workerConcurrency).toBe(1_024);
    expect(() => loadConfig({}, { jobs: "1025" })).toThrowError(
      /--jobs \/ COURSEFORGE_WORKER_CONCURRENCY must be a whole number from 1 to 1024 \(got "1025"\)/,
    );
    expect(() => loadConfig({}, { jobs: "0" })).toThrowError(/from 1 to 1024/);
  });

  it("names the variable and the expected form for a bad value", () => {
    expect(() => loadConfig({ COURSEFORGE_CONCURRENCY: "many" })).toThrowError(
      /COURSEFORGE_CONCURRENCY must be a whole number from 1 to 64 \(got "many"\)/,
    );
    expect(() => loadConfig({ COURSEFORGE_PROVIDER: "anthropic" })).toThrowError(
      /COURSEFORGE_PROVIDER must be one of simulator, openai, local/,
    );
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrowError(/DATABASE_URL must be a postgres/);
    expect(() => loadConfig({ COURSEFORGE_PRICES: "{oops" })).toThrowError(ConfigError);
  });

  it("never echoes secrets in errors", () => {
    try {
      loadConfig({ DATABASE_URL: "mysql://user:hunter2@host/db" });
      expect.unreachable();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("hunter2");
    }
  });

  it("requires what the chosen provider needs", () => {
    expect(() => loadConfig({}, { provider: "openai" })).toThrowError(/needs OPENAI_API_KEY/);
    expect(() => loadConfig({}, { provider: "local" })).toThrowError(/needs --model-path/);
    const local = loadConfig({}, { provider: "local", modelPath: "models/tiny.gguf" }, "/srv");
    expect(local.local.modelPath).toBe("/srv/models/tiny.gguf");
    expect(local.models.lesson).toBe("tiny");
  });

  it("returns a frozen object", () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.models)).toBe(true);
  });

  it("merges custom prices over the defaults", () => {
    const config = loadConfig({
      COURSEFORGE_PRICES: JSON.stringify({
        "my-model": { inputPerMillion: 1, cachedInputPerMillion: 0.5, outputPerMillion: 2 },
      }),
    });
    expect(config.prices["my-model"]?.outputPerMillion).toBe(2);
    expect(config.prices["gpt-4.1-mini"]).toBeDefined();
  });
});

describe("loadConfig: SUPABASE_JWT_SECRET", () => {
  it("is optional and read when set", () => {
    expect(loadConfig({}).auth.supabaseJwtSecret).toBeUndefined();
    const secret = "a-supabase-project-jwt-secret-of-40-chars";
    expect(loadConfig({ SUPABASE_JWT_SECRET: secret }).auth.supabaseJwtSecret).toBe(secret);
  });

  it("rejects a short secret without echoing it", () => {
    try {
      loadConfig({ SUPABASE_JWT_SECRET: "tooshort-hunter2" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/SUPABASE_JWT_SECRET must be the project's JWT secret/);
      expect((error as Error).message).not.toContain("hunter2");
    }
  });
  it("reads the resilience settings with defaults and names the variable of a malformed chain or limit", () => {
    expect(loadConfig({}).resilience).toEqual({
      fallbackModels: {},
      outageWaitSeconds: 1_800,
      breakerFailures: 5,
      breakerHalfOpenMs: 15_000,
      timeoutBaseMs: 15_000,
      tokensPerSecond: 20,
      modelLimits: {},
      modelConcurrencyMax: 256,
    });
    const config = loadConfig({
      COURSEFORGE_FALLBACK_MODELS: "gpt-4.1-mini=gpt-4o-mini,gpt-4.1-nano",
      COURSEFORGE_OUTAGE_WAIT_SECONDS: "60",
      COURSEFORGE_MODEL_LIMITS: "gpt-4.1=:800000",
    });
    expect(config.resilience).toMatchObject({
      fallbackModels: { "gpt-4.1-mini": ["gpt-4o-mini", "gpt-4.1-nano"] },
      outageWaitSeconds: 60,
      modelLimits: { "gpt-4.1": { tokensPerMinute: 800_000 } },
    });
    expect(() => loadConfig({ COURSEFORGE_FALLBACK_MODELS: "gpt-4o-mini" })).toThrowError(
      /COURSEFORGE_FALLBACK_MODELS .*must list chains/,
    );
    expect(() => loadConfig({ COURSEFORGE_MODEL_LIMITS: "gpt-4.1=fast" })).toThrowError(
      /COURSEFORGE_MODEL_LIMITS .*must list limits/,
    );
  });
  it("caps event streams per user at 20 unless COURSEFORGE_MAX_STREAMS_PER_USER says otherwise", () => {
    expect(loadConfig({}).streams).toEqual({ maxPerUser: 20 });
    expect(loadConfig({ COURSEFORGE_MAX_STREAMS_PER_USER: "3" }).streams).toEqual({ maxPerUser: 3 });
    expect(() => loadConfig({ COURSEFORGE_MAX_STREAMS_PER_USER: "0" })).toThrowError(
      /COURSEFORGE_MAX_STREAMS_PER_USER must be a whole number from 1 to 100000 \(got "0"\)/,
    );
  });
});

describe("routing and budgets", () => {
  it("routes every task to its model, fallback chain and price", () => {
    const config = loadConfig({
      COURSEFORGE_MODEL: "gpt-4.1-mini",
      COURSEFORGE_JUDGE_MODEL: "gpt-4.1-nano",
      COURSEFORGE_FALLBACK_MODELS: "gpt-4.1-mini=gpt-4o-mini,gpt-4.1",
    });
    expect(config.routing.lesson).toMatchObject({
      model: "gpt-4.1-mini",
      fallbacks: ["gpt-4o-mini", "gpt-4.1"],
      price: { outputPerMillion: 1.6 },
      highestPrice: { outputPerMillion: 8 },
    });
    expect(config.routing.judge).toMatchObject({ model: "gpt-4.1-nano", fallbacks: [] });
    expect(config.routing.embedding.model).toBe("text-embedding-3-small");
    expect(config.routing.regeneration.model).toBe("gpt-4.1-mini");
  });

  it("reads role budgets and names a malformed entry", () => {
    const config = loadConfig({ COURSEFORGE_ROLE_BUDGETS: "student=2:-:0.25;admin=none" });
    expect(config.budgets.roles.student).toEqual({ usdPerDay: 2, usdPerMonth: null, usdPerCourse: 0.25 });
    expect(config.budgets.roles.teacher).toEqual({ usdPerDay: 20, usdPerMonth: 200, usdPerCourse: 5 });
    expect(config.budgets.overGlobal).toBe("wait");
    expect(() => loadConfig({ COURSEFORGE_ROLE_BUDGETS: "student=2:3" })).toThrowError(
      /COURSEFORGE_ROLE_BUDGETS must list role=day:month:course/,
    );
    expect(() => loadConfig({ COURSEFORGE_OVER_GLOBAL_BUDGET: "later" })).toThrowError(
      /COURSEFORGE_OVER_GLOBAL_BUDGET must be wait or refuse/,
    );
  });

  it("refuses an unpriced routed model with a paid provider while budgets are capped", () => {
    const environment = { OPENAI_API_KEY: "sk-test", COURSEFORGE_QUIZ_MODEL: "my-finetune" };
    expect(() => loadConfig(environment)).toThrowError(
      /COURSEFORGE_QUIZ_MODEL routes quiz calls to my-finetune, which has no price/,
    );
    expect(
      loadConfig({ ...environment, COURSEFORGE_ROLE_BUDGETS: "student=none;teacher=none;admin=none" }).routing.quiz
        .price,
    ).toBeNull();
    expect(loadConfig({ COURSEFORGE_QUIZ_MODEL: "my-finetune" }).provider).toBe("simulator");
  });
});
