import { describe, expect, it } from "vitest";
import { createProviderResilience } from "./call-policy.ts";
import { composeCompletion } from "./middleware.ts";
import type { ProviderRequest, ProviderResponse } from "./types.ts";

const settings = {
  fallbackModels: { a: ["b"] },
  outageWaitSeconds: 1_800,
  breakerFailures: 5,
  breakerHalfOpenMs: 15_000,
  timeoutBaseMs: 15_000,
  tokensPerSecond: 20,
  maxTimeoutMs: 120_000,
  modelLimits: { a: { requestsPerMinute: 10, tokensPerMinute: 1000 } },
  modelConcurrencyMax: 4,
};

describe("createProviderResilience", () => {
  it("builds router, breaker and budget stages, output-sized time limits and the outage budget from the settings", () => {
    const resilience = createProviderResilience(settings);
    expect(resilience.callPolicy.middleware).toHaveLength(3);
    expect(resilience.callPolicy.timeoutScale).toEqual({ baseMs: 15_000, tokensPerSecond: 20, maxMs: 120_000 });
    expect(resilience.callPolicy.outageWaitMs).toBe(1_800_000);
    expect(resilience.budget.state("a")).toEqual({
      concurrencyLimit: 4,
      inFlight: 0,
      requestsLeft: 10,
      tokensLeft: 1_000,
    });
    expect(resilience.breakers.state("a")).toBe("closed");
  });

  it("keeps the fixed time limit when scaling is off", () => {
    expect(createProviderResilience({ ...settings, scaleTimeouts: false }).callPolicy.timeoutScale).toBeUndefined();
  });
});

describe("the limiter observer", () => {
  it("sees each call wait for the provider budget and how long it waited before it went", async () => {
    const changes: string[] = [];
    const waits: number[] = [];
    const resilience = createProviderResilience(
      { ...settings, fallbackModels: {}, modelLimits: {}, modelConcurrencyMax: 1 },
      {
        limiterObserver: {
          waiting: (model, change) => changes.push(`${model}${change > 0 ? "+" : "-"}`),
          waited: (_model, waitedMs) => waits.push(waitedMs),
        },
      },
    );
    let finishFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (finishFirst = resolve));
    let calls = 0;
    const answer: ProviderResponse = {
      content: "{}",
      finishReason: "stop",
      usage: { promptTokens: 1, completionTokens: 1, cachedPromptTokens: 0 },
      model: "m",
    };
    const complete = composeCompletion(
      {
        name: "fake",
        complete: async () => {
          calls++;
          if (calls === 1) await firstHeld;
          return answer;
        },
        close: async () => undefined,
      },
      resilience.callPolicy.middleware ?? [],
    );
    const request: ProviderRequest = {
      model: "m",
      messages: [{ role: "user", content: "hi" }],
      responseFormat: { name: "x", schema: { type: "object" } },
      maxOutputTokens: 10,
      signal: new AbortController().signal,
    };
    const first = complete(request);
    const second = complete(request);
    await new Promise((resolve) => setTimeout(resolve, 30));
    // One call at a time: the second waits while the first is in flight.
    expect([...changes].sort()).toEqual(["m+", "m+", "m-"]);
    finishFirst();
    await Promise.all([first, second]);
    expect([...changes].sort()).toEqual(["m+", "m+", "m-", "m-"]);
    expect(waits).toHaveLength(2);
    expect(waits[1]!).toBeGreaterThanOrEqual(25);
  });
});
