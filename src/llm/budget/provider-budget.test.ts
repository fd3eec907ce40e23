import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { countChatTokens } from "../../tokens/index.ts";
import { ProviderRateLimitError } from "../errors.ts";
import { composeCompletion } from "../middleware.ts";
import type { ModelProvider, ProviderRequest, ProviderResponse, RateLimitSnapshot } from "../types.ts";
import { ProviderBudget } from "./provider-budget.ts";

const messages = [{ role: "user" as const, content: "Write a lesson about tides." }];
const promptTokens = countChatTokens(messages);
const request = (maxOutputTokens: number): ProviderRequest => ({
  model: "m",
  messages,
  responseFormat: { name: "x", schema: {} },
  maxOutputTokens,
  signal: new AbortController().signal,
});

// The provider's edge: answers with the given usage and headers, or throws what it is told.
function provider(answer: { completionTokens: number; rateLimit?: RateLimitSnapshot } | Error): ModelProvider & { calls: number } {
  const fake = {
    name: "fake",
    calls: 0,
    close: async () => {},
    complete: async (): Promise<ProviderResponse> => {
      fake.calls++;
      if (answer instanceof Error) throw answer;
      return {
        content: "{}",
        finishReason: "stop",
        usage: { promptTokens, completionTokens: answer.completionTokens, cachedPromptTokens: 0 },
        model: "m",
        ...(answer.rateLimit === undefined ? {} : { rateLimit: answer.rateLimit }),
      };
    },
  };
  return fake;
}

const concurrency = { initial: 4, min: 1, max: 32, increaseAfter: 10 };
const sleeps: number[] = [];
const sleep = async (ms: number) => {
  sleeps.push(ms);
  vi.advanceTimersByTime(ms);
};

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  sleeps.length = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

describe("ProviderBudget", () => {
  it("reserves prompt + max output tokens, refunds what the answer did not use, and waits when the minute's tokens are spent", async () => {
    const budget = new ProviderBudget({ limits: { m: { tokensPerMinute: 6_000 } }, concurrency, sleep });
    const call = composeCompletion(provider({ completionTokens: 100 }), [budget.middleware()]);
    await call(request(2_000));
    expect(budget.state("m").tokensLeft).toBe(6_000 - promptTokens - 100);
    await call(request(5_000));
    expect(sleeps).toEqual([]);
    // Left: 6000 − 2×(prompt + 100); a reservation of prompt + 5900 must wait for the refill.
    await call(request(5_900));
    expect(sleeps).toHaveLength(1);
    const missing = promptTokens + 5_900 - (6_000 - 2 * (promptTokens + 100));
    expect(sleeps[0]).toBe(Math.ceil(missing / (6_000 / 60_000)));
  });

  it("spaces requests by the requests-per-minute limit", async () => {
    const budget = new ProviderBudget({ limits: { m: { requestsPerMinute: 2 } }, concurrency, sleep });
    const call = composeCompletion(provider({ completionTokens: 1 }), [budget.middleware()]);
    await call(request(10));
    await call(request(10));
    await call(request(10));
    expect(sleeps).toEqual([30_000]);
  });

  it("learns limits from x-ratelimit headers and believes their remaining counts", async () => {
    const budget = new ProviderBudget({ concurrency, sleep });
    const rateLimit = { limitRequests: 100, remainingRequests: 10, limitTokens: 50_000, remainingTokens: 1_000 };
    const call = composeCompletion(provider({ completionTokens: 10, rateLimit }), [budget.middleware()]);
    expect(budget.state("m")).toMatchObject({ requestsLeft: undefined, tokensLeft: undefined });
    await call(request(100));
    expect(budget.state("m")).toMatchObject({ requestsLeft: 10, tokensLeft: 1_000 });
  });

  it("halves the concurrency limit and empties the buckets on a 429", async () => {
    const budget = new ProviderBudget({ limits: { m: { requestsPerMinute: 600, tokensPerMinute: 60_000 } }, concurrency, sleep });
    const call = composeCompletion(provider(new ProviderRateLimitError("429", { retryAfterMs: 1_000 })), [budget.middleware()]);
    await expect(call(request(100))).rejects.toSatisfy(ProviderRateLimitError.isInstance);
    expect(budget.state("m")).toEqual({ concurrencyLimit: 2, inFlight: 0, requestsLeft: 0, tokensLeft: 0 });
  });
});
