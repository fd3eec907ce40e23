import { describe, expect, it } from "vitest";
import type { QualityFlag, Rubric } from "../course/index.ts";
import { decideGate, defaultQualityThresholds, mendFeedback, rubricScore } from "./gate.ts";
import { scoreCourse } from "./evaluate.ts";

const rubric = (scores: Partial<Record<keyof Rubric, number>> = {}): Rubric => {
  const entry = (name: keyof Rubric) => ({ score: scores[name] ?? 5, reason: `${name} reason` });
  return {
    accuracy: entry("accuracy"),
    clarity: entry("clarity"),
    alignment: entry("alignment"),
    audienceFit: entry("audienceFit"),
    workedExample: entry("workedExample"),
  };
};
const quizFlag: QualityFlag = { check: "duplicate_question", part: "quiz", target: "m1-l1-q2", message: "same as q1" };

describe("the gate", () => {
  it("passes a lesson without flags and with scores above the thresholds", () => {
    expect(decideGate([], rubric({ clarity: 4 }), defaultQualityThresholds)).toEqual({
      passed: true,
      mend: [],
      reasons: [],
    });
    expect(rubricScore(rubric({ clarity: 4, accuracy: 3 }))).toBe(4.4);
  });

  it("mends the quiz for quiz flags and the lesson for a low criterion, with reasons", () => {
    const decision = decideGate([quizFlag], rubric({ accuracy: 2 }), defaultQualityThresholds);
    expect(decision.passed).toBe(false);
    expect(decision.mend).toEqual(["lesson", "quiz"]);
    expect(decision.reasons).toEqual([
      "duplicate_question at m1-l1-q2: same as q1",
      "accuracy scored 2/5: accuracy reason",
    ]);
    expect(mendFeedback("quiz", decision.reasons)).toMatch(
      /^Revision feedback: the previous quiz of this lesson[\s\S]*- accuracy scored 2\/5/,
    );
  });

  it("fails a lesson whose mean is under minScore, and one the judge did not score", () => {
    const low = rubric({ accuracy: 3, clarity: 3, alignment: 3, audienceFit: 3, workedExample: 3 });
    expect(decideGate([], low, defaultQualityThresholds).reasons).toEqual(["mean score 3/5 is under 3.5"]);
    expect(decideGate([], null, defaultQualityThresholds)).toMatchObject({ passed: false, mend: [] });
  });

  it("scores a course: mean of lesson scores, flagged count, course-wide flags", () => {
    const quality = scoreCourse({
      mode: "mend",
      thresholds: defaultQualityThresholds,
      lessons: [
        { lessonId: "m1-l1", score: 5, rubric: rubric(), flags: [], status: "passed", mended: [] },
        { lessonId: "m1-l2", score: 3, rubric: rubric(), flags: [quizFlag], status: "flagged", mended: ["quiz"] },
      ],
      quizzes: [],
    });
    expect(quality).toMatchObject({ score: 4, passed: false, flagged: 1, flags: [] });
  });
});
