import { describe, expect, it } from "vitest";
import type { Course, CourseLesson } from "./format.ts";
import { idOf } from "./format-parts.ts";
import type { QuizQuestion } from "./quiz-format.ts";
import { sampleCourse } from "../../test/support/course-fixtures.ts";
import { validateCourse } from "./validate-course.ts";

function issuesOf(value: unknown) {
  const result = validateCourse(value);
  if (result.ok) throw new Error("expected the course to be invalid");
  return result.issues;
}

function lessonOf(course: Course, moduleIndex: number, lessonIndex: number): CourseLesson {
  const lesson = course.modules[moduleIndex]?.lessons[lessonIndex];
  if (lesson === undefined) throw new Error("no such lesson in the sample");
  return lesson;
}

function questionOf<Type extends QuizQuestion["type"]>(
  lesson: CourseLesson,
  index: number,
  type: Type,
): Extract<QuizQuestion, { type: Type }> {
  const question = lesson.quiz.questions[index];
  if (question?.type !== type) throw new Error(`question ${index} of the sample is not ${type}`);
  return question as Extract<QuizQuestion, { type: Type }>;
}

describe("validateCourse", () => {
  it("accepts a valid course and returns it parsed", () => {
    const course = sampleCourse();
    expect(validateCourse(JSON.parse(JSON.stringify(course)))).toEqual({ ok: true, course });
  });

  it("reports schema errors at the field, without running the semantic rules", () => {
    const course: Record<string, unknown> = { ...sampleCourse(), formatVersion: "2", extra: true };
    delete course["title"];
    expect(issuesOf(course).map((issue) => issue.path)).toEqual([["formatVersion"], ["title"], ["extra"]]);
  });

  it("reports an id of the wrong form, showing the expected form", () => {
    const course = sampleCourse();
    lessonOf(course, 0, 1).sections[2]!.id = "section-3";
    expect(issuesOf(course)).toEqual([
      { path: ["modules", 0, "lessons", 1, "sections", 2, "id"], message: `must be a section id like "m1-l2-s3"` },
    ]);
  });

  it.each([
    ["option", "an option id"],
    ["objective", "an objective id"],
    ["module", "a module id"],
  ] as const)("names the %s id with the right article", (kind, expected) => {
    const id = idOf(kind).safeParse("bad id");
    expect(id.success || id.error.issues[0]?.message).toMatch(new RegExp(`^must be ${expected} like "`));
  });

  it("reports sizes out of bounds", () => {
    const course = sampleCourse();
    lessonOf(course, 1, 0).quiz.questions = [];
    expect(issuesOf(course)).toEqual([
      { path: ["modules", 1, "lessons", 0, "quiz", "questions"], message: "must have at least 1 item" },
    ]);
  });

  it("reports a duplicate id at its second use, naming the first", () => {
    const course = sampleCourse();
    lessonOf(course, 1, 1).sections[0]!.id = "m1-l1-s1";
    expect(issuesOf(course)).toEqual([
      {
        path: ["modules", 1, "lessons", 1, "sections", 0, "id"],
        message: `duplicate id "m1-l1-s1", already used at modules[0].lessons[0].sections[0].id; ids must be unique in a course`,
      },
    ]);
  });

  it("reports a single-choice answer that is not one of its options", () => {
    const course = sampleCourse();
    questionOf(lessonOf(course, 0, 1), 0, "single_choice").correctOptionId = "m1-l2-q1-e";
    expect(issuesOf(course)).toEqual([
      {
        path: ["modules", 0, "lessons", 1, "quiz", "questions", 0, "correctOptionId"],
        message: `"m1-l2-q1-e" is not the id of one of this question's options (m1-l2-q1-a, m1-l2-q1-b, m1-l2-q1-c, m1-l2-q1-d)`,
      },
    ]);
  });

  it("reports multiple-choice answers that are not options or are repeated", () => {
    const course = sampleCourse();
    questionOf(lessonOf(course, 1, 0), 1, "multiple_choice").correctOptionIds = [
      "m2-l1-q2-a",
      "m1-l1-q2-b",
      "m2-l1-q2-a",
    ];
    expect(issuesOf(course).map((issue) => [issue.path.join("/"), issue.message.slice(0, 20)])).toEqual([
      ["modules/1/lessons/0/quiz/questions/1/correctOptionIds/1", `"m1-l1-q2-b" is not `],
      ["modules/1/lessons/0/quiz/questions/1/correctOptionIds/2", `repeats "m2-l1-q2-a"`],
    ]);
  });

  it("reports an objective id of another lesson", () => {
    const course = sampleCourse();
    questionOf(lessonOf(course, 0, 0), 2, "true_false").objectiveId = "m1-l2-o1";
    expect(issuesOf(course)).toEqual([
      {
        path: ["modules", 0, "lessons", 0, "quiz", "questions", 2, "objectiveId"],
        message: `"m1-l2-o1" is not an objective of this lesson; expected one of m1-l1-o1, m1-l1-o2`,
      },
    ]);
  });

  it("reports options with the same text", () => {
    const course = sampleCourse();
    questionOf(lessonOf(course, 0, 0), 0, "single_choice").options[3]!.text = "STROMA";
    expect(issuesOf(course).map((issue) => issue.path)).toEqual([
      ["modules", 0, "lessons", 0, "quiz", "questions", 0, "options", 3, "text"],
    ]);
  });

  it("never throws, whatever it is given", () => {
    for (const value of [null, 3, "course", [], { formatVersion: "1" }]) expect(validateCourse(value).ok).toBe(false);
  });
});
