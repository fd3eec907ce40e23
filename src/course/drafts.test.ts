import { describe, expect, it } from "vitest";
import { lessonDraftSchema, outlineDraftSchema, quizDraftSchema } from "./drafts.ts";
import { issuesFromZod } from "./issues.ts";
import { draftJsonSchema, findStrictModeViolations, type JsonSchemaObject } from "./strict-json-schema.ts";
import { sampleLessonDraft, sampleOutlineDraft, sampleQuizDraft } from "../../test/support/course-fixtures.ts";

const objectiveIds = ["m1-l1-o1", "m1-l1-o2"] as const;

function at(schema: JsonSchemaObject, ...keys: string[]): JsonSchemaObject {
  let node: unknown = schema;
  for (const key of keys) node = (node as Record<string, unknown>)[key];
  return node as JsonSchemaObject;
}

describe("draft JSON Schemas fit OpenAI strict mode and the llama.cpp grammar", () => {
  it.each([
    ["outline", () => outlineDraftSchema({ modules: 3, lessonsPerModule: 4 })],
    ["lesson", () => lessonDraftSchema()],
    ["quiz", () => quizDraftSchema({ objectiveIds })],
  ])("%s: closed objects, all required, no oneOf, bounded strings, arrays and integers", (_name, build) => {
    const schema = draftJsonSchema(build());
    expect(findStrictModeViolations(schema)).toEqual([]);
    expect(JSON.stringify(schema)).not.toContain('"oneOf"');
  });

  it("fixes the outline's module and lesson counts from the request", () => {
    const schema = draftJsonSchema(outlineDraftSchema({ modules: 3, lessonsPerModule: 4 }));
    const modules = at(schema, "properties", "modules");
    expect([modules["minItems"], modules["maxItems"]]).toEqual([3, 3]);
    const lessons = at(modules, "items", "properties", "lessons");
    expect([lessons["minItems"], lessons["maxItems"]]).toEqual([4, 4]);
    const lesson = at(lessons, "items", "properties");
    expect([at(lesson, "objectives")["minItems"], at(lesson, "objectives")["maxItems"]]).toEqual([2, 4]);
    expect([at(lesson, "keyPoints")["minItems"], at(lesson, "keyPoints")["maxItems"]]).toEqual([2, 5]);
  });

  it("emits the quiz questions as anyOf of four shapes whose objectiveId is an enum of the given ids", () => {
    const items = at(draftJsonSchema(quizDraftSchema({ objectiveIds })), "properties", "questions", "items");
    const shapes = items["anyOf"] as JsonSchemaObject[];
    expect(shapes.map((shape) => at(shape, "properties", "type")["const"])).toEqual([
      "single_choice",
      "multiple_choice",
      "true_false",
      "short_answer",
    ]);
    for (const shape of shapes) expect(at(shape, "properties", "objectiveId")["enum"]).toEqual([...objectiveIds]);
    expect(at(shapes[0] ?? {}, "properties", "correctOptionIndex")).toMatchObject({
      type: "integer",
      minimum: 0,
      maximum: 3,
    });
    expect(at(shapes[0] ?? {}, "properties", "options")).toMatchObject({ minItems: 4, maxItems: 4 });
  });

  it("refuses to build a quiz schema without objectives", () => {
    expect(() => quizDraftSchema({ objectiveIds: [] })).toThrow(RangeError);
  });
});

describe("draft schemas parse model output", () => {
  it("accept the sample drafts", () => {
    expect(outlineDraftSchema({ modules: 2, lessonsPerModule: 2 }).safeParse(sampleOutlineDraft()).success).toBe(true);
    expect(lessonDraftSchema().safeParse(sampleLessonDraft()).success).toBe(true);
    expect(quizDraftSchema({ objectiveIds }).safeParse(sampleQuizDraft(objectiveIds)).success).toBe(true);
  });

  it("reject an outline with the wrong number of lessons, at the lessons list", () => {
    const result = outlineDraftSchema({ modules: 2, lessonsPerModule: 3 }).safeParse(sampleOutlineDraft());
    expect(result.success).toBe(false);
    expect(issuesFromZod(result.error!).map((issue) => issue.path)).toEqual([
      ["modules", 0, "lessons"],
      ["modules", 1, "lessons"],
    ]);
  });

  it("reject a lesson with a missing section and an extra field", () => {
    const { activity: _activity, ...rest } = sampleLessonDraft();
    const result = lessonDraftSchema().safeParse({ ...rest, conclusion: { title: "x", body: "y" } });
    expect(issuesFromZod(result.error!).map((issue) => issue.path)).toEqual([["activity"], ["conclusion"]]);
  });

  it("reject a question about an unknown objective, at its objectiveId", () => {
    const draft = sampleQuizDraft(objectiveIds);
    const questions = draft.questions.map((question, index) =>
      index === 2 ? { ...question, objectiveId: "m9-l9-o9" } : question,
    );
    const result = quizDraftSchema({ objectiveIds }).safeParse({ questions });
    const issues = issuesFromZod(result.error!);
    expect(issues).toEqual([{ path: ["questions", 2, "objectiveId"], message: expect.stringContaining("m1-l1-o1") }]);
  });

  it("reject a choice question with 3 options and an index out of range, at those fields", () => {
    const draft = sampleQuizDraft(objectiveIds);
    const broken = { ...draft.questions[0], options: ["a", "b", "c"], correctOptionIndex: 4 };
    const result = quizDraftSchema({ objectiveIds }).safeParse({ questions: [broken, ...draft.questions.slice(1)] });
    expect(issuesFromZod(result.error!).map((issue) => issue.path)).toEqual([
      ["questions", 0, "options"],
      ["questions", 0, "correctOptionIndex"],
    ]);
  });
});

describe("draft schemas are built once per shape", () => {
  it("returns the same outline schema for the same counts and another for other counts", () => {
    const schema = outlineDraftSchema({ modules: 2, lessonsPerModule: 4 });
    expect(outlineDraftSchema({ modules: 2, lessonsPerModule: 4 })).toBe(schema);
    expect(outlineDraftSchema({ modules: 4, lessonsPerModule: 2 })).not.toBe(schema);
  });

  it("returns the same quiz schema for the same objective ids, in the same order, and another otherwise", () => {
    const schema = quizDraftSchema({ objectiveIds: ["m1-l1-o1", "m1-l1-o2"] });
    expect(quizDraftSchema({ objectiveIds: ["m1-l1-o1", "m1-l1-o2"] })).toBe(schema);
    const other = quizDraftSchema({ objectiveIds: ["m1-l1-o2", "m1-l1-o1"] });
    expect(other).not.toBe(schema);
    const answer = sampleQuizDraft(["m1-l1-o1", "m1-l1-o2"]);
    expect(quizDraftSchema({ objectiveIds: ["m9-l9-o1", "m9-l9-o2"] }).safeParse(answer).success).toBe(false);
    expect(quizDraftSchema({ objectiveIds: ["m1-l1-o2", "m1-l1-o1"] }).safeParse(answer).success).toBe(true);
  });
});
