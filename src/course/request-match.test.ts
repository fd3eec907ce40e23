import { describe, expect, it } from "vitest";
import { CourseRequest } from "./request.ts";
import { cosineSimilarity, normaliseAudience, normaliseRequest, normaliseTopic, sameShape } from "./request-match.ts";

describe("request normalisation", () => {
  it("drops course filler, accents, case and plural endings from the topic", () => {
    expect(normaliseTopic("An Introduction to Photosynthesis")).toBe("photosynthesi");
    expect(normaliseTopic("Photosynthesis basics")).toBe(normaliseTopic("photosynthesis"));
    expect(normaliseTopic("Ocean tides")).toBe(normaliseTopic("ocean tide"));
    expect(normaliseTopic("Initiation à la photosynthèse")).toBe("photosynthese");
    // Nothing but filler: the words are kept rather than nothing.
    expect(normaliseTopic("Introduction")).toBe("introduction");
  });

  it("compares audiences by their content words in any order, with synonyms merged", () => {
    expect(normaliseAudience("8th grade students")).toBe(normaliseAudience("Students, grade 8"));
    expect(normaliseAudience("grade 8 pupils")).toBe(normaliseAudience("grade 8 learners"));
    expect(normaliseAudience("general learners")).toBe("learner");
    expect(normaliseAudience("nurses")).not.toBe(normaliseAudience("grade 8 students"));
  });

  it("requires the same level, language, audience and size for a match", () => {
    const base = normaliseRequest(CourseRequest.parse({ topic: "Tides", audience: "grade 8 students" }));
    expect(
      sameShape(base, normaliseRequest(CourseRequest.parse({ topic: "Ocean tides", audience: "8th grade pupils" }))),
    ).toBe(true);
    for (const other of [
      { topic: "Tides", audience: "grade 8 students", level: "advanced" },
      { topic: "Tides", audience: "grade 8 students", language: "fr" },
      { topic: "Tides", audience: "nurses" },
      { topic: "Tides", audience: "grade 8 students", modules: 3 },
    ])
      expect(sameShape(base, normaliseRequest(CourseRequest.parse(other)))).toBe(false);
  });

  it("measures unit vectors by their dot product", () => {
    expect(cosineSimilarity([1, 0], [1, 0])).toBe(1);
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([1, 0], [1, 0, 0])).toBe(0);
  });
});
