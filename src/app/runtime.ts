import type { Config } from "../config/index.ts";
import { databaseOutageWaitMs, openDatabase, retryWhileUnavailable } from "../db/index.ts";
import type { Database } from "../db/port.ts";
import {
  createDatabaseBudget,
  createLocalProvider,
  createOpenAiCompatibleProvider,
  createProviderResilience,
} from "../llm/index.ts";
import type { CircuitStateName, LimiterObserver, ProviderResilience } from "../llm/index.ts";
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
  close(): Promise<void>;
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
    return {
      database,
      provider,
      simulated: config.provider === "simulator",
      simulator,
      resilience: openResilience(config, database),
      async close() {
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
