import { describe, expect, it } from "vitest";
import { CourseforgeError } from "../errors/index.ts";
import { assembleCourse, IncompleteCourseError, lessonFromDraft, outlineFromDraft, quizFromDraft } from "./convert.ts";
import { Lesson, Outline } from "./format.ts";
import { Quiz } from "./quiz-format.ts";
import {
  sampleGeneration,
  sampleLessonDraft,
  sampleOutlineDraft,
  sampleParts,
  sampleQuizDraft,
  sampleRequest,
} from "../../test/support/course-fixtures.ts";
import { validateCourse } from "./validate-course.ts";

describe("outlineFromDraft", () => {
  it("assigns module, lesson and objective ids from positions and copies the request context", () => {
    const outline = outlineFromDraft(sampleOutlineDraft(), sampleRequest());
    expect(outline.modules.map((module) => module.id)).toEqual(["m1", "m2"]);
    expect(outline.modules[1]?.lessons.map((lesson) => lesson.id)).toEqual(["m2-l1", "m2-l2"]);
    expect(outline.modules[1]?.lessons[0]?.objectives).toEqual([
      { id: "m2-l1-o1", text: "Explain idea A of 2.1" },
      { id: "m2-l1-o2", text: "Apply idea B of 2.1" },
    ]);
    expect(outline).toMatchObject({
      title: "Photosynthesis from light to sugar",
      topic: "Photosynthesis",
      audience: "high-school students",
      level: "beginner",
      language: "en",
    });
    expect(Outline.parse(outline)).toEqual(outline);
  });

  it("is deterministic", () => {
    expect(outlineFromDraft(sampleOutlineDraft(), sampleRequest())).toEqual(
      outlineFromDraft(sampleOutlineDraft(), sampleRequest()),
    );
  });
});

describe("lessonFromDraft", () => {
  const outlineLesson = outlineFromDraft(sampleOutlineDraft(), sampleRequest()).modules[0]!.lessons[1]!;

  it("orders sections introduction, explanations, worked example, activity, summary, with ids", () => {
    const lesson = lessonFromDraft(sampleLessonDraft(), outlineLesson);
    expect(lesson.sections.map((section) => [section.id, section.kind, section.title])).toEqual([
      ["m1-l2-s1", "introduction", "Why it matters"],
      ["m1-l2-s2", "explanation", "Light reactions"],
      ["m1-l2-s3", "explanation", "Calvin cycle"],
      ["m1-l2-s4", "worked_example", "A leaf in sunlight"],
      ["m1-l2-s5", "activity", "Leaf disk experiment"],
      ["m1-l2-s6", "summary", "Takeaways"],
    ]);
    expect(lesson.sections[4]?.body).toBe("Float leaf disks in baking-soda water.");
  });

  it("keeps the planned id, title, objectives and key points and the drafted key terms", () => {
    const lesson = lessonFromDraft(sampleLessonDraft(), outlineLesson);
    expect(lesson).toMatchObject({
      id: "m1-l2",
      title: outlineLesson.title,
      summary: outlineLesson.summary,
      objectives: outlineLesson.objectives,
      keyPoints: outlineLesson.keyPoints,
    });
    expect(lesson.keyTerms.map((keyTerm) => keyTerm.term)).toEqual(["Chlorophyll", "Stroma"]);
    expect(Lesson.parse(lesson)).toEqual(lesson);
  });
});

describe("quizFromDraft", () => {
  const quiz = quizFromDraft(sampleQuizDraft(["m1-l1-o1", "m1-l1-o2"]), "m1-l1");

  it("assigns question and option ids and turns answer indexes into option ids", () => {
    const [single, multiple, trueFalse, shortAnswer] = quiz.questions;
    expect(single).toMatchObject({
      id: "m1-l1-q1",
      type: "single_choice",
      correctOptionId: "m1-l1-q1-b",
      objectiveId: "m1-l1-o1",
    });
    if (single?.type !== "single_choice") throw new Error("expected a single-choice question first");
    expect(single.options).toEqual([
      { id: "m1-l1-q1-a", text: "Stroma" },
      { id: "m1-l1-q1-b", text: "Thylakoid membrane" },
      { id: "m1-l1-q1-c", text: "Nucleus" },
      { id: "m1-l1-q1-d", text: "Cell wall" },
    ]);
    expect(multiple).toMatchObject({
      id: "m1-l1-q2",
      type: "multiple_choice",
      correctOptionIds: ["m1-l1-q2-a", "m1-l1-q2-b"],
    });
    expect(trueFalse).toEqual({
      id: "m1-l1-q3",
      type: "true_false",
      prompt: "The Calvin cycle needs light directly.",
      answer: false,
      explanation: "It uses ATP and NADPH.",
      objectiveId: "m1-l1-o1",
    });
    expect(shortAnswer).toMatchObject({
      id: "m1-l1-q4",
      type: "short_answer",
      acceptedAnswers: ["chlorophyll", "chlorophyll a"],
    });
    expect(Quiz.parse(quiz)).toEqual(quiz);
  });
});

describe("assembleCourse", () => {
  it("puts lessons and quizzes in outline order and yields a valid course", () => {
    const parts = sampleParts();
    const course = assembleCourse({ id: "crs_1", request: sampleRequest(), ...parts, generation: sampleGeneration() });
    expect(course.formatVersion).toBe("1");
    expect(course.modules.flatMap((module) => module.lessons.map((lesson) => lesson.id))).toEqual([
      "m1-l1",
      "m1-l2",
      "m2-l1",
      "m2-l2",
    ]);
    expect(course.modules[1]?.lessons[0]?.quiz).toBe(parts.quizzes.get("m2-l1"));
    expect(validateCourse(course)).toEqual({ ok: true, course });
  });

  it("accepts records as well as maps", () => {
    const parts = sampleParts();
    const fromMaps = assembleCourse({
      id: "crs_1",
      request: sampleRequest(),
      ...parts,
      generation: sampleGeneration(),
    });
    const fromRecords = assembleCourse({
      id: "crs_1",
      request: sampleRequest(),
      outline: parts.outline,
      lessons: Object.fromEntries(parts.lessons),
      quizzes: Object.fromEntries(parts.quizzes),
      generation: sampleGeneration(),
    });
    expect(fromRecords).toEqual(fromMaps);
  });

  it("names every missing lesson and quiz", () => {
    const parts = sampleParts();
    parts.lessons.delete("m1-l2");
    parts.quizzes.delete("m2-l1");
    parts.quizzes.delete("m1-l2");
    let caught: unknown;
    try {
      assembleCourse({ id: "crs_1", request: sampleRequest(), ...parts, generation: sampleGeneration() });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IncompleteCourseError);
    expect(CourseforgeError.isInstance(caught)).toBe(true);
    expect((caught as IncompleteCourseError).details).toEqual({
      missingLessons: ["m1-l2"],
      missingQuizzes: ["m1-l2", "m2-l1"],
    });
    expect((caught as IncompleteCourseError).code).toBe("COURSE_INCOMPLETE");
  });
});
