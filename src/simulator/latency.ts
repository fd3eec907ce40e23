/** Simulated latency: time to first token plus output tokens at the model's speed, scaled. */
import { setTimeout as delay } from "node:timers/promises";
import { AbortedError } from "../errors/index.ts";
import type { ModelProfile } from "./models.ts";

/** When a simulated answer's tokens arrive, in (scaled) milliseconds from the request. */
export interface ScheduledLatency {
  /** Until the first token (and the response headers of a stream). */
  readonly firstTokenMs: number;
  /** From the first token to the last. */
  readonly generationMs: number;
  /** `firstTokenMs + generationMs`, rounded: what `openai-processing-ms` reports. */
  readonly totalMs: number;
}

/**
 * Computes `(timeToFirstTokenMs + completionTokens / tokensPerSecond × 1000) × timeScale`.
 * @param slowdown divides the model's speed (the `slow_stream` fault uses 10)
 */
export function scheduleLatency(
  profile: ModelProfile,
  completionTokens: number,
  timeScale: number,
  slowdown = 1,
): ScheduledLatency {
  const firstTokenMs = profile.timeToFirstTokenMs * slowdown * timeScale;
  const generationMs = (completionTokens / profile.tokensPerSecond) * 1000 * slowdown * timeScale;
  return { firstTokenMs, generationMs, totalMs: Math.round(firstTokenMs + generationMs) };
}

/**
 * What is left of a scheduled latency after `spentMs` already went by since the request arrived:
 * the time is taken off the first-token part, then off the generation part, never below zero.
 */
export function remainingLatency(latency: ScheduledLatency, spentMs: number): ScheduledLatency {
  const spent = Math.max(0, spentMs);
  const firstTokenMs = Math.max(0, latency.firstTokenMs - spent);
  const generationMs = Math.max(0, latency.generationMs - Math.max(0, spent - latency.firstTokenMs));
  return { firstTokenMs, generationMs, totalMs: firstTokenMs + generationMs };
}

/**
 * Waits `milliseconds` (not at all when ≤ 0).
 * @throws {AbortedError} when the signal fires first
 */
export async function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) throw new AbortedError(undefined, { cause: signal.reason });
  if (milliseconds <= 0) return;
  try {
    await delay(milliseconds, undefined, { signal });
  } catch (error) {
    if (signal.aborted) throw new AbortedError(undefined, { cause: signal.reason });
    throw error;
  }
}
