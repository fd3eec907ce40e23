import { CourseforgeError } from "../errors/index.ts";
import type { LessonDraft, OutlineDraft, QuizDraft, QuizQuestionDraft } from "./drafts.ts";
import { courseFormatVersion } from "./format.ts";
import type { Course, CourseLesson, Generation, Lesson, Outline, OutlineLesson, Section } from "./format.ts";
import type { QuizQuestion, Quiz } from "./quiz-format.ts";
import type { CourseRequest } from "./request.ts";

// Ids come from positions only, so converting the same draft twice gives the same ids and a resumed
// job's checkpoints line up with a fresh run's.

/** Turns a planned outline into the course skeleton: module `m1`, lesson `m1-l1`, objective `m1-l1-o1`. */
export function outlineFromDraft(draft: OutlineDraft, request: CourseRequest): Outline {
  return {
    title: draft.title,
    description: draft.description,
    topic: request.topic,
    audience: request.audience,
    level: request.level,
    language: request.language,
    modules: draft.modules.map((module, moduleIndex) => {
      const moduleId = `m${moduleIndex + 1}`;
      return {
        id: moduleId,
        title: module.title,
        summary: module.summary,
        lessons: module.lessons.map((lesson, lessonIndex) => {
          const lessonId = `${moduleId}-l${lessonIndex + 1}`;
          return {
            id: lessonId,
            title: lesson.title,
            summary: lesson.summary,
            objectives: lesson.objectives.map((text, index) => ({ id: `${lessonId}-o${index + 1}`, text })),
            keyPoints: [...lesson.keyPoints],
          };
        }),
      };
    }),
  };
}

/**
 * Turns written lesson content into a {@link Lesson} of the planned lesson. Sections come in reading
 * order: introduction, explanations…, worked_example, activity, summary; ids `m1-l1-s1`, `m1-l1-s2`, …
 */
export function lessonFromDraft(draft: LessonDraft, outlineLesson: OutlineLesson): Lesson {
  const parts: { kind: Section["kind"]; title: string; body: string }[] = [
    { kind: "introduction", ...draft.introduction },
    ...draft.explanations.map((explanation) => ({ kind: "explanation" as const, ...explanation })),
    { kind: "worked_example", ...draft.workedExample },
    { kind: "activity", ...draft.activity },
    { kind: "summary", ...draft.summary },
  ];
  return {
    id: outlineLesson.id,
    title: outlineLesson.title,
    summary: outlineLesson.summary,
    objectives: outlineLesson.objectives.map((objective) => ({ ...objective })),
    keyPoints: [...outlineLesson.keyPoints],
    keyTerms: draft.keyTerms.map((keyTerm) => ({ term: keyTerm.term, definition: keyTerm.definition })),
    sections: parts.map((part, index) => ({
      id: `${outlineLesson.id}-s${index + 1}`,
      kind: part.kind,
      title: part.title,
      body: part.body,
    })),
  };
}

/** The letter of an option index: 0 → `a`, 1 → `b`, … */
export function optionLetter(index: number): string {
  return String.fromCharCode("a".charCodeAt(0) + index);
}

/**
 * Turns a written quiz into the lesson's {@link Quiz}: question `m1-l1-q1`, options `m1-l1-q1-a` …
 * Answer indexes become option ids as they are; an index outside the options yields an id that
 * {@link import("./validate-course.ts").validateCourse} reports.
 */
export function quizFromDraft(draft: QuizDraft, lessonId: string): Quiz {
  return {
    questions: draft.questions.map((question, index) => questionFromDraft(question, `${lessonId}-q${index + 1}`)),
  };
}

