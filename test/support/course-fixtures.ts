// Small, valid sample documents for the course folder's tests. Not part of the public surface.
import { assembleCourse, lessonFromDraft, outlineFromDraft, quizFromDraft } from "../../src/course/convert.ts";
import type { LessonDraft, OutlineDraft, QuizDraft } from "../../src/course/drafts.ts";
import type { Course, Generation, Lesson, Outline } from "../../src/course/format.ts";
import type { Quiz } from "../../src/course/quiz-format.ts";
import { CourseRequest } from "../../src/course/request.ts";

/** A 2 × 2 request. */
export function sampleRequest(): CourseRequest {
  return CourseRequest.parse({
    topic: "Photosynthesis",
    audience: "high-school students",
    modules: 2,
    lessonsPerModule: 2,
  });
}

/** An outline draft matching {@link sampleRequest}. */
export function sampleOutlineDraft(): OutlineDraft {
  const lesson = (module: number, lesson: number) => ({
    title: `Lesson ${module}.${lesson} title`,
    summary: `What lesson ${module}.${lesson} covers.`,
    objectives: [`Explain idea A of ${module}.${lesson}`, `Apply idea B of ${module}.${lesson}`],
    keyPoints: [`Point one of ${module}.${lesson}`, `Point two of ${module}.${lesson}`],
  });
  return {
    title: "Photosynthesis from light to sugar",
    description: "How plants turn light into chemical energy.",
    modules: [1, 2].map((module) => ({
      title: `Module ${module} title`,
      summary: `What module ${module} covers.`,
      lessons: [lesson(module, 1), lesson(module, 2)],
    })),
  };
}

/** A lesson draft with two explanations. */
export function sampleLessonDraft(): LessonDraft {
  return {
    introduction: { title: "Why it matters", body: "Plants feed almost every food chain." },
    explanations: [
      { title: "Light reactions", body: "Chlorophyll absorbs light.\n\n## Where\n\nIn the thylakoids." },
      { title: "Calvin cycle", body: "CO2 is fixed into sugar." },
    ],
    workedExample: {
      title: "A leaf in sunlight",
      body: "Follow one photon:\n\n```python\n# not a heading\nprint(1)\n```",
    },
    activity: { title: "Leaf disk experiment", body: "Float leaf disks in baking-soda water." },
    summary: { title: "Takeaways", body: "- Light in\n- Sugar out" },
    keyTerms: [
      { term: "Chlorophyll", definition: "The green pigment that absorbs light." },
      { term: "Stroma", definition: "The fluid where the Calvin cycle runs." },
    ],
  };
}

/** A quiz draft with one question of each type, testing `objectiveIds` in turn. */
export function sampleQuizDraft(objectiveIds: readonly [string, string]): QuizDraft {
  const [first, second] = objectiveIds;
  return {
    questions: [
      {
        type: "single_choice",
        prompt: "Where do the light reactions happen?",
        options: ["Stroma", "Thylakoid membrane", "Nucleus", "Cell wall"],
        correctOptionIndex: 1,
        explanation: "They need the membrane-bound photosystems.",
        objectiveId: first,
      },
      {
        type: "multiple_choice",
        prompt: "Which are products of photosynthesis?",
        options: ["Glucose", "Oxygen", "Carbon dioxide", "Nitrogen"],
        correctOptionIndexes: [0, 1],
        explanation: "CO2 is an input; nitrogen is not involved.",
        objectiveId: second,
      },
      {
        type: "true_false",
        statement: "The Calvin cycle needs light directly.",
        answer: false,
        explanation: "It uses ATP and NADPH.",
        objectiveId: first,
      },
      {
        type: "short_answer",
        prompt: "Name the green pigment.",
        acceptedAnswers: ["chlorophyll", "chlorophyll a"],
        explanation: "It absorbs red and blue light.",
        objectiveId: second,
      },
    ],
  };
}

/** The generation record of the sample course. */
export function sampleGeneration(): Generation {
  return {
    provider: "simulator",
    models: ["sim-large"],
    simulated: true,
    createdAt: "2025-01-31T12:00:00.000Z",
    promptTokens: 1200,
    completionTokens: 3400,
    cachedPromptTokens: 800,
    costUsd: 0.0123,
    llmCalls: 9,
  };
}

/** The sample outline, lessons and quizzes, converted from the sample drafts. */
export function sampleParts(): { outline: Outline; lessons: Map<string, Lesson>; quizzes: Map<string, Quiz> } {
  const outline = outlineFromDraft(sampleOutlineDraft(), sampleRequest());
  const lessons = new Map<string, Lesson>();
  const quizzes = new Map<string, Quiz>();
  for (const module of outline.modules) {
    for (const outlineLesson of module.lessons) {
      lessons.set(outlineLesson.id, lessonFromDraft(sampleLessonDraft(), outlineLesson));
      const [first, second] = outlineLesson.objectives;
      if (first === undefined || second === undefined)
        throw new Error("the sample outline has two objectives per lesson");
      quizzes.set(outlineLesson.id, quizFromDraft(sampleQuizDraft([first.id, second.id]), outlineLesson.id));
    }
  }
  return { outline, lessons, quizzes };
}

/** A valid 2 × 2 course assembled from the sample drafts. */
export function sampleCourse(): Course {
  return assembleCourse({
    id: "crs_sample",
    request: sampleRequest(),
    ...sampleParts(),
    generation: sampleGeneration(),
  });
}
