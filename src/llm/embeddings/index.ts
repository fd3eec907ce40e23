// Embeddings: one port, three providers (OpenAI-compatible incl. the simulator, local GGUF), and
// the embedder that sends them through the same call path as chat.
export type { EmbeddingProvider, EmbeddingRequest, EmbeddingResponse } from "./types.ts";
export { createOpenAiCompatibleEmbeddings, type OpenAiCompatibleEmbeddingsOptions } from "./openai-compatible.ts";
export { createLocalEmbeddings, type LocalEmbeddingsOptions } from "./local.ts";
export { createEmbedder, unitLength, type Embedder, type EmbedderOptions, type EmbedOptions } from "./embedder.ts";
