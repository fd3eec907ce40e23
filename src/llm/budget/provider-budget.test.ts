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
function provider(
  answer: { completionTokens: number; rateLimit?: RateLimitSnapshot } | Error,
): ModelProvider & { calls: number } {
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
  // A window counts a call for 60 s plus a margin for its transit (0.25 % of the window, at least 50 ms).
  const leavesWindowAfterMs = 60_000 + 150 + 1;

  it("counts prompt + max output tokens of each call for a minute, and waits for the oldest call to leave when the minute's tokens are spent", async () => {
    const budget = new ProviderBudget({ limits: { m: { tokensPerMinute: 6_000 } }, concurrency, sleep });
    const call = composeCompletion(provider({ completionTokens: 100 }), [budget.middleware()]);
    await call(request(2_000));
    // The provider counts the output the call may write, not what it wrote.
    expect(budget.state("m").tokensLeft).toBe(6_000 - promptTokens - 2_000);
    await call(request(3_000));
    expect(sleeps).toEqual([]);
    expect(budget.state("m").tokensLeft).toBe(6_000 - 2 * promptTokens - 5_000);
    await call(request(1_500));
    expect(sleeps).toEqual([leavesWindowAfterMs]);
    // Both earlier calls were made at the same moment and have left the window together.
    expect(budget.state("m").tokensLeft).toBe(6_000 - promptTokens - 1_500);
  });

  it("lets the requests-per-minute limit through, then waits for the oldest request to leave the window", async () => {
    const budget = new ProviderBudget({ limits: { m: { requestsPerMinute: 2 } }, concurrency, sleep });
    const call = composeCompletion(provider({ completionTokens: 1 }), [budget.middleware()]);
    await call(request(10));
    await call(request(10));
    expect(sleeps).toEqual([]);
    await call(request(10));
    expect(sleeps).toEqual([leavesWindowAfterMs]);
  });

  it("learns limits from x-ratelimit headers and believes their remaining counts", async () => {
    const budget = new ProviderBudget({ concurrency, sleep });
    const rateLimit = { limitRequests: 100, remainingRequests: 10, limitTokens: 50_000, remainingTokens: 1_000 };
    const call = composeCompletion(provider({ completionTokens: 10, rateLimit }), [budget.middleware()]);
    expect(budget.state("m")).toMatchObject({ requestsLeft: undefined, tokensLeft: undefined });
    await call(request(100));
    expect(budget.state("m")).toMatchObject({ requestsLeft: 10, tokensLeft: 1_000 });
  });

  it("halves the concurrency limit on a 429 and grants nothing more until the provider's retry-after", async () => {
    const budget = new ProviderBudget({
      limits: { m: { requestsPerMinute: 600, tokensPerMinute: 60_000 } },
      concurrency,
      sleep,
    });
    const refusing = composeCompletion(provider(new ProviderRateLimitError("429", { retryAfterMs: 1_000 })), [
      budget.middleware(),
    ]);
    await expect(refusing(request(100))).rejects.toSatisfy(ProviderRateLimitError.isInstance);
    // The refused request's tokens were not counted by the provider: they are given back.
    expect(budget.state("m")).toEqual({ concurrencyLimit: 2, inFlight: 0, requestsLeft: 599, tokensLeft: 60_000 });
    const answering = composeCompletion(provider({ completionTokens: 1 }), [budget.middleware()]);
    await answering(request(100));
    expect(sleeps).toEqual([1_000]);
  });
});
