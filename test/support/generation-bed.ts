// Shared set-up of the tests that run one course through `runGenerationJob` (no queue): the
// simulator over HTTP, a test database, and the job options every such run repeats.
import { defaultPrices } from "../../src/config/index.ts";
import type { Database } from "../../src/db/index.ts";
import type { JobRunOptions } from "../../src/jobs/index.ts";
import { createOpenAiCompatibleProvider } from "../../src/llm/index.ts";
import { startSimulator, type RunningSimulator } from "../../src/simulator/index.ts";
import { createTestDatabase } from "./database.ts";

/** A simulator (seed 11, no latency) and a test database. */
export interface GenerationBed {
  readonly simulator: RunningSimulator;
  readonly database: Database;
  /**
   * Options of `runGenerationJob` on the bed: the openai-compatible provider on the simulator, one
   * model for every step, 10 s time limits, default prices, simulated content; `overrides` win.
   */
  runOptions(overrides?: Partial<JobRunOptions>): JobRunOptions;
  cleanup(): Promise<void>;
}

/** Starts the simulator and creates a test database (on `COURSEFORGE_TEST_DATABASE`). */
export async function openGenerationBed(options: { model?: string } = {}): Promise<GenerationBed> {
  const model = options.model ?? "gpt-4.1-mini";
  const simulator = await startSimulator({ port: 0, seed: 11, timeScale: 0 });
  const testDatabase = await createTestDatabase().catch(async (error: unknown) => {
    await simulator.close();
    throw error;
  });
  const provider = createOpenAiCompatibleProvider({
    name: "simulator",
    apiKey: "test",
    baseUrl: simulator.url,
    timeoutMs: 10_000,
  });
  return {
    simulator,
    database: testDatabase.db,
    runOptions: (overrides = {}) => ({
      database: testDatabase.db,
      provider,
      models: { outline: model, lesson: model, quiz: model },
      concurrency: 3,
      maxAttempts: 4,
      timeoutMs: 10_000,
      temperature: 0.7,
      prices: defaultPrices,
      simulated: true,
      signal: new AbortController().signal,
      ...overrides,
    }),
    async cleanup() {
      await provider.close();
      await testDatabase.cleanup();
      await simulator.close();
    },
  };
}
