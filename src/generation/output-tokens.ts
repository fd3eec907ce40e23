import type { StepKind } from "./progress-events.ts";

/** What the recorded successful completions of one task and model say. */
export interface RecordedCompletions {
  /** A high percentile of their completion tokens; for outlines, per lesson of the course. */
  readonly tokens: number;
  /** How many completions that percentile is taken over. */
  readonly samples: number;
}

/** The pipeline's port to the recorded completions (`llm_calls` in production). */
export interface CompletionSizes {
  recorded(task: StepKind, model: string, signal: AbortSignal): Promise<RecordedCompletions | undefined>;
}

/**
 * The most each step may ever need: the longest valid answer the draft schemas allow. A truncated
 * answer is retried with a larger limit, never beyond this.
 */
export const outputTokenCeilings = {
  outline: (lessons: number) => 400 + 260 * lessons,
  lesson: 4_000,
  quiz: 2_000,
} as const;

/**
 * Limits used before a task and model have {@link sizingPolicy.minimumSamples} recorded completions:
 * about 1.4 × a typical answer of the draft schemas (an outline lesson ~180 tokens, a lesson
 * ~1,500, a quiz ~600), well under the ceilings. An answer longer than this is truncated once and
 * retried at 1.5 × (up to the ceiling); the recorded sizes take over from there.
 */
export const coldStartOutputTokens = {
  outline: (lessons: number) => 200 + 200 * lessons,
  lesson: 2_400,
  quiz: 1_000,
} as const;

/** How recorded completions become a limit: `percentile × units × margin + overhead`. */
export const sizingPolicy = {
  /** The percentile of recent successful completions read (see `readCompletionSizes`). */
  percentile: 0.95,
  margin: 1.15,
  /** Tokens added on top: short answers vary more in proportion. */
  overhead: 64,
  minimumSamples: 20,
  floor: 256,
} as const;

/**
 * The `max_tokens` of one step: from the recorded completions of its task and model when there are
 * enough of them (a high percentile, scaled by the outline's lesson count, plus a margin), else the
 * cold-start default; never above the step's ceiling nor below a floor.
 */
export function sizeStepOutput(
  task: StepKind,
  lessons: number,
  recorded: RecordedCompletions | undefined,
): { readonly limit: number; readonly ceiling: number } {
  const units = task === "outline" ? lessons : 1;
  const ceiling = task === "outline" ? outputTokenCeilings.outline(lessons) : outputTokenCeilings[task];
  const coldStart = task === "outline" ? coldStartOutputTokens.outline(lessons) : coldStartOutputTokens[task];
  const wanted =
    recorded !== undefined && recorded.samples >= sizingPolicy.minimumSamples && recorded.tokens > 0
      ? Math.ceil(recorded.tokens * units * sizingPolicy.margin + sizingPolicy.overhead)
      : coldStart;
  return { limit: Math.min(ceiling, Math.max(sizingPolicy.floor, wanted)), ceiling };
}
