import { basename } from "node:path";
import type { Config } from "../config/index.ts";
import type { Database } from "../db/port.ts";
import {
  createKnowledgeService,
  detectVectorSearch,
  type KnowledgeService,
  type VectorSearchMode,
} from "../knowledge/index.ts";
import {
  createEmbedder,
  createLocalEmbeddings,
  createOpenAiCompatibleEmbeddings,
  type CallPolicy,
  type Embedder,
  type EmbeddingProvider,
} from "../llm/index.ts";
import { startSimulator, type RunningSimulator } from "../simulator/index.ts";
import { createDatabaseCallRecorder } from "../store/index.ts";
import { createUser, findUserByEmail } from "../users/index.ts";
import type { KnowledgeViewer } from "../knowledge/index.ts";

/** The owner of what the command line stores in its database (one local teacher). */
export const localOwnerEmail = "local@courseforge.local";

/** The local teacher the command line's knowledge base belongs to, created on first use. */
export async function localOwner(database: Database, signal?: AbortSignal): Promise<KnowledgeViewer> {
  const user =
    (await findUserByEmail(database, localOwnerEmail, signal)) ??
    (await createUser(database, { email: localOwnerEmail, role: "teacher" }, signal));
  return { userId: user.id, isAdmin: false };
}

/** The knowledge base of a process and what it opened for it. */
export interface KnowledgeRuntime {
  readonly knowledge: KnowledgeService;
  readonly vectorSearch: VectorSearchMode;
  /** The embeddings port the knowledge base uses (similar-course reuse embeds requests with it too). */
  readonly embedder: Embedder;
  close(): Promise<void>;
}

/**
 * Opens the knowledge base the config describes: embeddings from the configured provider
 * (OpenAI-compatible `/v1/embeddings`, the simulator's, or the local GGUF model) through the
 * process's call policy, recorded in `llm_calls`; pgvector when the database has it. With the
 * simulator and no `simulatorUrl`, an in-process simulator is started for the embeddings.
 */
export async function openKnowledgeRuntime(options: {
  config: Config;
  database: Database;
  callPolicy?: CallPolicy;
  simulatorUrl?: string;
  /** Sends a document to the ingestion queue; absent: uploads are ingested at once. */
  schedule?: (documentId: string, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}): Promise<KnowledgeRuntime> {
  const { config, database } = options;
  let simulator: RunningSimulator | undefined;
  let provider: EmbeddingProvider;
  let model = config.knowledge.embeddingModel;
  switch (config.provider) {
    case "openai":
      provider = createOpenAiCompatibleEmbeddings({
        name: "openai",
        apiKey: config.openai.apiKey ?? "no-key",
        ...(config.openai.baseUrl === undefined ? {} : { baseUrl: config.openai.baseUrl }),
        ...(config.openai.organization === undefined ? {} : { organization: config.openai.organization }),
        timeoutMs: config.llm.timeoutMs,
      });
      break;
    case "local":
      provider = createLocalEmbeddings({ modelPath: config.local.modelPath!, threads: config.local.threads });
      model = basename(config.local.modelPath!).replace(/\.gguf$/i, "");
      break;
    case "simulator": {
      let url = options.simulatorUrl;
      if (url === undefined) {
        simulator = await startSimulator({
          port: 0,
          seed: config.simulator.seed,
          timeScale: config.simulator.timeScale,
        });
        url = simulator.url;
      }
      provider = createOpenAiCompatibleEmbeddings({
        name: "simulator",
        apiKey: "simulator",
        baseUrl: url,
        timeoutMs: config.llm.timeoutMs,
      });
      break;
    }
  }
  const embedder = createEmbedder({
    provider,
    model,
    ...(config.knowledge.embeddingDimensions === undefined ? {} : { dimensions: config.knowledge.embeddingDimensions }),
    ...(options.callPolicy === undefined ? {} : { callPolicy: options.callPolicy }),
    recorder: createDatabaseCallRecorder(database),
    prices: config.prices,
    maxAttempts: config.llm.maxAttempts,
  });
  const vectorSearch = await detectVectorSearch(database, options.signal);
  const knowledge = createKnowledgeService({
    database,
    embedder,
    vectorSearch,
    settings: {
      maxUploadBytes: config.knowledge.maxUploadBytes,
      quota: { maxDocuments: config.knowledge.maxDocuments, maxBytes: config.knowledge.maxBytes },
      minimumSimilarity: config.knowledge.minimumSimilarity,
      tokenBudget: config.knowledge.tokenBudget,
    },
    ...(options.schedule === undefined ? {} : { schedule: options.schedule }),
  });
  return {
    knowledge,
    vectorSearch,
    embedder,
    async close() {
      await provider.close();
      await simulator?.close();
    },
  };
}
