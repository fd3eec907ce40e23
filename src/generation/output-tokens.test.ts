import { describe, expect, it } from "vitest";
import { coldStartOutputTokens, outputTokenCeilings, sizeStepOutput, sizingPolicy } from "./output-tokens.ts";

describe("sizeStepOutput", () => {
  it("uses the cold-start default until enough completions are recorded", () => {
    expect(sizeStepOutput("lesson", 1, undefined)).toEqual({ limit: coldStartOutputTokens.lesson, ceiling: 4_000 });
    const few = { tokens: 500, samples: sizingPolicy.minimumSamples - 1 };
    expect(sizeStepOutput("quiz", 1, few).limit).toBe(coldStartOutputTokens.quiz);
  });

  it("sizes from the recorded percentile plus the margin once there are enough", () => {
    const recorded = { tokens: 1_600, samples: 50 };
    expect(sizeStepOutput("lesson", 8, recorded).limit).toBe(Math.ceil(1_600 * 1.15 + 64));
  });

  it("scales an outline's per-lesson percentile by the course's lesson count", () => {
    const recorded = { tokens: 180, samples: 40 };
    expect(sizeStepOutput("outline", 8, recorded).limit).toBe(Math.ceil(180 * 8 * 1.15 + 64));
    expect(sizeStepOutput("outline", 2, recorded).limit).toBe(Math.ceil(180 * 2 * 1.15 + 64));
  });

  it("never goes past the schema ceiling nor under the floor", () => {
    expect(sizeStepOutput("quiz", 1, { tokens: 5_000, samples: 100 }).limit).toBe(outputTokenCeilings.quiz);
    expect(sizeStepOutput("quiz", 1, { tokens: 10, samples: 100 }).limit).toBe(sizingPolicy.floor);
    expect(sizeStepOutput("outline", 3, undefined).ceiling).toBe(outputTokenCeilings.outline(3));
  });
});
