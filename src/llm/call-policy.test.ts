import { describe, expect, it } from "vitest";
import { createProviderResilience } from "./call-policy.ts";

const settings = {
  fallbackModels: "a=b",
  outageWaitSeconds: 1_800,
  breakerFailures: 5,
  breakerHalfOpenMs: 15_000,
  timeoutBaseMs: 15_000,
  tokensPerSecond: 20,
  maxTimeoutMs: 120_000,
  modelLimits: "a=10:1000",
  modelConcurrencyMax: 4,
};

describe("createProviderResilience", () => {
  it("builds router, breaker and budget stages, output-sized time limits and the outage budget from the settings", () => {
    const resilience = createProviderResilience(settings);
    expect(resilience.callPolicy.middleware).toHaveLength(3);
    expect(resilience.callPolicy.timeoutScale).toEqual({ baseMs: 15_000, tokensPerSecond: 20, maxMs: 120_000 });
    expect(resilience.callPolicy.outageWaitMs).toBe(1_800_000);
    expect(resilience.budget.state("a")).toEqual({ concurrencyLimit: 4, inFlight: 0, requestsLeft: 10, tokensLeft: 1_000 });
    expect(resilience.breakers.state("a")).toBe("closed");
  });

  it("keeps the fixed time limit when scaling is off", () => {
    expect(createProviderResilience({ ...settings, scaleTimeouts: false }).callPolicy.timeoutScale).toBeUndefined();
  });
});
