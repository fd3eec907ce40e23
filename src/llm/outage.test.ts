import { describe, expect, it } from "vitest";
import { CircuitOpenError } from "./breaker/index.ts";
import { OutputValidationError, ProviderRateLimitError, ProviderUnavailableError } from "./errors.ts";
import { isOutage, outageDelayMs, scaledTimeoutMs } from "./outage.ts";

const policy = { baseMs: 500, capMs: 20_000 };

describe("scaledTimeoutMs", () => {
  it("adds the time to write the output at the slowest healthy speed, up to the cap", () => {
    expect(scaledTimeoutMs({ baseMs: 15_000, tokensPerSecond: 20 }, 2_000)).toBe(115_000);
    expect(scaledTimeoutMs({ baseMs: 15_000, tokensPerSecond: 20, maxMs: 60_000 }, 2_000)).toBe(60_000);
  });
});

describe("outage handling", () => {
  it("treats open circuits and an unreachable provider as outages, not rate limits or bad answers", () => {
    expect(isOutage(new CircuitOpenError("open", { retryAfterMs: 10, models: ["m"] }))).toBe(true);
    expect(isOutage(new ProviderUnavailableError("503"))).toBe(true);
    expect(isOutage(new ProviderRateLimitError("429"))).toBe(false);
    expect(isOutage(new OutputValidationError("bad", { issues: [], source: "schema" }))).toBe(false);
  });

  it("waits until the circuit half-opens plus jitter, or backs off honouring retry-after, never beyond the budget left", () => {
    const open = new CircuitOpenError("open", { retryAfterMs: 4_000, models: ["m"] });
    expect(outageDelayMs(open, 1, { policy, random: () => 0.5, remainingMs: 60_000 })).toBe(4_125);
    expect(outageDelayMs(open, 1, { policy, random: () => 0.5, remainingMs: 1_000 })).toBe(1_000);
    const down = new ProviderUnavailableError("503");
    expect(outageDelayMs(down, 3, { policy, random: () => 0.5, remainingMs: 60_000 })).toBe(1_000);
  });
});
