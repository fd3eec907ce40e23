import type { Config } from "../config/index.ts";
import { openDatabase } from "../db/index.ts";
import type { Database } from "../db/port.ts";
import { createLocalProvider, createOpenAiCompatibleProvider } from "../llm/index.ts";
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
  close(): Promise<void>;
}

/** Builds the model provider the config names (starting the in-process simulator when needed). */
export async function openProvider(config: Config): Promise<{ provider: ModelProvider; simulator: RunningSimulator | undefined }> {
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
        provider: createLocalProvider({ modelPath: config.local.modelPath!, threads: config.local.threads, gpu: false }),
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
  const database = await openDatabase({ databaseUrl: config.database.url, dataDir: config.database.dataDir, signal });
  try {
    const { provider, simulator } = await openProvider(config);
    return {
      database,
      provider,
      simulated: config.provider === "simulator",
      simulator,
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
