import { describe, expect, it } from "vitest";
import { CourseRequest } from "../course/index.ts";
import { countChatTokens } from "../tokens/index.ts";
import { estimateCourseCost } from "./cost-estimate.ts";
import { outlineMessages } from "./prompts.ts";

const request = CourseRequest.parse({ topic: "Photosynthesis", modules: 2, lessonsPerModule: 4 });
const models = { outline: "big", lesson: "small", quiz: "small" };
// $1 per million input tokens, $10 per million output tokens; "small" a tenth of that.
const prices = {
  big: { inputPerMillion: 1, cachedInputPerMillion: 0.1, outputPerMillion: 10 },
  small: { inputPerMillion: 0.1, cachedInputPerMillion: 0.01, outputPerMillion: 1 },
};
const outputTokens = { outline: 1_800, lesson: 2_000, quiz: 800 };

describe("estimateCourseCost", () => {
  it("prices the outline prompt exactly and every step's whole output limit", () => {
    const estimate = estimateCourseCost({ request, models, prices, outputTokens });
    const outlinePrompt = countChatTokens(outlineMessages(request));
    expect(estimate.outlineUsd).toBeCloseTo((outlinePrompt * 1 + 1_800 * 10) / 1e6, 12);
    const lessonPrompt = outlinePrompt + 1_800 + 450;
    expect(estimate.lessonsUsd).toBeCloseTo((8 * (lessonPrompt * 0.1 + 2_000 * 1)) / 1e6, 12);
    expect(estimate.quizzesUsd).toBeCloseTo((8 * ((lessonPrompt + 2_000) * 0.1 + 800 * 1)) / 1e6, 12);
    expect(estimate.totalUsd).toBeCloseTo(estimate.outlineUsd + estimate.lessonsUsd + estimate.quizzesUsd, 12);
  });

  it("counts only the steps left, and grows with the course and with grounding", () => {
    const whole = estimateCourseCost({ request, models, prices, outputTokens });
    const rest = estimateCourseCost({
      request,
      models,
      prices,
      outputTokens,
      remaining: { outline: false, lessons: 2, quizzes: 3 },
    });
    expect(rest.outlineUsd).toBe(0);
    expect(rest.lessonsUsd).toBeCloseTo(whole.lessonsUsd / 4, 12);
    expect(rest.quizzesUsd).toBeCloseTo((whole.quizzesUsd * 3) / 8, 12);
    const bigger = estimateCourseCost({
      request: CourseRequest.parse({ topic: "Photosynthesis", modules: 4, lessonsPerModule: 4 }),
      models,
      prices,
      outputTokens,
    });
    expect(bigger.lessonsUsd).toBeGreaterThan(whole.lessonsUsd * 1.9);
    const grounded = estimateCourseCost({ request, models, prices, outputTokens, groundingTokens: 3_000 });
    expect(grounded.lessonsUsd).toBeGreaterThan(whole.lessonsUsd);
  });

  it("costs nothing for unpriced models (the simulator, local models)", () => {
    expect(estimateCourseCost({ request, models, prices: {}, outputTokens }).totalUsd).toBe(0);
  });
});
