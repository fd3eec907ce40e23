import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import type { LlamaEmbeddingContext, LlamaModel } from "node-llama-cpp";
import { LocalModelLoadError, LocalModelNotFoundError } from "../errors.ts";
import { createMutex } from "../providers/local/mutex.ts";
import type { EmbeddingProvider, EmbeddingRequest, EmbeddingResponse } from "./types.ts";

/** Options of {@link createLocalEmbeddings}. */
export interface LocalEmbeddingsOptions {
  /** Path of a GGUF model file (an embedding model, or the chat model itself). */
  readonly modelPath: string;
  readonly threads?: number;
  readonly name?: string;
}

/**
 * An {@link EmbeddingProvider} running a GGUF model in-process (node-llama-cpp embedding context):
 * loaded on the first request, one request at a time.
 */
export function createLocalEmbeddings(options: LocalEmbeddingsOptions): EmbeddingProvider {
  const name = options.name ?? "local";
  const modelPath = resolve(options.modelPath);
  if (!existsSync(modelPath)) throw new LocalModelNotFoundError(modelPath, { provider: name });
  const modelName = basename(modelPath).replace(/\.gguf$/i, "");
  const exclusive = createMutex();
  let loading: Promise<{ model: LlamaModel; context: LlamaEmbeddingContext }> | undefined;

  async function load(): Promise<{ model: LlamaModel; context: LlamaEmbeddingContext }> {
    const module = await import("node-llama-cpp");
    try {
      const llama = await module.getLlama({ gpu: false, build: "never", logLevel: module.LlamaLogLevel.error });
      const model = await llama.loadModel({ modelPath });
      const context = await model.createEmbeddingContext({ threads: options.threads ?? 1 });
      return { model, context };
    } catch (error) {
      throw new LocalModelLoadError(`Could not load the local model ${modelPath}: ${(error as Error).message}`, {
        provider: name,
        model: modelName,
        modelPath,
        cause: error,
      });
    }
  }

  async function embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    loading ??= load();
    const { model, context } = await loading;
    return exclusive.run(async () => {
      const vectors: number[][] = [];
      let promptTokens = 0;
      for (const input of request.inputs) {
        request.signal.throwIfAborted();
        promptTokens += model.tokenize(input).length;
        const embedding = await context.getEmbeddingFor(input);
        vectors.push([...embedding.vector]);
      }
      return { vectors, model: modelName, promptTokens };
    }, request.signal);
  }

  return {
    name,
    embed,
    async close() {
      const loaded = await loading?.catch(() => undefined);
      loading = undefined;
      await loaded?.context.dispose();
      await loaded?.model.dispose();
    },
  };
}