/** Turns one written question into a {@link QuizQuestion} with id `id` and options `<id>-a`, `<id>-b`, … */
export function questionFromDraft(question: QuizQuestionDraft, id: string): QuizQuestion {
  const optionId = (index: number) => `${id}-${optionLetter(index)}`;
  const toOptions = (options: readonly string[]) => options.map((text, index) => ({ id: optionId(index), text }));
  const shared = { explanation: question.explanation, objectiveId: question.objectiveId };
  switch (question.type) {
    case "single_choice":
      return {
        id,
        type: "single_choice",
        prompt: question.prompt,
        options: toOptions(question.options),
        correctOptionId: optionId(question.correctOptionIndex),
        ...shared,
      };
    case "multiple_choice":
      return {
        id,
        type: "multiple_choice",
        prompt: question.prompt,
        options: toOptions(question.options),
        correctOptionIds: question.correctOptionIndexes.map(optionId),
        ...shared,
      };
    case "true_false":
      return { id, type: "true_false", prompt: question.statement, answer: question.answer, ...shared };
    case "short_answer":
      return {
        id,
        type: "short_answer",
        prompt: question.prompt,
        acceptedAnswers: [...question.acceptedAnswers],
        ...shared,
      };
  }
}

/** A lesson or quiz the course needs was not produced; the pipeline has a bug if this is thrown. */
export class IncompleteCourseError extends CourseforgeError {
  static readonly code = "COURSE_INCOMPLETE";
  constructor(details: { missingLessons: string[]; missingQuizzes: string[] }) {
    const missing = [
      ...details.missingLessons.map((id) => `lesson ${id}`),
      ...details.missingQuizzes.map((id) => `quiz ${id}`),
    ];
    super("COURSE_INCOMPLETE", `Cannot assemble the course: missing ${missing.join(", ")}.`, {
      details,
      retryable: false,
    });
  }
}

/** Lessons or quizzes keyed by lesson id. */
export type ByLessonId<Value> = ReadonlyMap<string, Value> | Readonly<Record<string, Value>>;

/** Everything {@link assembleCourse} puts together. */
export interface AssembleCourseInput {
  /** The course id (assigned by the caller, e.g. a database id). */
  readonly id: string;
  readonly request: CourseRequest;
  readonly outline: Outline;
  readonly lessons: ByLessonId<Lesson>;
  readonly quizzes: ByLessonId<Quiz>;
  readonly generation: Generation;
}

/**
 * Puts the outline, the written lessons and their quizzes together in outline order. Topic,
 * audience, level and language come from the request. Does not validate: run `validateCourse` on
 * the result before storing it.
 *
 * @throws {IncompleteCourseError} naming every planned lesson without a lesson or a quiz.
 */
export function assembleCourse(input: AssembleCourseInput): Course {
  const missingLessons: string[] = [];
  const missingQuizzes: string[] = [];
  const modules = input.outline.modules.map((module) => ({
    id: module.id,
    title: module.title,
    summary: module.summary,
    lessons: module.lessons.flatMap((outlineLesson): CourseLesson[] => {
      const lesson = lookUp(input.lessons, outlineLesson.id);
      const quiz = lookUp(input.quizzes, outlineLesson.id);
      if (lesson === undefined) missingLessons.push(outlineLesson.id);
      if (quiz === undefined) missingQuizzes.push(outlineLesson.id);
      return lesson === undefined || quiz === undefined ? [] : [{ ...lesson, quiz }];
    }),
  }));
  if (missingLessons.length > 0 || missingQuizzes.length > 0)
    throw new IncompleteCourseError({ missingLessons, missingQuizzes });
  return {
    formatVersion: courseFormatVersion,
    id: input.id,
    title: input.outline.title,
    description: input.outline.description,
    topic: input.request.topic,
    audience: input.request.audience,
    level: input.request.level,
    language: input.request.language,
    modules,
    generation: { ...input.generation, models: [...input.generation.models] },
  };
}

function lookUp<Value>(source: ByLessonId<Value>, lessonId: string): Value | undefined {
  if (source instanceof Map) return source.get(lessonId);
  const record = source as Readonly<Record<string, Value>>;
  return Object.hasOwn(record, lessonId) ? record[lessonId] : undefined;
}
