import { describe, expect, it } from "vitest";
import type { JsonValue } from "./json-schema.ts";
import {
  PlantedDefects,
  plantedDefectFor,
  plantedDefectKinds,
  plantedLessonKey,
  shapeCourseAnswer,
} from "./low-quality.ts";

const brief = "Course brief\nTopic: Soil\nAudience: farmers\nLevel: beginner";
const lessonCall = (lessonId: string, revision = false) => [
  { content: brief },
  { content: `Task: write lesson ${lessonId}, "Roots".${revision ? "\n\nRevision feedback: fix it" : ""}` },
];
const judgeCall = (lessonId: string) => [
  { content: "system" },
  { content: `${brief}\n\nTask: review lesson ${lessonId}, "Roots".` },
];
const section = (body: string) => ({ title: "T", body });
const lesson = (): JsonValue => ({
  introduction: section("Intro words here that are long enough to read."),
  explanations: [section("One idea.")],
  workedExample: section("Solved step by step."),
  activity: section("Do this task and compare your result with the lesson's example carefully."),
  summary: section("Takeaways."),
  keyTerms: [
    { term: "Topsoil", definition: "d" },
    { term: "Erosion", definition: "d" },
  ],
});

describe("the low_quality fault", () => {
  it("picks the same lessons and kinds every time, about `rate` of them, and every kind", () => {
    const keys = Array.from({ length: 400 }, (_, index) =>
      plantedLessonKey({ topic: "Soil", audience: "farmers", level: "beginner" }, `m${index}-l1`),
    );
    const planted = keys.map((key) => plantedDefectFor(key, 0.2));
    expect(keys.map((key) => plantedDefectFor(key, 0.2))).toEqual(planted);
    const share = planted.filter((kind) => kind !== undefined).length / keys.length;
    expect(share).toBeGreaterThan(0.12);
    expect(share).toBeLessThan(0.28);
    expect(new Set(planted.filter(Boolean))).toEqual(new Set(plantedDefectKinds));
    expect(keys.every((key) => plantedDefectFor(key, 0) === undefined)).toBe(true);
  });

  it("mentions key terms in clean lessons, plants a defect at rate 1, and the judge follows it until a revision", () => {
    const planted = new PlantedDefects();
    const clean = shapeCourseAnswer(lesson(), "lesson", lessonCall("m1-l1"), planted, 0) as {
      summary: { body: string };
    };
    expect(clean.summary.body).toContain("Key terms: Topsoil; Erosion.");
    // Find a lesson whose planted kind is a lesson defect.
    const lessonId = Array.from({ length: 50 }, (_, index) => `m1-l${index + 1}`).find((id) =>
      ["placeholder", "section_length", "reading_level", "near_duplicate", "key_term_unused"].includes(
        plantedDefectFor(plantedLessonKey({ topic: "Soil", audience: "farmers", level: "beginner" }, id), 1) ?? "",
      ),
    )!;
    const written = shapeCourseAnswer(lesson(), "lesson", lessonCall(lessonId), planted, 1);
    expect(written).not.toEqual(shapeCourseAnswer(lesson(), "lesson", lessonCall(lessonId), new PlantedDefects(), 0));
    expect(planted.planted).toBe(1);
    const judged = shapeCourseAnswer({}, "judge", judgeCall(lessonId), planted, 1) as Record<string, { score: number }>;
    expect(Object.values(judged).filter((criterion) => criterion.score === 2)).toHaveLength(1);
    shapeCourseAnswer(lesson(), "lesson", lessonCall(lessonId, true), planted, 1);
    const rejudged = shapeCourseAnswer({}, "judge", judgeCall(lessonId), planted, 1) as Record<
      string,
      { score: number }
    >;
    expect(Object.values(rejudged).every((criterion) => criterion.score === 5)).toBe(true);
  });

  it("leaves answers of other calls alone", () => {
    const value = { title: "Outline" };
    expect(shapeCourseAnswer(value, "outline", lessonCall("m1-l1"), new PlantedDefects(), 1)).toBe(value);
  });
});
