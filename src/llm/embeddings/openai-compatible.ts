import { UnexpectedProviderError } from "../errors.ts";
import { mapOpenAiError } from "../providers/openai-compatible/map-error.ts";
import { openOpenAiEndpoint } from "../providers/openai-compatible/client.ts";
import type { EmbeddingProvider, EmbeddingRequest, EmbeddingResponse } from "./types.ts";

/** Options of {@link createOpenAiCompatibleEmbeddings}. */
export interface OpenAiCompatibleEmbeddingsOptions {
  /** Recorded with every call: `openai` (default), `simulator`, … */
  readonly name?: string;
  readonly apiKey: string;
  readonly baseUrl?: string;
  readonly organization?: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * An {@link EmbeddingProvider} for any OpenAI-compatible `/v1/embeddings` (OpenAI, the Courseforge
 * simulator, Ollama, vLLM), through the official SDK with its retries off (the embedder retries).
 */
export function createOpenAiCompatibleEmbeddings(options: OpenAiCompatibleEmbeddingsOptions): EmbeddingProvider {
  const name = options.name ?? "openai";
  const timeoutMs = options.timeoutMs ?? 600_000;
  // The same endpoint client as chat: the key is redacted from error text here too.
  const { client, redact, close } = openOpenAiEndpoint({ ...options, timeoutMs });

  async function embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    try {
      const answer = await client.embeddings.create(
        {
          model: request.model,
          input: [...request.inputs],
          encoding_format: "float",
          ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }),
        },
        { signal: request.signal },
      );
      const vectors = [...answer.data].sort((left, right) => left.index - right.index).map((item) => item.embedding);
      if (vectors.length !== request.inputs.length)
        throw new UnexpectedProviderError(
          `${name} returned ${vectors.length} embeddings for ${request.inputs.length} inputs`,
          { provider: name, model: request.model },
        );
      return { vectors, model: answer.model || request.model, promptTokens: answer.usage?.prompt_tokens };
    } catch (error) {
      if (error instanceof UnexpectedProviderError) throw error;
      throw mapOpenAiError(error, {
        provider: name,
        model: request.model,
        signal: request.signal,
        timeoutMs,
        nowMs: Date.now(),
        redact,
      });
    }
  }

  return { name, embed, close };
}
