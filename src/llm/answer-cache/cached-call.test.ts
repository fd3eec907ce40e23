import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { LlmCallRecord, ModelProvider, ProviderRequest } from "../types.ts";
import { generateStructuredCached } from "./cached-call.ts";
import { answerCacheKey } from "./key.ts";
import type { AnswerCache, AnswerCacheEntry, CachedAnswer, CacheMode } from "./types.ts";

const schema = z.object({ title: z.string().min(3) });

// The provider's edge: answers each request with the next scripted text.
function scriptedProvider(answers: string[]): ModelProvider & { requests: ProviderRequest[] } {
  const requests: ProviderRequest[] = [];
  return {
    name: "fake",
    requests,
    close: async () => {},
    complete: async (request) => {
      requests.push(request);
      const content = answers.shift();
      if (content === undefined) throw new Error("no scripted answer left");
      return {
        content,
        finishReason: "stop",
        usage: { promptTokens: 100, completionTokens: 20, cachedPromptTokens: 0 },
        model: request.model,
      };
    },
  };
}

function memoryCache(): AnswerCache & { entries: Map<string, AnswerCacheEntry>; lookups: string[] } {
  const entries = new Map<string, AnswerCacheEntry>();
  const lookups: string[] = [];
  return {
    entries,
    lookups,
    lookup: async (key) => {
      lookups.push(key);
      const entry = entries.get(key);
      return entry === undefined
        ? undefined
        : ({ answer: entry.answer, model: entry.model, usage: entry.usage, costUsd: entry.costUsd } as CachedAnswer);
    },
    store: async (entry) => {
      entries.set(entry.key, entry);
    },
  };
}

function call(provider: ModelProvider, cache: AnswerCache, mode: CacheMode, ownerId: string | null = null) {
  const records: LlmCallRecord[] = [];
  return {
    records,
    result: generateStructuredCached(
      {
        provider,
        model: "gpt-test",
        task: "outline",
        step: "outline",
        jobId: null,
        schema,
        schemaName: "outline",
        messages: [{ role: "user", content: "A course about Rust." }],
        maxOutputTokens: 100,
        temperature: 0.7,
        maxAttempts: 3,
        recorder: { record: async (record) => void records.push(record) },
        prices: { "gpt-test": { inputPerMillion: 1_000, cachedInputPerMillion: 0, outputPerMillion: 1_000 } },
        signal: new AbortController().signal,
        sleep: async () => {},
      },
      { cache, mode, promptVersion: "test-1", ownerId },
    ),
  };
}

describe("generateStructuredCached", () => {
  it("serves the second identical call from the cache at $0 and reports what it saved", async () => {
    const cache = memoryCache();
    const provider = scriptedProvider([JSON.stringify({ title: "Rust basics" })]);
    const first = await call(provider, cache, "use").result;
    expect(first.fromCache).toBeUndefined();
    expect(first.costUsd).toBeCloseTo(0.12);
    const second = call(provider, cache, "use");
    const served = await second.result;
    expect(served.value).toEqual({ title: "Rust basics" });
    expect(served.fromCache).toEqual({ usage: first.usage, costUsd: first.costUsd });
    expect(served.costUsd).toBe(0);
    expect(served.attempts).toBe(0);
    expect(second.records).toEqual([]);
    expect(provider.requests).toHaveLength(1);
  });

  it("writes only the validated answer: a retry with feedback neither reads nor stores the invalid one", async () => {
    const cache = memoryCache();
    const provider = scriptedProvider([JSON.stringify({ title: "x" }), JSON.stringify({ title: "Rust basics" })]);
    const result = await call(provider, cache, "use").result;
    expect(result.attempts).toBe(2);
    expect(cache.lookups).toHaveLength(1);
    expect([...cache.entries.values()].map((entry) => entry.answer)).toEqual([{ title: "Rust basics" }]);
  });

  it("refresh pays again and replaces the entry; off neither reads nor writes", async () => {
    const cache = memoryCache();
    const provider = scriptedProvider([
      JSON.stringify({ title: "First answer" }),
      JSON.stringify({ title: "Second answer" }),
      JSON.stringify({ title: "Third answer" }),
    ]);
    await call(provider, cache, "use").result;
    const refreshed = await call(provider, cache, "refresh").result;
    expect(refreshed.fromCache).toBeUndefined();
    expect([...cache.entries.values()].map((entry) => entry.answer)).toEqual([{ title: "Second answer" }]);
    const off = await call(provider, cache, "off").result;
    expect(off.value).toEqual({ title: "Third answer" });
    expect(cache.lookups).toHaveLength(1);
    expect([...cache.entries.values()].map((entry) => entry.answer)).toEqual([{ title: "Second answer" }]);
  });

  it("scopes an answer built from private material to its owner", async () => {
    const cache = memoryCache();
    const provider = scriptedProvider([
      JSON.stringify({ title: "Alice's course" }),
      JSON.stringify({ title: "Bob's" }),
    ]);
    await call(provider, cache, "use", "usr_alice").result;
    const bob = await call(provider, cache, "use", "usr_bob").result;
    expect(bob.fromCache).toBeUndefined();
    expect(bob.value).toEqual({ title: "Bob's" });
    const shared = await call(scriptedProvider([JSON.stringify({ title: "Shared one" })]), cache, "use", null).result;
    expect(shared.fromCache).toBeUndefined();
    expect([...cache.entries.values()].map((entry) => entry.ownerId).sort()).toEqual([null, "usr_alice", "usr_bob"]);
  });

  it("treats an entry that no longer passes the schema as a miss", async () => {
    const cache = memoryCache();
    const provider = scriptedProvider([JSON.stringify({ title: "Rust basics" })]);
    const key = answerCacheKey({
      provider: "fake",
      model: "gpt-test",
      promptVersion: "test-1",
      messages: [{ role: "user", content: "A course about Rust." }],
      schemaName: "outline",
      schema: (await import("../json-schema.ts")).toStrictJsonSchema(schema),
      temperature: 0.7,
      seed: undefined,
      ownerId: null,
    });
    cache.entries.set(key, {
      key,
      task: "outline",
      ownerId: null,
      answer: { title: 1 },
      model: "gpt-test",
      usage: { promptTokens: 1, completionTokens: 1, cachedPromptTokens: 0 },
      costUsd: 0.5,
    });
    const result = await call(provider, cache, "use").result;
    expect(result.fromCache).toBeUndefined();
    expect(cache.entries.get(key)?.answer).toEqual({ title: "Rust basics" });
  });

  it("keys differ by model, prompt version, messages, sampling and owner, but not by max_tokens", () => {
    const base = {
      provider: "openai",
      model: "gpt-4o-mini",
      promptVersion: "1",
      messages: [{ role: "user" as const, content: "x" }],
      schemaName: "outline",
      schema: { type: "object", properties: { a: { type: "string" } } },
      temperature: 0.7,
      seed: undefined,
      ownerId: null,
    };
    const key = answerCacheKey(base);
    expect(answerCacheKey({ ...base, schema: { properties: { a: { type: "string" } }, type: "object" } })).toBe(key);
    for (const changed of [
      { model: "gpt-4o" },
      { provider: "simulator" },
      { promptVersion: "2" },
      { messages: [{ role: "user" as const, content: "y" }] },
      { schema: { type: "object" } },
      { temperature: 0 },
      { seed: 1 },
      { ownerId: "usr_a" },
    ])
      expect(answerCacheKey({ ...base, ...changed })).not.toBe(key);
  });
});
