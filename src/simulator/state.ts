import type { PlantedDefects } from "./low-quality.ts";
/** The mutable state one running simulator shares across its request handlers. */
import type { BatchStore } from "./batches.ts";
import type { FaultKind, FaultOptions } from "./faults.ts";
import type { FileStore } from "./files.ts";
import { faultKinds } from "./faults.ts";
import type { ModelCatalog } from "./models.ts";
import type { PromptCache } from "./prompt-cache.ts";
import type { Random } from "./random.ts";
import type { RateLimiter } from "./rate-limits.ts";

/** Counters since start (or the last reset). */
export interface SimulatorStats {
  /** HTTP requests to `/v1/…` (control endpoints excluded). */
  requests: number;
  /** Chat completions answered with 200 (faulty 200 answers included). */
  completions: number;
  /** Requests refused with 429 by the RPM/TPM limits (injected `rate_limit` faults are counted in `faultsInjected`). */
  rateLimited: number;
  /** Injected faults by kind; `outage` counts requests refused with 503 during an outage. */
  faultsInjected: Record<FaultKind | "outage", number>;
  promptTokens: number;
  completionTokens: number;
  cachedPromptTokens: number;
  /** Tokens counted against the TPM limits: prompt + `max_tokens` (else the output) of every admitted chat completion. */
  chargedTokens: number;
  /** Batches created (`POST /v1/batches`, an idempotent repeat not counted) and the lines they held. */
  batchesCreated: number;
  batchLines: number;
  /** Tokens of batch lines answered (not counted in the real-time figures above). */
  batchPromptTokens: number;
  batchCompletionTokens: number;
  batchCachedPromptTokens: number;
}

/** Fresh, all-zero counters. */
export function emptyStats(): SimulatorStats {
  const faultsInjected = Object.fromEntries([...faultKinds, "outage"].map((kind) => [kind, 0])) as Record<
    FaultKind | "outage",
    number
  >;
  return {
    requests: 0,
    completions: 0,
    rateLimited: 0,
    faultsInjected,
    promptTokens: 0,
    completionTokens: 0,
    cachedPromptTokens: 0,
    chargedTokens: 0,
    batchesCreated: 0,
    batchLines: 0,
    batchPromptTokens: 0,
    batchCompletionTokens: 0,
    batchCachedPromptTokens: 0,
  };
}

/** A deep copy of the counters, safe to hand out. */
export function copyStats(stats: SimulatorStats): SimulatorStats {
  return { ...stats, faultsInjected: { ...stats.faultsInjected } };
}

/** Everything request handlers read or update. */
export interface SimulatorState {
  readonly seed: number;
  readonly timeScale: number;
  readonly catalog: ModelCatalog;
  readonly limiter: RateLimiter;
  readonly cache: PromptCache;
  /** Rolls fault dice: seeded, so a run's sequence of faults is reproducible. */
  readonly faultRandom: Random;
  /** Fires when the simulator closes, ending every wait. */
  readonly shutdown: AbortSignal;
  /** Milliseconds clock. */
  readonly now: () => number;
  stats: SimulatorStats;
  faults: FaultOptions;
  /** Faults still allowed under `faults.limit`; reset whenever the fault options are set. */
  faultsRemaining: number;
  /** Wall-clock time (from `now`) until which every request gets 503. */
  outageUntil: number;
  /** Defects the `low_quality` fault planted and no revision has removed yet (what the judge reports). */
  readonly planted: PlantedDefects;
  /** Uploaded files (`/v1/files`) and the batches run over them (`/v1/batches`). */
  readonly files: FileStore;
  readonly batches: BatchStore;
}

/** How long a `timeout` fault holds a request before dropping the connection: 10 minutes, scaled. */
export function timeoutHoldMs(timeScale: number): number {
  return 600_000 * (timeScale > 0 ? timeScale : 1);
}

/** Length of the rate-limit window: one minute, scaled (a real minute when time does not move: timeScale 0). */
export function rateWindowMs(timeScale: number): number {
  return 60_000 * (timeScale > 0 ? timeScale : 1);
}
