import type { Config } from "../config/index.ts";
import { databaseOutageWaitMs, openDatabase, retryWhileUnavailable } from "../db/index.ts";
import type { Database } from "../db/port.ts";
import {
  createBatchCoordinator,
  createOpenAiBatchApi,
  createDatabaseBudget,
  createLocalProvider,
  createOpenAiCompatibleProvider,
  createProviderResilience,
} from "../llm/index.ts";
import type { BatchLane, CircuitStateName, LimiterObserver, ProviderResilience } from "../llm/index.ts";
import type { ModelProvider } from "../llm/types.ts";
import { startSimulator, type RunningSimulator } from "../simulator/index.ts";

/** The outside world an entry point talks to, built from the config. */
export interface Runtime {
  readonly database: Database;
  readonly provider: ModelProvider;
  /** True when answers come from the simulator: content is not real. */
  readonly simulated: boolean;
  /** The in-process simulator, when the provider is the simulator. */
  readonly simulator: RunningSimulator | undefined;
  /** The process's circuit breakers, fallback router and call policy, shared by every job. */
  readonly resilience: ProviderResilience;
  /** The process's Batch API lane for economy requests; undefined for the local provider. */
  readonly economy: Economy | undefined;
  close(): Promise<void>;
}

/** Economy mode's process-wide lane: one coordinator batching the lines of every job. */
export type Economy = Omit<BatchLane, "onProgress" | "onFallback"> & { close(): Promise<void> };

/**
 * Opens the Batch API lane the config asks for (window, batch size, polling, fallback, price
 * factor) on the configured OpenAI-compatible endpoint, or on the in-process simulator at
 * `simulatorUrl`; none for the local provider. With the simulator, the window and polling scale with its time.
 */
export function openEconomy(
  config: Config,
  database: Database,
  simulatorUrl: string | undefined,
  onError?: (error: unknown) => void,
): Economy | undefined {
  if (config.provider === "local") return undefined;
  const simulated = config.provider === "simulator";
  if (simulated && simulatorUrl === undefined) return undefined;
  const scale = simulated && config.simulator.timeScale > 0 ? config.simulator.timeScale : 1;
  const api = createOpenAiBatchApi({
    name: simulated ? "simulator" : "openai",
    apiKey: simulated ? "simulator" : (config.openai.apiKey ?? "no-key"),
    baseUrl: simulated ? simulatorUrl : config.openai.baseUrl,
    organization: simulated ? undefined : config.openai.organization,
    timeoutMs: config.llm.timeoutMs,
  });
  const coordinator = createBatchCoordinator({
    database: retryWhileUnavailable(database, { maxWaitMs: databaseOutageWaitMs }),
    api,
    windowMs: config.batch.windowSeconds * 1_000 * scale,
    maxLines: config.batch.maxLines,
    pollIntervalMs: Math.max(10, config.batch.pollSeconds * 1_000 * scale),
    ...(onError === undefined ? {} : { onError }),
  });
  return {
    coordinator,
    priceFactor: config.batch.priceFactor,
    fallback: config.batch.fallback,
    close: () => coordinator.stop(),
  };
}

/**
 * Builds the process-wide resilience (circuit breakers, fallback chains, provider budgets, time
 * limits, outage waiting) the config asks for; call once per process. On Postgres (several worker
 * processes may share it) each model's limits are shared through `database`.
 */
export function openResilience(
  config: Config,
  database?: Database,
  /** Observers of the breakers and the provider budget, e.g. `Metrics.resilienceHooks()`. */
  hooks: { onCircuitChange?: (model: string, state: CircuitStateName) => void; limiterObserver?: LimiterObserver } = {},
): ProviderResilience {
  // The simulator's rate window is a minute scaled by its time (docs/simulator.md).
  const rateWindowMs =
    config.provider === "simulator" && config.simulator.timeScale > 0 ? 60_000 * config.simulator.timeScale : 60_000;
  // A Postgres restart pauses reservations instead of failing the model calls waiting on them.
  const ledgerDatabase =
    database === undefined ? undefined : retryWhileUnavailable(database, { maxWaitMs: databaseOutageWaitMs });
  const shared =
    ledgerDatabase !== undefined && config.database.url !== undefined
      ? createDatabaseBudget({ database: ledgerDatabase, windowMs: rateWindowMs })
      : undefined;
  const settings = {
    ...config.resilience,
    maxTimeoutMs: config.llm.timeoutMs,
    scaleTimeouts: config.provider !== "local",
    rateWindowMs,
  };
  return createProviderResilience(settings, { ...hooks, ...(shared === undefined ? {} : { shared }) });
}

/** Builds the model provider the config names (starting the in-process simulator when needed). */
export async function openProvider(
  config: Config,
): Promise<{ provider: ModelProvider; simulator: RunningSimulator | undefined }> {
  switch (config.provider) {
    case "openai":
      return {
        provider: createOpenAiCompatibleProvider({
          name: "openai",
          apiKey: config.openai.apiKey ?? "no-key",
          baseUrl: config.openai.baseUrl,
          organization: config.openai.organization,
          timeoutMs: config.llm.timeoutMs,
        }),
        simulator: undefined,
      };
    case "local":
      return {
        provider: createLocalProvider({
          modelPath: config.local.modelPath!,
          threads: config.local.threads,
          gpu: false,
        }),
        simulator: undefined,
      };
    case "simulator": {
      const simulator = await startSimulator({
        port: 0,
        seed: config.simulator.seed,
        timeScale: config.simulator.timeScale,
        faults: { rate: config.simulator.faultRate, kinds: [...config.simulator.faultKinds] },
        batches: { completionMs: config.simulator.batchCompletionSeconds * 1_000 },
      });
      const provider = createOpenAiCompatibleProvider({
        name: "simulator",
        apiKey: "simulator",
        baseUrl: simulator.url,
        timeoutMs: config.llm.timeoutMs,
      });
      return { provider, simulator };
    }
  }
}

/** Opens the database (migrated) and the model provider; `close` releases both. */
export async function openRuntime(config: Config, signal?: AbortSignal): Promise<Runtime> {
  const database = await openDatabase({
    databaseUrl: config.database.url,
    dataDir: config.database.dataDir,
    schema: config.database.schema,
    signal,
  });
  try {
    const { provider, simulator } = await openProvider(config);
    const economy = openEconomy(config, database, simulator?.url);
    return {
      database,
      provider,
      simulated: config.provider === "simulator",
      simulator,
      resilience: openResilience(config, database),
      economy,
      async close() {
        await economy?.close();
        await provider.close();
        await simulator?.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
