import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { CircuitBreakers } from "./breaker/index.ts";
import { AttemptsExhaustedError, ProviderTimeoutError, ProviderUnavailableError } from "./errors.ts";
import { generateStructured } from "./generate-structured.ts";
import type { GenerateStructuredOptions } from "./generate-structured.ts";
import type { OutageWait } from "./outage.ts";
import { fallbackRouterMiddleware } from "./router/index.ts";
import type { LlmCallRecord, ModelProvider, ProviderRequest, ProviderResponse } from "./types.ts";

const schema = z.object({ title: z.string() });
const answer = JSON.stringify({ title: "Rust" });

// The provider's edge: down while `down()` says so, for every model.
function provider(down: () => boolean): ModelProvider & { requests: ProviderRequest[] } {
  const requests: ProviderRequest[] = [];
  return {
    name: "fake",
    requests,
    close: async () => {},
    complete: async (request): Promise<ProviderResponse> => {
      requests.push(request);
      if (down()) throw new ProviderUnavailableError("503 Service Unavailable", { model: request.model, status: 503 });
      return {
        content: answer,
        finishReason: "stop",
        usage: { promptTokens: 10, completionTokens: 5, cachedPromptTokens: 0 },
        model: `${request.model}-2025`,
      };
    },
  };
}

function options(
  overrides: Partial<GenerateStructuredOptions<{ title: string }>>,
): GenerateStructuredOptions<{ title: string }> {
  return {
    provider: provider(() => false),
    model: "primary",
    task: "outline",
    step: "outline",
    jobId: "job-1",
    schema,
    schemaName: "outline",
    messages: [{ role: "user", content: "A course about Rust." }],
    maxOutputTokens: 100,
    maxAttempts: 2,
    recorder: { record: async () => {} },
    prices: {},
    signal: new AbortController().signal,
    // Sleeping moves the fake clock, which cockatiel's circuits read too.
    sleep: async (ms) => void vi.advanceTimersByTime(ms),
    random: () => 0,
    ...overrides,
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("generateStructured during a provider outage", () => {
  it("waits for the circuit to half-open without spending attempts, then succeeds when the provider is back", async () => {
    const outageEndsAt = Date.now() + 60_000;
    const fake = provider(() => Date.now() < outageEndsAt);
    const breakers = new CircuitBreakers({ failureThreshold: 3, halfOpenAfterMs: 10_000 });
    const waits: OutageWait[] = [];
    const records: LlmCallRecord[] = [];
    const result = await generateStructured(
      options({
        provider: fake,
        middleware: [fallbackRouterMiddleware({ primary: ["backup"] }), breakers.middleware()],
        outageWaitMs: 600_000,
        onWaiting: (wait) => waits.push(wait),
        recorder: { record: async (record) => void records.push(record) },
      }),
    );
    expect(result.value).toEqual({ title: "Rust" });
    expect(result.attempts).toBe(1);
    expect(breakers.stats("primary").opened).toBeGreaterThanOrEqual(1);
    expect(waits.length).toBeGreaterThan(3);
    expect(waits.every((wait) => wait.reason === "provider_unavailable")).toBe(true);
    expect(waits.some((wait) => wait.code === "LLM_CIRCUIT_OPEN")).toBe(true);
    // Refusals by an open circuit reached no provider and left no row; every row is a real call.
    expect(records).toHaveLength(fake.requests.length);
    expect(records.at(-1)).toMatchObject({ outcome: "success", attempt: 1 });
  });

  it("records the fallback model that actually answered", async () => {
    const fake = provider(() => false);
    const breakers = new CircuitBreakers({ failureThreshold: 1, halfOpenAfterMs: 10_000 });
    const primaryDown = provider(() => true);
    // Open the primary's circuit first.
    await generateStructured(
      options({ provider: primaryDown, middleware: [breakers.middleware()], maxAttempts: 1 }),
    ).catch(() => {});
    expect(breakers.state("primary")).toBe("open");
    const records: LlmCallRecord[] = [];
    const result = await generateStructured(
      options({
        provider: fake,
        middleware: [fallbackRouterMiddleware({ primary: ["backup"] }), breakers.middleware()],
        recorder: { record: async (record) => void records.push(record) },
      }),
    );
    expect(result.model).toBe("backup-2025");
    expect(records).toEqual([expect.objectContaining({ model: "backup", outcome: "success" })]);
  });

  it("fails with the stored reason once the outage budget is spent", async () => {
    const fake = provider(() => true);
    const breakers = new CircuitBreakers({ failureThreshold: 2, halfOpenAfterMs: 10_000 });
    const error = await generateStructured(
      options({ provider: fake, middleware: [breakers.middleware()], outageWaitMs: 30_000 }),
    ).catch((caught: unknown) => caught);
    expect(AttemptsExhaustedError.isInstance(error)).toBe(true);
    expect((error as AttemptsExhaustedError).message).toMatch(/LLM_CIRCUIT_OPEN|LLM_PROVIDER_UNAVAILABLE/);
  });

  it("without an outage budget, unavailability spends attempts as before", async () => {
    const fake = provider(() => true);
    const error = await generateStructured(options({ provider: fake })).catch((caught: unknown) => caught);
    expect(AttemptsExhaustedError.isInstance(error)).toBe(true);
    expect(fake.requests).toHaveLength(2);
  });
});

describe("generateStructured time limit scaled to the output", () => {
  it("gives each attempt baseMs + maxOutputTokens / tokensPerSecond", async () => {
    const slow: ModelProvider = {
      name: "slow",
      close: async () => {},
      complete: (request) =>
        new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason))),
    };
    const running = generateStructured(
      options({
        provider: slow,
        maxAttempts: 1,
        maxOutputTokens: 500,
        timeoutScale: { baseMs: 1_000, tokensPerSecond: 50 },
      }),
    ).catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(10_999);
    let settled = false;
    void running.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await running;
    expect((error as AttemptsExhaustedError).cause).toSatisfy(ProviderTimeoutError.isInstance);
    expect((error as AttemptsExhaustedError).message).toMatch(/11000 ms/);
  });
});
