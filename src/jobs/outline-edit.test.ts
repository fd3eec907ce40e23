import { describe, expect, it } from "vitest";
import { outlineFromDraft, type Outline } from "../course/index.ts";
import { sampleOutlineDraft, sampleRequest } from "../../test/support/course-fixtures.ts";
import { normalizeEditedOutline } from "./outline-edit.ts";

const request = sampleRequest();
const outline = (): Outline => outlineFromDraft(sampleOutlineDraft(), request);

describe("normalizeEditedOutline", () => {
  it("renumbers ids from positions after lessons were reordered, moved and removed", () => {
    const edited = outline();
    const [first, second] = edited.modules;
    // Swap the lessons of module 1, move lesson m2-l2 into module 1, drop m2-l1's second objective.
    first!.lessons.reverse();
    first!.lessons.push(second!.lessons.pop()!);
    second!.lessons[0]!.objectives.pop();

    const result = normalizeEditedOutline(edited, request);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const modules = result.outline.modules;
    expect(modules.map((module) => module.lessons.map((lesson) => `${lesson.id}=${lesson.title}`))).toEqual([
      ["m1-l1=Lesson 1.2 title", "m1-l2=Lesson 1.1 title", "m1-l3=Lesson 2.2 title"],
      ["m2-l1=Lesson 2.1 title"],
    ]);
    expect(modules[0]!.lessons[2]!.objectives.map((objective) => `${objective.id}=${objective.text}`)).toEqual([
      "m1-l3-o1=Explain idea A of 2.2",
      "m1-l3-o2=Apply idea B of 2.2",
    ]);
    expect(modules[1]!.lessons[0]!.objectives.map((objective) => objective.id)).toEqual(["m2-l1-o1"]);
  });

  it("accepts a new lesson whose id is a placeholder in the right form and numbers it", () => {
    const edited = outline();
    edited.modules[1]!.lessons.unshift({
      id: "m9-l9",
      title: "A new first lesson",
      summary: "Added by the teacher.",
      objectives: [{ id: "m9-l9-o1", text: "Describe the new idea" }],
      keyPoints: ["The new idea"],
    });
    const result = normalizeEditedOutline(edited, request);
    expect(result.ok && result.outline.modules[1]!.lessons.map((lesson) => lesson.id)).toEqual([
      "m2-l1",
      "m2-l2",
      "m2-l3",
    ]);
    expect(result.ok && result.outline.modules[1]!.lessons[0]!.objectives[0]!.id).toBe("m2-l1-o1");
  });

  it("takes topic, audience, level and language from the request", () => {
    const result = normalizeEditedOutline({ ...outline(), topic: "Something else", level: "advanced" }, request);
    expect(result.ok && [result.outline.topic, result.outline.level]).toEqual([request.topic, request.level]);
  });

  it("reports duplicate ids with their paths", () => {
    const edited = outline();
    edited.modules[1]!.lessons[0]!.id = "m1-l1";
    edited.modules[0]!.lessons[1]!.objectives[0]!.id = "m1-l1-o1";
    const result = normalizeEditedOutline(edited, request);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((issue) => issue.path)).toEqual([
      ["modules", 0, "lessons", 1, "objectives", 0, "id"],
      ["modules", 1, "lessons", 0, "id"],
    ]);
  });

  it("enforces the bounds: at least one lesson per module, at most 12 modules and 10 lessons each", () => {
    const empty = outline();
    empty.modules[0]!.lessons = [];
    expect(normalizeEditedOutline(empty, request)).toMatchObject({
      ok: false,
      issues: [{ path: ["modules", 0, "lessons"] }],
    });

    const crowded = outline();
    const lesson = crowded.modules[0]!.lessons[0]!;
    crowded.modules[0]!.lessons = Array.from({ length: 11 }, (_, index) => ({
      ...lesson,
      id: `m1-l${index + 1}`,
      objectives: [{ id: `m1-l${index + 1}-o1`, text: "Explain" }],
    }));
    expect(normalizeEditedOutline(crowded, request)).toMatchObject({
      ok: false,
      issues: [{ path: ["modules", 0, "lessons"] }],
    });

    const many = outline();
    many.modules = Array.from({ length: 13 }, (_, index) => ({
      ...many.modules[0]!,
      id: `m${index + 1}`,
      lessons: [],
    }));
    const result = normalizeEditedOutline(many, request);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.some((issue) => issue.path.length === 1 && issue.path[0] === "modules")).toBe(
      true,
    );
  });

  it("rejects what is not an outline at all, and unknown fields", () => {
    expect(normalizeEditedOutline("nope", request).ok).toBe(false);
    const result = normalizeEditedOutline({ ...outline(), extra: 1 }, request);
    expect(!result.ok && result.issues[0]!.path).toEqual(["extra"]);
  });
});
