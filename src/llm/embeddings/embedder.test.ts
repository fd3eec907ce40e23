import { describe, expect, it } from "vitest";
import { CircuitBreakers, CircuitOpenError } from "../breaker/index.ts";
import { ProviderRequestError, ProviderUnavailableError } from "../errors.ts";
import type { LlmCallRecord } from "../types.ts";
import { createEmbedder } from "./embedder.ts";
import type { EmbeddingProvider, EmbeddingRequest } from "./types.ts";

// The provider's edge: a vector [length, 1] per input, failing as scripted.
function scriptedProvider(failures: Error[] = []): EmbeddingProvider & { requests: EmbeddingRequest[] } {
  const requests: EmbeddingRequest[] = [];
  return {
    name: "fake",
    requests,
    close: async () => {},
    embed: async (request) => {
      requests.push(request);
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      return { vectors: request.inputs.map((input) => [input.length, 0, 1]), model: request.model, promptTokens: 7 };
    },
  };
}

const signal = new AbortController().signal;
const noWait = { baseMs: 0, capMs: 0 };

describe("createEmbedder", () => {
  it("batches inputs, keeps their order and returns unit vectors", async () => {
    const provider = scriptedProvider();
    const embedder = createEmbedder({ provider, model: "embed-1", dimensions: 3, batchSize: 2 });
    const vectors = await embedder.embed(["a", "bbb", "cc", "dddd", "e"], { signal });
    expect(provider.requests.map((request) => request.inputs)).toEqual([["a", "bbb"], ["cc", "dddd"], ["e"]]);
    expect(provider.requests.every((request) => request.dimensions === 3)).toBe(true);
    expect(vectors.map((vector) => Math.hypot(...vector))).toEqual([1, 1, 1, 1, 1].map(() => expect.closeTo(1, 9)));
    expect(vectors[1]![0]).toBeCloseTo(3 / Math.hypot(3, 1), 9);
  });

  it("goes through the call policy's stages, retries retryable failures and records each attempt with its cost", async () => {
    const provider = scriptedProvider([new ProviderUnavailableError("503", { status: 503 })]);
    const seen: { model: string; messages: number; maxOutputTokens: number }[] = [];
    const records: LlmCallRecord[] = [];
    const embedder = createEmbedder({
      provider,
      model: "embed-1",
      callPolicy: {
        middleware: [
          (next) => (request) => {
            seen.push({
              model: request.model,
              messages: request.messages.length,
              maxOutputTokens: request.maxOutputTokens,
            });
            return next(request);
          },
        ],
      },
      recorder: { record: async (record) => void records.push(record) },
      prices: { "embed-1": { inputPerMillion: 1_000_000, cachedInputPerMillion: 0, outputPerMillion: 0 } },
      backoff: noWait,
    });
    await embedder.embed(["one", "two"], { signal, step: "knowledge:test" });
    expect(seen).toEqual([
      { model: "embed-1", messages: 2, maxOutputTokens: 0 },
      { model: "embed-1", messages: 2, maxOutputTokens: 0 },
    ]);
    expect(
      records.map((record) => [
        record.task,
        record.step,
        record.attempt,
        record.outcome,
        record.promptTokens,
        record.costUsd,
      ]),
    ).toEqual([
      ["embedding", "knowledge:test", 1, "LLM_PROVIDER_UNAVAILABLE", 0, 0],
      ["embedding", "knowledge:test", 2, "success", 7, 7],
    ]);
  });

  it("does not retry a request error, and fails fast when the model's circuit is open", async () => {
    const rejected = scriptedProvider([new ProviderRequestError("400 bad input", { status: 400 })]);
    await expect(
      createEmbedder({ provider: rejected, model: "embed-1", backoff: noWait }).embed(["x"], { signal }),
    ).rejects.toThrow(ProviderRequestError);
    expect(rejected.requests).toHaveLength(1);

    const breakers = new CircuitBreakers({ failureThreshold: 1, halfOpenAfterMs: 60_000 });
    const down = scriptedProvider([new ProviderUnavailableError("503", { status: 503 })]);
    const embedder = createEmbedder({
      provider: down,
      model: "embed-1",
      maxAttempts: 3,
      backoff: noWait,
      callPolicy: { middleware: [breakers.middleware()] },
    });
    await expect(embedder.embed(["x"], { signal })).rejects.toThrow(CircuitOpenError);
    expect(down.requests).toHaveLength(1);
  });
});
