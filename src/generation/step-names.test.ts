import { describe, expect, it } from "vitest";
import type { Outline } from "../course/index.ts";
import { lessonStep, quizStep, stepKindOf, stepsOfOutline } from "./step-names.ts";

const objective = { id: "m1-l1-o1", text: "Name the parts" };
const outline = {
  title: "Rivers",
  modules: [
    {
      id: "m1",
      title: "Water",
      lessons: [
        { id: "m1-l1", title: "Sources", objectives: [objective], keyPoints: ["a"] },
        { id: "m1-l2", title: "Mouths", objectives: [objective], keyPoints: ["b"] },
      ],
    },
  ],
} as unknown as Outline;

describe("step names", () => {
  it("plans the outline, then each lesson followed by its quiz", () => {
    expect(stepsOfOutline(outline)).toEqual(["outline", "lesson:m1-l1", "quiz:m1-l1", "lesson:m1-l2", "quiz:m1-l2"]);
  });

  it("tells a step's kind from its name", () => {
    expect(stepKindOf("outline")).toBe("outline");
    expect(stepKindOf(lessonStep("m2-l3"))).toBe("lesson");
    expect(stepKindOf(quizStep("m2-l3"))).toBe("quiz");
  });
});
