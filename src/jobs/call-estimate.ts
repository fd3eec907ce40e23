import type { CallLatencySample } from "../store/index.ts";

/** How long a model call is expected to take at most, from the calls recorded before it. */
export interface CallEstimator {
  /**
   * Milliseconds a call of `task` on `model` with `maxOutputTokens` is expected to take at most;
   * `undefined` when nothing was ever recorded for `model` (no basis for an estimate).
   */
  estimateMs(model: string, task: string, maxOutputTokens: number): number | undefined;
  /** Whether a call of `task` on `model` was recorded (an estimate of its own, not only the model's throughput). */
  knows(model: string, task: string): boolean;
}

/** Recorded calls of a task below which its own latencies are not trusted (the max_tokens bound is used). */
export const minimumTaskSamples = 3;

/** Headroom over the slowest recorded call: providers vary from call to call. */
export const estimateMargin = 1.15;

/**
 * Builds the estimator from recorded successful attempts. A task recorded at least
 * {@link minimumTaskSamples} times on the model is estimated by its slowest recorded call (p95
 * with more than twenty); the bound from the model's
 * throughput at `maxOutputTokens` (time to first token + tokens at the slowest recorded rate) caps
 * it, and stands alone for a task never recorded on that model. Both with {@link estimateMargin}.
 */
export function createCallEstimator(samples: readonly CallLatencySample[]): CallEstimator {
  const byModel = new Map<string, CallLatencySample[]>();
  for (const sample of samples) {
    if (sample.latencyMs <= 0 || sample.completionTokens <= 0) continue;
    const list = byModel.get(sample.model) ?? [];
    list.push(sample);
    byModel.set(sample.model, list);
  }
  return {
    estimateMs(model, task, maxOutputTokens) {
      const recorded = byModel.get(model);
      if (recorded === undefined || recorded.length === 0) return undefined;
      const bound = throughputBoundMs(recorded, maxOutputTokens);
      const ofTask = recorded.filter((sample) => sample.task === task).map((sample) => sample.latencyMs);
      if (ofTask.length < minimumTaskSamples) return Math.ceil(bound * estimateMargin);
      return Math.ceil(Math.min(percentile(ofTask, 0.95), bound) * estimateMargin);
    },
    knows: (model, task) => byModel.get(model)?.some((sample) => sample.task === task) === true,
  };
}

// Time to first token (the fastest call's latency less its tokens at the slowest rate is a safe
// floor of it) plus the output limit at the slowest recorded milliseconds per token.
function throughputBoundMs(samples: readonly CallLatencySample[], maxOutputTokens: number): number {
  const fastest = Math.min(...samples.map((sample) => sample.latencyMs));
  const perToken = samples.map((sample) => sample.latencyMs / sample.completionTokens);
  const slowestPerToken = Math.max(...perToken);
  const smallest = samples.reduce((best, sample) => (sample.latencyMs < best.latencyMs ? sample : best));
  const firstToken = Math.max(0, fastest - smallest.completionTokens * Math.min(...perToken));
  return firstToken + slowestPerToken * maxOutputTokens;
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  if (sorted.length <= 20) return sorted[sorted.length - 1]!;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}
