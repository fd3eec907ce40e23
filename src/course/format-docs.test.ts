import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { issuesFromZod } from "./issues.ts";
import { QuizQuestion, questionTypes } from "./quiz-format.ts";
import { validateCourse } from "./validate-course.ts";

// docs/course-format.md is what integrators copy from: its JSON examples must stay valid.
const docs = await readFile(new URL("../../docs/course-format.md", import.meta.url), "utf8");
const examples = [...docs.matchAll(/```json\n([\s\S]*?)```/g)].map(
  (match) => JSON.parse(match[1] ?? "") as Record<string, unknown>,
);

describe("docs/course-format.md", () => {
  it("has a valid example of every question type", () => {
    const questions = examples.filter((example) => "type" in example);
    expect(questions.map((question) => question["type"])).toEqual([...questionTypes]);
    for (const question of questions) {
      const result = QuizQuestion.safeParse(question);
      expect(result.success ? [] : issuesFromZod(result.error), `example of ${String(question["type"])}`).toEqual([]);
    }
  });

  it("has a complete course example that validates", () => {
    const courses = examples.filter((example) => "formatVersion" in example);
    expect(courses).toHaveLength(1);
    const result = validateCourse(courses[0]);
    expect(result.ok ? [] : result.issues).toEqual([]);
  });
});
