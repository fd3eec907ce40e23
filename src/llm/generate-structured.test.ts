import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AbortedError } from "../errors/index.ts";
import { countChatTokens, countTextTokens } from "../tokens/index.ts";
import {
  AttemptsExhaustedError,
  OutputTruncatedError,
  ProviderAuthError,
  ProviderRateLimitError,
  ProviderTimeoutError,
  ProviderUnavailableError,
  UnexpectedProviderError,
} from "./errors.ts";
import { generateStructured } from "./generate-structured.ts";
import type { GenerateStructuredOptions } from "./generate-structured.ts";
import type { CompletionMiddleware } from "./middleware.ts";
import type {
  InFlightCall,
  LlmCallRecord,
  ModelProvider,
  ProviderRequest,
  ProviderResponse,
  TokenUsage,
} from "./types.ts";

// The provider's edge: a scripted fake; each step answers with text, throws, or runs a function.
type Step =
  | string
  | { content: string; usage?: TokenUsage | undefined }
  | Error
  | ((request: ProviderRequest) => Promise<ProviderResponse>);

function fakeProvider(steps: Step[]): ModelProvider & { requests: ProviderRequest[] } {
  const requests: ProviderRequest[] = [];
  return {
    name: "fake",
    requests,
    close: async () => {},
    complete: async (request) => {
      requests.push(request);
      const step = steps.shift();
      if (step === undefined) throw new Error("the fake provider ran out of scripted answers");
      if (step instanceof Error) throw step;
      if (typeof step === "function") return step(request);
      const { content, usage } = typeof step === "string" ? { content: step, usage: defaultUsage } : step;
      return { content, finishReason: "stop", usage, model: `${request.model}-2025-01-01` };
    },
  };
}

const defaultUsage: TokenUsage = { promptTokens: 1000, completionTokens: 200, cachedPromptTokens: 400 };
const price = { inputPerMillion: 2, cachedInputPerMillion: 0.5, outputPerMillion: 8 };
// (600 × 2 + 400 × 0.5 + 200 × 8) / 1e6
const defaultCost = 0.003;

const outlineSchema = z.object({
  title: z.string().min(3),
  modules: z.array(z.object({ title: z.string(), lessons: z.array(z.string()).length(4) })).min(1),
});
const validOutline = JSON.stringify({ title: "Rust", modules: [{ title: "Basics", lessons: ["a", "b", "c", "d"] }] });

