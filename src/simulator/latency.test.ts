import { describe, expect, it } from "vitest";
import { remainingLatency, scheduleLatency } from "./latency.ts";

const profile = { timeToFirstTokenMs: 500, tokensPerSecond: 60, rpm: 10_000, tpm: 2_000_000 };

describe("remainingLatency", () => {
  it("takes the time already spent off the first-token part first", () => {
    const latency = scheduleLatency(profile, 120, 1); // 500 + 2000
    expect(remainingLatency(latency, 200)).toEqual({ firstTokenMs: 300, generationMs: 2_000, totalMs: 2_300 });
  });

  it("then off the generation part, and never below zero", () => {
    const latency = scheduleLatency(profile, 120, 0.1); // 50 + 200
    expect(remainingLatency(latency, 80)).toEqual({ firstTokenMs: 0, generationMs: 170, totalMs: 170 });
    expect(remainingLatency(latency, 1_000)).toEqual({ firstTokenMs: 0, generationMs: 0, totalMs: 0 });
  });

  it("leaves the schedule whole when no time was spent", () => {
    const latency = scheduleLatency(profile, 30, 0.05);
    expect(remainingLatency(latency, 0)).toEqual({
      firstTokenMs: latency.firstTokenMs,
      generationMs: latency.generationMs,
      totalMs: latency.firstTokenMs + latency.generationMs,
    });
  });
});
