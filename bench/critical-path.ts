/**
 * The critical-path bound of one course: no schedule can finish before the outline plus the slowest
 * lesson-then-quiz chain, each step taking the simulator's modelled latency for its answer.
 */

/** How fast a simulated model answers (the simulator's `ModelProfile` latency fields). */
export interface LatencyProfile {
  readonly timeToFirstTokenMs: number;
  readonly tokensPerSecond: number;
}

/** One successful model call of a job, as recorded in `llm_calls`. */
export interface SuccessfulCall {
  /** `outline`, `lesson:<id>` or `quiz:<id>`. */
  readonly step: string;
  readonly model: string;
  readonly completionTokens: number;
}

/** One lesson's chain: its lesson step, then its quiz step. */
export interface LessonChain {
  readonly lessonId: string;
  readonly lessonMs: number;
  readonly quizMs: number;
  readonly totalMs: number;
}

/** The bound and how it is made up. */
export interface CriticalPath {
  readonly outlineMs: number;
  /** The chain with the largest `totalMs` (the first one on a tie). */
  readonly slowestChain: LessonChain;
  /** Every lesson chain, in the order their lesson calls were given. */
  readonly chains: readonly LessonChain[];
  /** `outlineMs + slowestChain.totalMs`. */
  readonly totalMs: number;
}

/**
 * The simulator's modelled latency of one answer:
 * `(timeToFirstTokenMs + completionTokens / tokensPerSecond × 1000) × timeScale`, unrounded.
 */
export function modelledLatencyMs(profile: LatencyProfile, completionTokens: number, timeScale: number): number {
  return (profile.timeToFirstTokenMs + (completionTokens / profile.tokensPerSecond) * 1000) * timeScale;
}

/**
 * Computes the critical-path bound of a course from its successful calls (exactly one per step).
 * @throws {Error} when the calls do not form one outline plus a lesson and a quiz per lesson
 */
export function computeCriticalPath(
  calls: readonly SuccessfulCall[],
  profileFor: (model: string) => LatencyProfile,
  timeScale: number,
): CriticalPath {
  const latencyOf = new Map<string, number>();
  for (const call of calls) {
    if (latencyOf.has(call.step)) throw new Error(`Step "${call.step}" has more than one successful call.`);
    latencyOf.set(call.step, modelledLatencyMs(profileFor(call.model), call.completionTokens, timeScale));
  }
  const outlineMs = latencyOf.get("outline");
  if (outlineMs === undefined) throw new Error("No successful outline call.");

  const chains: LessonChain[] = [];
  for (const call of calls) {
    if (!call.step.startsWith("lesson:")) {
      if (call.step !== "outline" && !call.step.startsWith("quiz:")) throw new Error(`Unknown step "${call.step}".`);
      continue;
    }
    const lessonId = call.step.slice("lesson:".length);
    const quizMs = latencyOf.get(`quiz:${lessonId}`);
    if (quizMs === undefined) throw new Error(`Lesson "${lessonId}" has no successful quiz call.`);
    const lessonMs = latencyOf.get(call.step)!;
    chains.push({ lessonId, lessonMs, quizMs, totalMs: lessonMs + quizMs });
  }
  for (const step of latencyOf.keys()) {
    if (step.startsWith("quiz:") && !latencyOf.has(`lesson:${step.slice("quiz:".length)}`))
      throw new Error(`Quiz "${step}" has no lesson call.`);
  }
  const slowestChain = chains.reduce<LessonChain | undefined>(
    (slowest, chain) => (slowest === undefined || chain.totalMs > slowest.totalMs ? chain : slowest),
    undefined,
  );
  if (slowestChain === undefined) throw new Error("No successful lesson call.");
  return { outlineMs, slowestChain, chains, totalMs: outlineMs + slowestChain.totalMs };
}
