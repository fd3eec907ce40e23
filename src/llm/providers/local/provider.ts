import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import type { ChatHistoryItem, Llama, LlamaChat, LlamaContext, LlamaGrammar, LlamaModel } from "node-llama-cpp";
import { AbortedError } from "../../../errors/index.ts";
import {
  LlmError,
  LocalModelLoadError,
  LocalModelNotFoundError,
  OutputTruncatedError,
  UnexpectedProviderError,
} from "../../errors.ts";
import type { ChatMessage, JsonSchema, ModelProvider, ProviderRequest, ProviderResponse } from "../../types.ts";
import { toGrammarSchema } from "./grammar-schema.ts";
import { createMutex } from "./mutex.ts";

/** Options of {@link createLocalProvider}. */
export interface LocalProviderOptions {
  /** Path of a GGUF model file. */
  readonly modelPath: string;
  /** CPU threads for evaluation (default 1: many small requests run side by side in other processes). */
  readonly threads?: number;
  /** Context window in tokens (default: what fits, at most 4096). */
  readonly contextSize?: number;
  /** CPU only: Courseforge ships the CPU build of llama.cpp. */
  readonly gpu: false;
  /** Recorded with every call (default `local`). */
  readonly name?: string;
}

interface Loaded {
  readonly llama: Llama;
  readonly model: LlamaModel;
  readonly context: LlamaContext;
  readonly LlamaChat: typeof LlamaChat;
}

/**
 * A {@link ModelProvider} running a GGUF model in-process with node-llama-cpp: no network, no key.
 * The answer is constrained by a grammar built from the JSON schema; the grammar does not enforce
 * every keyword (`minimum`, `minItems`, …), which is why `generateStructured` validates with zod.
 * node-llama-cpp is imported and the model loaded on the first request; requests run one at a time.
 *
 * @throws {LocalModelNotFoundError} at once when `modelPath` does not exist.
 */
export function createLocalProvider(options: LocalProviderOptions): ModelProvider {
  const name = options.name ?? "local";
  const modelPath = resolve(options.modelPath);
  if (!existsSync(modelPath)) throw new LocalModelNotFoundError(modelPath, { provider: name });
  const modelName = basename(modelPath).replace(/\.gguf$/i, "");
  const exclusive = createMutex();
  const grammars = new Map<string, Promise<LlamaGrammar>>();
  let loading: Promise<Loaded> | undefined;
  let closed = false;

  async function load(): Promise<Loaded> {
    if (!existsSync(modelPath)) throw new LocalModelNotFoundError(modelPath, { provider: name });
    const module = await import("node-llama-cpp");
    try {
      const llama = await module.getLlama({ gpu: false, build: "never", logLevel: module.LlamaLogLevel.error });
      const model = await llama.loadModel({ modelPath });
      const context = await model.createContext({
        contextSize: options.contextSize ?? { max: 4096 },
        threads: options.threads ?? 1,
        sequences: 1,
      });
      return { llama, model, context, LlamaChat: module.LlamaChat };
    } catch (error) {
      throw new LocalModelLoadError(`Could not load the local model ${modelPath}: ${(error as Error).message}`, {
        provider: name,
        model: modelName,
        modelPath,
        cause: error,
      });
    }
  }

  function grammarFor(loaded: Loaded, schema: JsonSchema): Promise<LlamaGrammar> {
    const key = JSON.stringify(schema);
    let grammar = grammars.get(key);
    if (grammar === undefined) {
      grammar = loaded.llama.createGrammarForJsonSchema(
        toGrammarSchema(schema) as Parameters<Llama["createGrammarForJsonSchema"]>[0],
      );
      // A failed build is not cached: the next request gets a fresh error instead of a stale one.
      grammar.catch(() => grammars.delete(key));
      grammars.set(key, grammar);
    }
    return grammar;
  }

  async function generate(loaded: Loaded, request: ProviderRequest): Promise<ProviderResponse> {
    const grammar = await grammarFor(loaded, request.responseFormat.schema).catch((error: unknown) => {
      throw new LocalModelLoadError(
        `Could not build a grammar for schema "${request.responseFormat.name}": ${(error as Error).message}`,
        { provider: name, model: modelName, cause: error },
      );
    });
    const chat = new loaded.LlamaChat({ contextSequence: loaded.context.getSequence(), autoDisposeSequence: true });
    try {
      const history = toChatHistory(request.messages);
      const promptTokens = chat.chatWrapper
        .generateContextState({ chatHistory: history })
        .contextText.tokenize(loaded.model.tokenizer).length;
      let completionTokens = 0;
      const result = await chat.generateResponse(history, {
        grammar,
        maxTokens: request.maxOutputTokens,
        signal: request.signal,
        onToken: (tokens) => void (completionTokens += tokens.length),
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        ...(request.seed === undefined ? {} : { seed: request.seed }),
      });
      const usage = { promptTokens, completionTokens, cachedPromptTokens: 0 };
      const stopReason = result.metadata.stopReason;
      if (stopReason === "abort") throw new AbortedError(undefined, { cause: request.signal.reason });
      if (stopReason === "maxTokens") {
        throw new OutputTruncatedError(`The answer hit the limit of ${request.maxOutputTokens} output tokens`, {
          provider: name,
          model: modelName,
          usage,
          rawText: result.response,
          maxOutputTokens: request.maxOutputTokens,
        });
      }
      return { content: result.response, finishReason: "stop", usage, model: modelName };
    } finally {
      chat.dispose({ disposeSequence: true });
    }
  }

  async function complete(request: ProviderRequest): Promise<ProviderResponse> {
    try {
      if (closed)
        throw new LocalModelLoadError(`The local provider for ${modelPath} is closed`, {
          provider: name,
          model: modelName,
          modelPath,
        });
      return await exclusive.run(async () => {
        loading ??= load();
        // A failed load is retried by the next request (the file may have been fixed meanwhile).
        const loaded = await loading.catch((error: unknown) => {
          loading = undefined;
          throw error;
        });
        return generate(loaded, request);
      }, request.signal);
    } catch (error) {
      if (request.signal.aborted)
        throw error instanceof AbortedError ? error : new AbortedError(undefined, { cause: request.signal.reason });
      if (LlmError.isInstance(error) || error instanceof AbortedError) throw error;
      throw new UnexpectedProviderError(`The local model failed: ${(error as Error).message}`, {
        provider: name,
        model: modelName,
        cause: error,
      });
    }
  }

  async function close(): Promise<void> {
    closed = true;
    const loaded = await loading?.catch(() => undefined);
    loading = undefined;
    if (loaded === undefined) return;
    await loaded.context.dispose();
    await loaded.model.dispose();
    await loaded.llama.dispose();
  }

  return { name, complete, close };
}

function toChatHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((message) =>
    message.role === "assistant"
      ? { type: "model", response: [message.content] }
      : { type: message.role, text: message.content },
  );
  // An empty model turn at the end is what node-llama-cpp completes.
  history.push({ type: "model", response: [] });
  return history;
}
