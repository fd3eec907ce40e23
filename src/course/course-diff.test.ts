import { describe, expect, it } from "vitest";
import { sampleCourse } from "../../test/support/course-fixtures.ts";
import { diffCourses, lessonsTouched } from "./course-diff.ts";
import {
  locateTarget,
  replaceOutlineWording,
  replaceQuestion,
  replaceSection,
  RevisionTarget,
} from "./revision-target.ts";
import type { Course } from "./format.ts";

const course = sampleCourse();

describe("diffCourses", () => {
  it("finds nothing between a course and a deep copy with its keys reordered", () => {
    const reordered = JSON.parse(JSON.stringify(course), (_key, value: unknown) =>
      value !== null && typeof value === "object" && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value as Record<string, unknown>).reverse())
        : value,
    ) as Course;
    expect(diffCourses(course, reordered)).toEqual([]);
  });

  it("names the one section that changed, with the field before and after, and its lesson", () => {
    const section = course.modules[0]!.lessons[1]!.sections[2]!;
    const revised = replaceSection(course, section.id, { title: section.title, body: "A simpler body." });
    const changes = diffCourses(course, revised);
    expect(changes).toEqual([
      {
        kind: "section",
        id: section.id,
        parentId: course.modules[0]!.lessons[1]!.id,
        change: "changed",
        fields: [{ field: "body", before: section.body, after: "A simpler body." }],
      },
    ]);
    expect(lessonsTouched(changes)).toEqual([course.modules[0]!.lessons[1]!.id]);
  });

  it("lists a question's changed fields, not its id", () => {
    const question = course.modules[1]!.lessons[0]!.quiz.questions[0]!;
    const revised = replaceQuestion(course, question.id, { ...question, prompt: "Harder?", explanation: "Because." });
    const [change] = diffCourses(course, revised);
    expect(change?.kind).toBe("question");
    expect(change?.fields.map((field) => field.field).sort()).toEqual(["explanation", "prompt"]);
  });

  it("reports the outline's wording on the course, module and lesson parts only", () => {
    const revised = replaceOutlineWording(course, {
      title: "New title",
      description: course.description,
      modules: course.modules.map((module, index) => ({
        title: index === 0 ? "Renamed module" : module.title,
        summary: module.summary,
        lessons: module.lessons.map((lesson) => ({ title: lesson.title, summary: lesson.summary })),
      })),
    });
    expect(diffCourses(course, revised).map((change) => `${change.kind}:${change.id}`)).toEqual([
      `course:${course.id}`,
      `module:${course.modules[0]!.id}`,
    ]);
  });

  it("reports parts only one side has as added or removed, whole", () => {
    const lesson = course.modules[0]!.lessons[0]!;
    const shorter: Course = {
      ...course,
      modules: course.modules.map((module, index) =>
        index === 0
          ? { ...module, lessons: module.lessons.map((l) => ({ ...l, sections: l.sections.slice(0, -1) })) }
          : module,
      ),
    };
    const removed = diffCourses(course, shorter).filter((change) => change.change === "removed");
    expect(removed.map((change) => change.id)).toContain(lesson.sections.at(-1)!.id);
    expect(removed[0]?.before).toBeDefined();
    const added = diffCourses(shorter, course).filter((change) => change.change === "added");
    expect(added.map((change) => change.id)).toEqual(removed.map((change) => change.id));
  });
});

describe("revision targets", () => {
  it("accepts each kind with an id of its form and refuses a malformed one", () => {
    expect(RevisionTarget.safeParse({ kind: "lesson", id: "m1-l2" }).success).toBe(true);
    expect(RevisionTarget.safeParse({ kind: "quiz", id: "m1-l2" }).success).toBe(true);
    expect(RevisionTarget.safeParse({ kind: "outline" }).success).toBe(true);
    expect(RevisionTarget.safeParse({ kind: "section", id: "m1-l2" }).success).toBe(false);
    expect(RevisionTarget.safeParse({ kind: "question" }).success).toBe(false);
    expect(RevisionTarget.safeParse({ kind: "module", id: "m1" }).success).toBe(false);
  });

  it("locates parts by id and misses ids the course does not have", () => {
    const section = course.modules[0]!.lessons[0]!.sections[0]!;
    expect(locateTarget(course, { kind: "section", id: section.id })).toMatchObject({ kind: "section", section });
    expect(locateTarget(course, { kind: "lesson", id: "m9-l9" })).toBeUndefined();
    expect(locateTarget(course, { kind: "question", id: "m1-l1-q99" })).toBeUndefined();
  });
});
