import { describe, expect, it } from "vitest";
import { checkLessonDraft, checkOutline, checkQuizDraft } from "./check-drafts.ts";
import { outlineFromDraft } from "./convert.ts";
import type { QuizDraft } from "./drafts.ts";
import {
  sampleLessonDraft,
  sampleOutlineDraft,
  sampleQuizDraft,
  sampleRequest,
} from "../../test/support/course-fixtures.ts";

const size = { modules: 2, lessonsPerModule: 2 };

describe("checkOutline", () => {
  it("passes a draft and an outline with ids that match the request", () => {
    expect(checkOutline(sampleOutlineDraft(), size)).toEqual([]);
    expect(checkOutline(outlineFromDraft(sampleOutlineDraft(), sampleRequest()), size)).toEqual([]);
  });

  it("reports module and lesson counts that differ from the request", () => {
    expect(checkOutline(sampleOutlineDraft(), { modules: 3, lessonsPerModule: 1 })).toEqual([
      { path: ["modules"], message: "expected exactly 3 modules, got 2" },
      { path: ["modules", 0, "lessons"], message: "expected exactly 1 lessons in this module, got 2" },
      { path: ["modules", 1, "lessons"], message: "expected exactly 1 lessons in this module, got 2" },
    ]);
  });

  it("reports a lesson title repeated within a module (trimmed, any case), not across modules", () => {
    const draft = sampleOutlineDraft();
    draft.modules[1]!.lessons[1]!.title = `  ${draft.modules[1]!.lessons[0]!.title.toUpperCase()} `;
    draft.modules[0]!.lessons[0]!.title = draft.modules[1]!.lessons[0]!.title;
    expect(checkOutline(draft, size)).toEqual([
      { path: ["modules", 1, "lessons", 1, "title"], message: expect.stringContaining("same title as lessons[0]") },
    ]);
  });

  it("reports repeated module titles, repeated objectives and blank titles", () => {
    const outline = outlineFromDraft(sampleOutlineDraft(), sampleRequest());
    const modules = outline.modules.map((module) => ({
      ...module,
      lessons: module.lessons.map((lesson) => ({ ...lesson })),
    }));
    modules[1]!.title = modules[0]!.title;
    modules[0]!.lessons[1]!.title = " ";
    modules[0]!.lessons[0]!.objectives = [
      modules[0]!.lessons[0]!.objectives[0]!,
      { id: "m1-l1-o2", text: modules[0]!.lessons[0]!.objectives[0]!.text },
    ];
    expect(checkOutline({ ...outline, title: "", modules }, size).map((issue) => issue.path)).toEqual([
      ["title"],
      ["modules", 1, "title"],
      ["modules", 0, "lessons", 0, "objectives", 1],
      ["modules", 0, "lessons", 1, "title"],
    ]);
  });
});

describe("checkLessonDraft", () => {
  it("passes the sample lesson", () => {
    expect(checkLessonDraft(sampleLessonDraft())).toEqual([]);
  });

  it("reports blank titles and bodies at their field", () => {
    const draft = sampleLessonDraft();
    draft.workedExample.body = " \n ";
    draft.explanations[1]!.title = "";
    draft.keyTerms[0]!.definition = "  ";
    expect(checkLessonDraft(draft).map((issue) => issue.path)).toEqual([
      ["explanations", 1, "title"],
      ["workedExample", "body"],
      ["keyTerms", 0, "definition"],
    ]);
  });

  it("reports repeated key terms and explanation titles", () => {
    const draft = sampleLessonDraft();
    draft.keyTerms[1]!.term = " chlorophyll";
    draft.explanations[1]!.title = "light REACTIONS";
    expect(checkLessonDraft(draft)).toEqual([
      { path: ["explanations", 1, "title"], message: expect.stringContaining("explanations[0]") },
      { path: ["keyTerms", 1, "term"], message: "same term as keyTerms[0]; list each term once" },
    ]);
  });
});

describe("checkQuizDraft", () => {
  const objectiveIds = ["m1-l1-o1", "m1-l1-o2"] as const;
  const withQuestion = (
    index: number,
    change: (question: QuizDraft["questions"][number]) => QuizDraft["questions"][number],
  ): QuizDraft => {
    const draft = sampleQuizDraft(objectiveIds);
    return {
      questions: draft.questions.map((question, position) => (position === index ? change(question) : question)),
    };
  };

  it("passes the sample quiz", () => {
    expect(checkQuizDraft(sampleQuizDraft(objectiveIds), objectiveIds)).toEqual([]);
  });

  it("reports repeated multiple-choice indexes", () => {
    const draft = withQuestion(1, (question) => ({ ...question, correctOptionIndexes: [0, 2, 0] }) as typeof question);
    expect(checkQuizDraft(draft, objectiveIds)).toEqual([
      { path: ["questions", 1, "correctOptionIndexes", 2], message: "repeats index 0; list each correct option once" },
    ]);
  });

  it("reports options of one question that are equal after trimming, ignoring case", () => {
    const draft = withQuestion(
      0,
      (question) => ({ ...question, options: ["Stroma", "Thylakoid", " stroma ", "Nucleus"] }) as typeof question,
    );
    expect(checkQuizDraft(draft, objectiveIds)).toEqual([
      {
        path: ["questions", 0, "options", 2],
        message: "same text as options[0]; the options of a question must be distinct",
      },
    ]);
  });

  it("reports an objective that is not the lesson's, and an objective no question tests", () => {
    const draft = withQuestion(1, (question) => ({ ...question, objectiveId: "m1-l1-o3" }));
    const shortAnswer = draft.questions[3]!;
    draft.questions[3] = { ...shortAnswer, objectiveId: "m1-l1-o1" };
    expect(checkQuizDraft(draft, objectiveIds)).toEqual([
      {
        path: ["questions", 1, "objectiveId"],
        message: `"m1-l1-o3" is not an objective of this lesson; use one of m1-l1-o1, m1-l1-o2`,
      },
      { path: ["questions"], message: "no question tests objective m1-l1-o2; test every objective at least once" },
    ]);
  });

  it("does not require every objective to be tested when there are fewer questions than objectives", () => {
    const draft = sampleQuizDraft(objectiveIds);
    expect(
      checkQuizDraft({ questions: draft.questions.slice(0, 3) }, ["m1-l1-o1", "m1-l1-o2", "m1-l1-o3", "m1-l1-o4"]),
    ).toEqual([]);
  });

  it("reports an answer index outside the options", () => {
    const draft = withQuestion(0, (question) => ({ ...question, correctOptionIndex: 7 }) as typeof question);
    expect(checkQuizDraft(draft, objectiveIds)).toEqual([
      { path: ["questions", 0, "correctOptionIndex"], message: "must be an index of options, from 0 to 3" },
    ]);
  });

  it("reports blank and repeated texts at their field", () => {
    const draft = withQuestion(
      2,
      (question) => ({ ...question, statement: "Where do the LIGHT reactions happen?" }) as typeof question,
    );
    draft.questions[3] = {
      ...draft.questions[3]!,
      acceptedAnswers: ["chlorophyll", "Chlorophyll "],
      explanation: " ",
    } as (typeof draft.questions)[number];
    expect(checkQuizDraft(draft, objectiveIds).map((issue) => issue.path)).toEqual([
      ["questions", 3, "explanation"],
      ["questions", 3, "acceptedAnswers", 1],
      ["questions", 2, "statement"],
    ]);
  });
});
