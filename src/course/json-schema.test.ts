import { readFile } from "node:fs/promises";
import { createJsonSchemaValidator } from "../../test/support/json-schema-validator.ts";
import { describe, expect, it } from "vitest";
import { courseJsonSchema, courseSchemaId } from "./json-schema.ts";
import { sampleCourse } from "../../test/support/course-fixtures.ts";

const committedFile = new URL("../../schemas/course.v1.json", import.meta.url);

function compile() {
  const ajv = createJsonSchemaValidator({ allErrors: true, strict: false });
  return ajv.compile(courseJsonSchema());
}

describe("courseJsonSchema", () => {
  it("is a draft 2020-12 schema with the v1 $id, a title and named parts", () => {
    const schema = courseJsonSchema();
    expect(schema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema["$id"]).toBe(courseSchemaId);
    expect(schema["$id"]).toBe("https://courseforge.dev/schemas/course.v1.json");
    expect(schema["title"]).toContain("format v1");
    expect(Object.keys(schema["$defs"] as object)).toEqual(
      expect.arrayContaining(["CourseLesson", "Quiz", "QuizQuestion", "Section", "Generation"]),
    );
  });

  it("accepts a course the zod schema accepts", () => {
    const validate = compile();
    expect(validate(JSON.parse(JSON.stringify(sampleCourse()))), JSON.stringify(validate.errors)).toBe(true);
  });

  it("rejects what the zod schema rejects: unknown fields, bad ids, wrong question shapes", () => {
    const validate = compile();
    const withExtra = { ...sampleCourse(), extra: 1 };
    expect(validate(withExtra)).toBe(false);
    const badId = sampleCourse();
    badId.modules[0]!.id = "module-1";
    expect(validate(badId)).toBe(false);
    const badQuestion = JSON.parse(JSON.stringify(sampleCourse()));
    delete badQuestion.modules[0].lessons[0].quiz.questions[0].correctOptionId;
    expect(validate(badQuestion)).toBe(false);
  });

  it("matches the committed schemas/course.v1.json", async () => {
    let committed: unknown;
    try {
      committed = JSON.parse(await readFile(committedFile, "utf8"));
    } catch (error) {
      throw new Error(
        `schemas/course.v1.json is missing or not JSON (${String(error)}); run \`npx node scripts/write-course-schema.ts\`.`,
      );
    }
    expect(
      committed,
      "schemas/course.v1.json is stale: run `npx node scripts/write-course-schema.ts` and commit the result",
    ).toEqual(courseJsonSchema());
  });
});
