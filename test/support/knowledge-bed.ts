// Shared set-up of knowledge-base tests: the simulator's embeddings over HTTP, a test database,
// two users, an embedder recording its calls in `llm_calls`.
import { defaultPrices } from "../../src/config/index.ts";
import type { Database } from "../../src/db/index.ts";
import {
  createEmbedder,
  createOpenAiCompatibleEmbeddings,
  type Embedder,
  type EmbeddingProvider,
} from "../../src/llm/index.ts";
import { startSimulator, type RunningSimulator } from "../../src/simulator/index.ts";
import { createDatabaseCallRecorder } from "../../src/store/index.ts";
import { createUser } from "../../src/users/index.ts";
import type { KnowledgeViewer } from "../../src/knowledge/index.ts";
import { createTestDatabase } from "./database.ts";

/** A simulator, a database with two teachers, and an embedder on the simulator. */
export interface KnowledgeBed {
  readonly simulator: RunningSimulator;
  readonly database: Database;
  readonly embeddings: EmbeddingProvider;
  readonly embedder: Embedder;
  readonly alice: KnowledgeViewer;
  readonly bob: KnowledgeViewer;
  cleanup(): Promise<void>;
}

/** Starts the bed; embeddings of 256 dimensions (`text-embedding-3-small`, shortened). */
export async function openKnowledgeBed(): Promise<KnowledgeBed> {
  const simulator = await startSimulator({ port: 0, seed: 7, timeScale: 0 });
  const testDatabase = await createTestDatabase().catch(async (error: unknown) => {
    await simulator.close();
    throw error;
  });
  const database = testDatabase.db;
  const embeddings = createOpenAiCompatibleEmbeddings({ name: "simulator", apiKey: "test", baseUrl: simulator.url });
  const embedder = createEmbedder({
    provider: embeddings,
    model: "text-embedding-3-small",
    dimensions: 256,
    recorder: createDatabaseCallRecorder(database),
    prices: defaultPrices,
  });
  const alice = await createUser(database, { email: "alice@example.com", role: "teacher" });
  const bob = await createUser(database, { email: "bob@example.com", role: "teacher" });
  return {
    simulator,
    database,
    embeddings,
    embedder,
    alice: { userId: alice.id, isAdmin: false },
    bob: { userId: bob.id, isAdmin: false },
    async cleanup() {
      await embeddings.close();
      await testDatabase.cleanup();
      await simulator.close();
    },
  };
}
