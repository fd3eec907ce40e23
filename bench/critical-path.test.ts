import { describe, expect, it } from "vitest";
import { computeCriticalPath, modelledLatencyMs, type LatencyProfile, type SuccessfulCall } from "./critical-path.ts";

const realistic: LatencyProfile = { timeToFirstTokenMs: 500, tokensPerSecond: 60 };
const profiles: Record<string, LatencyProfile> = {
  realistic,
  quick: { timeToFirstTokenMs: 100, tokensPerSecond: 200 },
};
const profileFor = (model: string) => profiles[model] ?? realistic;

describe("modelledLatencyMs", () => {
  it("adds time to first token and generation time, then scales", () => {
    expect(modelledLatencyMs(realistic, 600, 1)).toBe(10_500);
    expect(modelledLatencyMs(realistic, 600, 0.05)).toBeCloseTo(525, 9);
    expect(modelledLatencyMs(realistic, 0, 0.5)).toBe(250);
  });
});

describe("computeCriticalPath", () => {
  it("is the outline plus the chain whose lesson and quiz together take longest", () => {
    const calls: SuccessfulCall[] = [
      { step: "outline", model: "realistic", completionTokens: 120 },
      { step: "lesson:a", model: "realistic", completionTokens: 600 },
      { step: "quiz:a", model: "realistic", completionTokens: 300 },
      { step: "lesson:b", model: "realistic", completionTokens: 36 },
      { step: "quiz:b", model: "realistic", completionTokens: 480 },
    ];
    const path = computeCriticalPath(calls, profileFor, 1);
    expect(path.outlineMs).toBe(2_500);
    expect(path.chains.map((chain) => [chain.lessonId, chain.totalMs])).toEqual([
      ["a", 10_500 + 5_500],
      ["b", 1_100 + 8_500],
    ]);
    expect(path.slowestChain.lessonId).toBe("a");
    expect(path.totalMs).toBe(2_500 + 16_000);
  });

  it("picks a chain by its sum, not by its longest step", () => {
    const calls: SuccessfulCall[] = [
      { step: "outline", model: "realistic", completionTokens: 0 },
      { step: "lesson:long-lesson", model: "realistic", completionTokens: 900 },
      { step: "quiz:long-lesson", model: "realistic", completionTokens: 0 },
      { step: "lesson:balanced", model: "realistic", completionTokens: 600 },
      { step: "quiz:balanced", model: "realistic", completionTokens: 420 },
    ];
    const path = computeCriticalPath(calls, profileFor, 0.1);
    expect(path.slowestChain.lessonId).toBe("balanced");
    expect(path.totalMs).toBeCloseTo((500 + 10_500 + 7_500) * 0.1, 9);
  });

  it("uses each step's own model profile", () => {
    const calls: SuccessfulCall[] = [
      { step: "outline", model: "quick", completionTokens: 200 },
      { step: "lesson:x", model: "quick", completionTokens: 400 },
      { step: "quiz:x", model: "realistic", completionTokens: 60 },
    ];
    const path = computeCriticalPath(calls, profileFor, 1);
    expect(path.outlineMs).toBe(1_100);
    expect(path.slowestChain).toEqual({ lessonId: "x", lessonMs: 2_100, quizMs: 1_500, totalMs: 3_600 });
  });

  it("rejects calls that do not form a course", () => {
    const outline = { step: "outline", model: "realistic", completionTokens: 10 };
    const lesson = { step: "lesson:x", model: "realistic", completionTokens: 10 };
    const quiz = { step: "quiz:x", model: "realistic", completionTokens: 10 };
    expect(() => computeCriticalPath([lesson, quiz], profileFor, 1)).toThrow(/outline/);
    expect(() => computeCriticalPath([outline, lesson], profileFor, 1)).toThrow(/no successful quiz/);
    expect(() => computeCriticalPath([outline, quiz], profileFor, 1)).toThrow(/no lesson/);
    expect(() => computeCriticalPath([outline], profileFor, 1)).toThrow(/No successful lesson/);
    expect(() => computeCriticalPath([outline, lesson, lesson, quiz], profileFor, 1)).toThrow(/more than one/);
    expect(() => computeCriticalPath([outline, lesson, quiz, { ...quiz, step: "summary" }], profileFor, 1)).toThrow(
      /Unknown step/,
    );
  });
});