function setup<T = z.infer<typeof outlineSchema>>(
  steps: Step[],
  overrides: Partial<GenerateStructuredOptions<T>> = {},
) {
  const provider = fakeProvider(steps);
  const records: LlmCallRecord[] = [];
  const sleeps: number[] = [];
  let now = 1_700_000_000_000;
  const options = {
    provider,
    model: "gpt-test",
    task: "outline",
    step: "outline",
    jobId: "job-1",
    schema: outlineSchema,
    schemaName: "outline",
    messages: [
      { role: "system", content: "You plan courses." },
      { role: "user", content: "A course about Rust." },
    ],
    maxOutputTokens: 1000,
    maxAttempts: 3,
    seed: 42,
    recorder: { record: async (record: LlmCallRecord) => void records.push(record) },
    prices: { "gpt-test": price },
    signal: new AbortController().signal,
    clock: { now: () => (now += 25) },
    sleep: async (ms: number) => void sleeps.push(ms),
    random: () => 0.5,
    ...overrides,
  } as GenerateStructuredOptions<T>;
  return { provider, records, sleeps, run: () => generateStructured<T>(options) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("generateStructured", () => {
  it("returns the validated value on the first try and records the attempt", async () => {
    const { run, records, provider } = setup([validOutline]);
    const result = await run();
    expect(result).toEqual({
      value: JSON.parse(validOutline),
      attempts: 1,
      usage: defaultUsage,
      costUsd: defaultCost,
      model: "gpt-test-2025-01-01",
    });
    expect(provider.requests[0]?.responseFormat.schema).toMatchObject({ type: "object", additionalProperties: false });
    expect(provider.requests[0]?.seed).toBe(42);
    expect(records).toEqual([
      expect.objectContaining({
        jobId: "job-1",
        step: "outline",
        task: "outline",
        provider: "fake",
        model: "gpt-test",
        attempt: 1,
        outcome: "success",
        promptTokens: 1000,
        completionTokens: 200,
        cachedPromptTokens: 400,
        usageReported: true,
        latencyMs: 25,
        costUsd: defaultCost,
        errorMessage: null,
      }),
    ]);
  });

  it("retries invalid JSON with feedback that echoes the answer, without sleeping", async () => {
    const { run, records, provider, sleeps } = setup(['{"title": "Rust", "modules": [', validOutline]);
    const result = await run();
    expect(result.attempts).toBe(2);
    const second = provider.requests[1]!;
    expect(second.messages.slice(0, 2)).toEqual(provider.requests[0]!.messages);
    expect(second.messages[2]).toEqual({ role: "assistant", content: '{"title": "Rust", "modules": [' });
    expect(second.messages[3]?.role).toBe("user");
    expect(second.messages[3]?.content).toMatch(/- \(root\): The answer is not valid JSON/);
    expect(second.seed).toBe(43);
    expect(sleeps).toEqual([]);
    expect(records.map((record) => record.outcome)).toEqual(["LLM_INVALID_JSON", "success"]);
    expect(result.usage).toEqual({ promptTokens: 2000, completionTokens: 400, cachedPromptTokens: 800 });
    expect(result.costUsd).toBeCloseTo(2 * defaultCost, 12);
  });

  it("names the exact failing path of a schema violation in the feedback", async () => {
    const bad = JSON.stringify({
      title: "Rust",
      modules: [
        { title: "A", lessons: ["a", "b", "c", "d"] },
        { title: "B", lessons: ["a", "b", "c"] },
      ],
    });
    const { run, provider, records } = setup([bad, validOutline]);
    await run();
    const feedback = provider.requests[1]!.messages.at(-1)!.content;
    expect(feedback).toContain("- modules[1].lessons: expected exactly 4 items, got 3");
    expect(feedback).not.toContain("modules[0]");
    expect(records[0]).toMatchObject({
      outcome: "LLM_OUTPUT_INVALID",
      errorMessage: expect.stringContaining("modules[1].lessons"),
    });
  });

  it("feeds a semantic check's issues back", async () => {
    const quiz = z.object({ questions: z.array(z.object({ options: z.array(z.string()), answer: z.string() })) });
    const semanticCheck = (value: z.infer<typeof quiz>) =>
      value.questions.flatMap((question, index) =>
        question.options.includes(question.answer)
          ? []
          : [{ path: ["questions", index, "answer"], message: "must be one of the options" }],
      );
    const wrong = JSON.stringify({ questions: [{ options: ["1", "2"], answer: "3" }] });
    const right = JSON.stringify({ questions: [{ options: ["1", "2"], answer: "2" }] });
    const { run, provider } = setup<z.infer<typeof quiz>>([wrong, right], { schema: quiz, semanticCheck });
    const result = await run();
    expect(result.value.questions[0]?.answer).toBe("2");
    expect(provider.requests[1]!.messages.at(-1)!.content).toContain(
      "- questions[0].answer: must be one of the options",
    );
  });

  it("waits at least the provider's retryAfterMs after a 429", async () => {
    const { run, sleeps, records } = setup([new ProviderRateLimitError("429", { retryAfterMs: 7000 }), validOutline]);
    await run();
    // Jitter alone would be 0.5 × 500 ms.
    expect(sleeps).toEqual([7000]);
    expect(records.map((record) => [record.outcome, record.promptTokens, record.usageReported])).toEqual([
      ["LLM_RATE_LIMITED", 0, false],
      ["success", 1000, true],
    ]);
  });

  it("backs off exponentially with full jitter when the provider is unavailable", async () => {
    const { run, sleeps } = setup(
      [new ProviderUnavailableError("503"), new ProviderUnavailableError("503"), validOutline],
      { maxAttempts: 3 },
    );
    await run();
    expect(sleeps).toEqual([250, 500]);
  });

  it("throws a non-retryable error at once, still recording it", async () => {
    const { run, records, provider, sleeps } = setup([new ProviderAuthError("401 bad key"), validOutline]);
    await expect(run()).rejects.toSatisfy(ProviderAuthError.isInstance);
    expect(provider.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(records).toEqual([
      expect.objectContaining({ outcome: "LLM_AUTH_FAILED", errorMessage: "401 bad key", costUsd: 0 }),
    ]);
  });

  it("tells onAttempt whether another attempt follows", async () => {
    const retried: Array<[string, boolean]> = [];
    const onAttempt = (record: LlmCallRecord, outcome: { retrying: boolean }) =>
      void retried.push([record.outcome, outcome.retrying]);
    await setup(["not json", validOutline], { onAttempt }).run();
    expect(retried).toEqual([
      ["LLM_INVALID_JSON", true],
      ["success", false],
    ]);
    retried.length = 0;
    await expect(setup([new ProviderAuthError("401 bad key")], { onAttempt }).run()).rejects.toThrow();
    expect(retried).toEqual([["LLM_AUTH_FAILED", false]]);
    retried.length = 0;
    await expect(setup(["not json", "not json"], { onAttempt, maxAttempts: 2 }).run()).rejects.toThrow();
    expect(retried).toEqual([
      ["LLM_INVALID_JSON", true],
      ["LLM_INVALID_JSON", false],
    ]);
  });

  it("wraps an unknown provider failure and does not retry it", async () => {
    const { run, provider } = setup([new TypeError("boom"), validOutline]);
    await expect(run()).rejects.toSatisfy(UnexpectedProviderError.isInstance);
    expect(provider.requests).toHaveLength(1);
  });

  it("throws AttemptsExhaustedError with the last error as cause when attempts run out", async () => {
    const last = new ProviderUnavailableError("third 503");
    const { run, records } = setup([new ProviderUnavailableError("503"), "not json", last]);
    const error = await run().catch((caught: unknown) => caught);
    expect(AttemptsExhaustedError.isInstance(error)).toBe(true);
    const exhausted = error as AttemptsExhaustedError;
    expect(exhausted.cause).toBe(last);
    expect(exhausted.attempts).toBe(3);
    expect(exhausted.attemptCodes).toEqual([
      "LLM_PROVIDER_UNAVAILABLE",
      "LLM_INVALID_JSON",
      "LLM_PROVIDER_UNAVAILABLE",
    ]);
    expect(exhausted.retryable).toBe(false);
    expect(records.map((record) => record.attempt)).toEqual([1, 2, 3]);
  });

  it("raises the output token limit by 1.5x after truncation, bounded", async () => {
    const truncated = () =>
      new OutputTruncatedError("cut", {
        rawText: '{"title"',
        usage: { promptTokens: 10, completionTokens: 1000, cachedPromptTokens: 0 },
      });
    const { run, provider, records } = setup([truncated(), truncated(), validOutline], { maxOutputTokensLimit: 2000 });
    await run();
    expect(provider.requests.map((request) => request.maxOutputTokens)).toEqual([1000, 1500, 2000]);
    expect(records[0]).toMatchObject({ outcome: "LLM_OUTPUT_TRUNCATED", completionTokens: 1000, usageReported: true });
  });

  it("counts tokens locally with o200k when the provider reports no usage", async () => {
    const { run, records, provider } = setup([{ content: validOutline, usage: undefined }]);
    const result = await run();
    const promptTokens = countChatTokens(provider.requests[0]!.messages);
    const completionTokens = countTextTokens(validOutline);
    expect(records[0]).toMatchObject({ promptTokens, completionTokens, cachedPromptTokens: 0, usageReported: false });
    expect(result.usage).toEqual({ promptTokens, completionTokens, cachedPromptTokens: 0 });
    expect(result.costUsd).toBeCloseTo((promptTokens * 2 + completionTokens * 8) / 1e6, 12);
  });

  it("costs 0 for a model missing from the price table", async () => {
    const { run, records } = setup([validOutline], { prices: {} });
    expect((await run()).costUsd).toBe(0);
    expect(records[0]?.costUsd).toBe(0);
  });

  it("stops during the backoff sleep when aborted, without another request", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const { provider, run } = setup([new ProviderRateLimitError("429", { retryAfterMs: 60_000 }), validOutline], {
      signal: controller.signal,
      sleep: undefined,
    });
    const pending = run().catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(1000);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(AbortedError);
    expect(provider.requests).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("abandons an in-flight request on abort, aborting its signal and recording the attempt", async () => {
    const controller = new AbortController();
    let seenSignal: AbortSignal | undefined;
    const never = (request: ProviderRequest) => {
      seenSignal = request.signal;
      return new Promise<ProviderResponse>(() => {});
    };
    const { run, records } = setup([never], { signal: controller.signal });
    const pending = run().catch((caught: unknown) => caught);
    await Promise.resolve();
    controller.abort();
    expect(await pending).toBeInstanceOf(AbortedError);
    expect(seenSignal?.aborted).toBe(true);
    expect(records.map((record) => record.outcome)).toEqual(["ABORTED"]);
  });

  it("times out a slow attempt and retries it", async () => {
    vi.useFakeTimers();
    let firstSignal: AbortSignal | undefined;
    const slow = (request: ProviderRequest) => {
      firstSignal = request.signal;
      return new Promise<ProviderResponse>(() => {});
    };
    const { run, records } = setup([slow, validOutline], { timeoutMs: 5000 });
    const pending = run();
    await vi.advanceTimersByTimeAsync(5000);
    const result = await pending;
    expect(result.attempts).toBe(2);
    expect(firstSignal?.aborted).toBe(true);
    expect(ProviderTimeoutError.isInstance(firstSignal?.reason)).toBe(true);
    expect(records.map((record) => record.outcome)).toEqual(["LLM_TIMEOUT", "success"]);
  });

  it("runs extra middleware outside the timeout, in order", async () => {
    const order: string[] = [];
    const tag =
      (name: string): CompletionMiddleware =>
      (next) =>
      async (request) => {
        order.push(`${name}>`);
        const response = await next(request);
        order.push(`<${name}`);
        return response;
      };
    const { run } = setup([validOutline], { middleware: [tag("cache"), tag("budget")], timeoutMs: 1000 });
    await run();
    expect(order).toEqual(["cache>", "budget>", "<budget", "<cache"]);
  });

  it("records each attempt in flight before it is sent, with an estimate, and settles it under the same id", async () => {
    const events: string[] = [];
    const begun: InFlightCall[] = [];
    const records: LlmCallRecord[] = [];
    const routeToFallback: CompletionMiddleware = (next) => (request) => next({ ...request, model: "gpt-fallback" });
    const { run, provider } = setup(
      [
        async (request) => {
          events.push(`sent ${request.model}`);
          throw new ProviderUnavailableError("503", { provider: "fake", model: request.model });
        },
        async (request) => {
          events.push(`sent ${request.model}`);
          return { content: validOutline, finishReason: "stop", usage: defaultUsage, model: request.model };
        },
      ],
      {
        middleware: [routeToFallback],
        prices: { "gpt-fallback": price },
        recorder: {
          begin: async (call) => {
            events.push(`begin ${call.attempt}`);
            begun.push(call);
          },
          record: async (record) => {
            events.push(`record ${record.attempt}`);
            records.push(record);
          },
        },
      },
    );
    await run();
    expect(events).toEqual(["begin 1", "sent gpt-fallback", "record 1", "begin 2", "sent gpt-fallback", "record 2"]);
    const promptTokens = countChatTokens(provider.requests[0]!.messages);
    expect(begun[0]).toMatchObject({
      jobId: "job-1",
      step: "outline",
      model: "gpt-fallback",
      attempt: 1,
      promptTokens,
      completionTokens: 1000,
      costUsd: (promptTokens * 2 + 1000 * 8) / 1e6,
    });
    expect(new Set(begun.map((call) => call.attemptId)).size).toBe(2);
    expect(records.map((record) => record.attemptId)).toEqual(begun.map((call) => call.attemptId));
  });

  it("sends nothing when an attempt cannot be recorded in flight, and throws that error as it is", async () => {
    const unreachable = new Error("database unreachable");
    const records: LlmCallRecord[] = [];
    const { run, provider } = setup([validOutline], {
      recorder: {
        begin: async () => {
          throw unreachable;
        },
        record: async (record) => void records.push(record),
      },
    });
    await expect(run()).rejects.toBe(unreachable);
    expect(provider.requests).toEqual([]);
    expect(records).toEqual([]);
  });

  it("rejects bad options before calling the provider", async () => {
    const { run, provider } = setup([validOutline], { maxAttempts: 0 });
    await expect(run()).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(setup([validOutline], { schemaName: "has space" }).run()).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    expect(provider.requests).toHaveLength(0);
  });
});
