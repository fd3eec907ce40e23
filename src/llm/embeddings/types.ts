/** One request for embeddings of a batch of texts. */
export interface EmbeddingRequest {
  readonly model: string;
  readonly inputs: readonly string[];
  /** Requested vector size (models that support shortening, e.g. `text-embedding-3-*`). */
  readonly dimensions?: number;
  readonly signal: AbortSignal;
}

/** A provider's embeddings, one per input, in input order. */
export interface EmbeddingResponse {
  readonly vectors: readonly (readonly number[])[];
  /** The model that answered. */
  readonly model: string;
  /** As reported by the provider; `undefined` when it reported nothing (then counted locally). */
  readonly promptTokens: number | undefined;
}

/**
 * The port every embedding provider implements (OpenAI-compatible, the simulator through it, local
 * GGUF). Throws {@link import("../errors.ts").LlmError} subclasses only.
 */
export interface EmbeddingProvider {
  /** `openai`, `simulator`, `local`, …: recorded with every call. */
  readonly name: string;
  embed(request: EmbeddingRequest): Promise<EmbeddingResponse>;
  close(): Promise<void>;
}
