import type { QualityFlag, QualityThresholds, Rubric } from "../course/index.ts";
import { rubricCriteria } from "../course/index.ts";

/** The default thresholds: a mean rubric score of 3.5 and no criterion under 3. */
export const defaultQualityThresholds: QualityThresholds = { minScore: 3.5, minCriterion: 3 };

/** The mean of a rubric's scores, to two decimals. */
export function rubricScore(rubric: Rubric): number {
  const total = rubricCriteria.reduce((sum, criterion) => sum + rubric[criterion].score, 0);
  return Math.round((total / rubricCriteria.length) * 100) / 100;
}

/** What the gate decided about one lesson: passed, or what to regenerate and the feedback to give. */
export interface GateDecision {
  readonly passed: boolean;
  /** The parts to regenerate: the lesson's text, its quiz, or both. */
  readonly mend: readonly ("lesson" | "quiz")[];
  /** The failed checks and low scores, one line each: the regeneration's feedback. */
  readonly reasons: readonly string[];
}

/**
 * A lesson passes when no model-free check flags it, the judge answered, every criterion is at
 * least `minCriterion` and the mean at least `minScore`. Flags of the quiz mend the quiz; every
 * other failure mends the lesson's text.
 */
export function decideGate(
  flags: readonly QualityFlag[],
  rubric: Rubric | null,
  thresholds: QualityThresholds,
): GateDecision {
  const mend = new Set<"lesson" | "quiz">();
  const reasons: string[] = [];
  for (const flag of flags) {
    mend.add(flag.part === "quiz" ? "quiz" : "lesson");
    reasons.push(`${flag.check} at ${flag.target}: ${flag.message}`);
  }
  if (rubric === null) {
    reasons.push("the judge gave no scores");
  } else {
    for (const criterion of rubricCriteria) {
      const { score, reason } = rubric[criterion];
      if (score < thresholds.minCriterion) {
        mend.add(criterion === "alignment" && flags.some((flag) => flag.part === "quiz") ? "quiz" : "lesson");
        reasons.push(`${criterion} scored ${score}/5: ${reason}`);
      }
    }
    const mean = rubricScore(rubric);
    if (mean < thresholds.minScore) {
      if (mend.size === 0) mend.add("lesson");
      reasons.push(`mean score ${mean}/5 is under ${thresholds.minScore}`);
    }
  }
  return { passed: reasons.length === 0, mend: [...mend].sort(), reasons };
}

/** The message a regeneration gets: what the gate found, to fix. The simulator writes clean text when it sees it. */
export function mendFeedback(part: "lesson" | "quiz", reasons: readonly string[]): string {
  return [
    `Revision feedback: the previous ${part === "lesson" ? "text of this lesson" : "quiz of this lesson"} failed the quality review:`,
    ...reasons.map((reason) => `- ${reason}`),
    `Write it again from scratch, fixing every point above and keeping what the task asks for.`,
  ].join("\n");
}
