import type { LlmCallRecord } from "../llm/types.ts";
import type { ProgressEvent } from "./progress-events.ts";

/** A finished pipeline step: what a resumed job reads instead of paying for the step again. */
export interface StepCheckpoint {
  readonly step: string;
  readonly output: unknown;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cachedPromptTokens: number;
  readonly costUsd: number;
  readonly attempts: number;
  readonly durationMs: number;
  /** Produced without a model call: from the answer cache, or from a reused course. */
  readonly servedFrom?: "cache" | "reuse";
  /** With `servedFrom`: what producing the output had cost, saved this time. */
  readonly saved?: { readonly promptTokens: number; readonly completionTokens: number; readonly costUsd: number };
}

/** Where the pipeline keeps its checkpoints (the database in production). */
export interface CheckpointStore {
  /** Every succeeded step of the job, by step name. */
  load(jobId: string, signal: AbortSignal): Promise<Map<string, StepCheckpoint>>;
  /**
   * Stores a succeeded step durably before anything uses its output, together (atomically) with
   * the call records the step deferred (its successful attempt) and its `step.finished` event.
   * Takes no signal on purpose: a step that was paid for is kept even while its job is being canceled.
   */
  save(
    jobId: string,
    checkpoint: StepCheckpoint,
    finished: { readonly calls: readonly LlmCallRecord[]; readonly event: ProgressEvent },
  ): Promise<void>;
  /** Records a step that failed for good. */
  saveFailure(jobId: string, failure: { step: string; code: string; message: string; attempts: number }): Promise<void>;
}

/** Receives progress events in order; `emit` resolves once the event is stored. */
export interface ProgressSink {
  emit(event: ProgressEvent): Promise<void>;
  /** Passes on an event that {@link CheckpointStore.save} already stored with its step (no second write). */
  announce(event: ProgressEvent): void;
}

// The grounding port lives with the course format, where the knowledge base that implements it can reach it.
export type { Grounding, GroundingPassage } from "../course/index.ts";
