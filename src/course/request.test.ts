import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/index.ts";
import { CourseRequest, parseCourseRequest } from "./request.ts";

function issuesOf(input: unknown) {
  const result = CourseRequest.safeParse(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return result.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
}

describe("CourseRequest", () => {
  it("fills defaults and trims text", () => {
    expect(CourseRequest.parse({ topic: "  Rust ownership  " })).toEqual({
      topic: "Rust ownership",
      audience: "general learners",
      level: "beginner",
      modules: 2,
      lessonsPerModule: 3,
      language: "en",
    });
  });

  it("keeps every given field", () => {
    const input = {
      topic: "Cell biology",
      audience: "nurses",
      level: "advanced",
      modules: 12,
      lessonsPerModule: 10,
      language: "pt-BR",
      model: "gpt-4.1-mini",
    };
    expect(CourseRequest.parse(input)).toEqual(input);
  });

  it.each(["en", "fr", "pt-BR", "zh-Hant-TW", "haw"])("accepts the language code %s", (language) => {
    expect(CourseRequest.parse({ topic: "Maths", language }).language).toBe(language);
  });

  it.each(["EN", "english", "pt_BR", "e", "en-", "xx-invalid", "zz", "en-US-x"])(
    "rejects the language code %s, naming the expected form",
    (language) => {
      const [issue, ...rest] = issuesOf({ topic: "Maths", language });
      expect(rest).toEqual([]);
      expect(issue?.path).toEqual(["language"]);
      expect(issue?.message).toContain(`"pt-BR"`);
      expect(issue?.message).toContain(`got "${language}"`);
    },
  );

  it("measures the topic after trimming", () => {
    const [issue] = issuesOf({ topic: "  ab   " });
    expect(issue).toEqual({ path: ["topic"], message: expect.stringContaining("3 to 200 characters") });
    expect(issue?.message).toContain("got 2 characters");
    expect(issuesOf({ topic: "x".repeat(201) })[0]?.message).toContain("got 201 characters");
  });

  it("explains a missing topic", () => {
    expect(issuesOf({})).toEqual([{ path: ["topic"], message: expect.stringContaining("got nothing") }]);
  });

  it("rejects counts outside their bounds or not whole, saying the range", () => {
    const issues = issuesOf({ topic: "Maths", modules: 13, lessonsPerModule: 2.5 });
    expect(issues).toEqual([
      { path: ["modules"], message: "modules must be a whole number from 1 to 12; got 13" },
      { path: ["lessonsPerModule"], message: "lessonsPerModule must be a whole number from 1 to 10; got 2.5" },
    ]);
    expect(issuesOf({ topic: "Maths", modules: 0 })[0]?.message).toContain("got 0");
    expect(issuesOf({ topic: "Maths", modules: "3" })[0]?.message).toContain(`got "3"`);
  });

  it("rejects an unknown level, listing the levels", () => {
    expect(issuesOf({ topic: "Maths", level: "expert" })).toEqual([
      { path: ["level"], message: `level must be one of "beginner", "intermediate", "advanced"; got "expert"` },
    ]);
  });

  it("rejects unknown fields, listing the allowed ones", () => {
    const [issue] = issuesOf({ topic: "Maths", lessonPerModule: 3 });
    expect(issue?.message).toContain(
      "allowed fields are topic, audience, level, modules, lessonsPerModule, language, model",
    );
  });

  it("rejects a blank model name", () => {
    expect(issuesOf({ topic: "Maths", model: "  " })[0]?.path).toEqual(["model"]);
  });

  it("rejects a value that is not an object", () => {
    expect(issuesOf("Maths")[0]?.message).toContain("must be a JSON object");
  });
});

describe("parseCourseRequest", () => {
  it("returns the parsed request", () => {
    expect(parseCourseRequest({ topic: "Maths", modules: 1 }).modules).toBe(1);
  });

  it("throws one InvalidInputError listing every issue with its field path", () => {
    let caught: unknown;
    try {
      parseCourseRequest({ topic: "x", level: "expert", colour: "red" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidInputError);
    const error = caught as InvalidInputError;
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message.split("\n").slice(1)).toEqual([
      expect.stringMatching(/^topic: topic must be text of 3 to 200/),
      expect.stringMatching(/^level: level must be one of/),
      expect.stringMatching(/^colour: unknown field "colour"; allowed fields are/),
    ]);
    expect(error.details["issues"]).toHaveLength(3);
    expect((error.details["issues"] as { path: unknown }[])[2]?.path).toEqual(["colour"]);
  });
});
