import { z } from "zod";
import { idPatterns } from "./format-parts.ts";
import type { Course, CourseLesson, CourseModule, Section } from "./format.ts";
import type { QuizQuestion } from "./quiz-format.ts";

/** The longest instruction a teacher may give (characters): an instruction is a wish, not a document. */
export const maxInstructionLength = 2_000;

/** What a revision may rewrite: a lesson (and its quiz), one section, a quiz, one question, or the outline's wording. */
export const revisionTargetKinds = ["lesson", "section", "quiz", "question", "outline"] as const;

/** A kind of revision target. */
export type RevisionTargetKind = (typeof revisionTargetKinds)[number];

/** The id pattern each target kind takes (`quiz` is named by its lesson's id; `outline` takes none). */
const targetIdPatterns: Record<Exclude<RevisionTargetKind, "outline">, { pattern: RegExp; example: string }> = {
  lesson: { pattern: idPatterns.lesson, example: "m1-l2" },
  section: { pattern: idPatterns.section, example: "m1-l2-s3" },
  quiz: { pattern: idPatterns.lesson, example: "m1-l2 (the quiz of that lesson)" },
  question: { pattern: idPatterns.question, example: "m1-l2-q3" },
};

/** The part of a course a revision rewrites. */
export const RevisionTarget = z
  .strictObject({
    kind: z.enum(revisionTargetKinds, { error: `must be one of ${revisionTargetKinds.join(", ")}` }),
    id: z
      .string()
      .max(64)
      .optional()
      .describe("The part's id: m1-l2 (lesson, quiz), m1-l2-s3 (section), m1-l2-q3 (question); none for outline."),
  })
  .superRefine((target, context) => {
    if (target.kind === "outline") {
      if (target.id !== undefined && target.id !== "outline")
        context.addIssue({ code: "custom", path: ["id"], message: "the outline target takes no id" });
      return;
    }
    const { pattern, example } = targetIdPatterns[target.kind];
    if (target.id === undefined || !pattern.test(target.id))
      context.addIssue({
        code: "custom",
        path: ["id"],
        message: `a ${target.kind} target needs an id like "${example}"`,
      });
  });

/** The part of a course a revision rewrites. */
export type RevisionTarget = z.output<typeof RevisionTarget>;

/** The part a target names, found in a course. */
export type LocatedTarget =
  | { readonly kind: "lesson" | "quiz"; readonly module: CourseModule; readonly lesson: CourseLesson }
  | {
      readonly kind: "section";
      readonly module: CourseModule;
      readonly lesson: CourseLesson;
      readonly section: Section;
    }
  | {
      readonly kind: "question";
      readonly module: CourseModule;
      readonly lesson: CourseLesson;
      readonly question: QuizQuestion;
    }
  | { readonly kind: "outline" };

/** Finds the part `target` names in `course`; `undefined` when the course has no such part. */
export function locateTarget(course: Course, target: RevisionTarget): LocatedTarget | undefined {
  if (target.kind === "outline") return { kind: "outline" };
  for (const module of course.modules) {
    for (const lesson of module.lessons) {
      if ((target.kind === "lesson" || target.kind === "quiz") && lesson.id === target.id)
        return { kind: target.kind, module, lesson };
      if (target.kind === "section") {
        const section = lesson.sections.find((candidate) => candidate.id === target.id);
        if (section) return { kind: "section", module, lesson, section };
      }
      if (target.kind === "question") {
        const question = lesson.quiz.questions.find((candidate) => candidate.id === target.id);
        if (question) return { kind: "question", module, lesson, question };
      }
    }
  }
  return undefined;
}

/** How a target reads in messages: `lesson m1-l2`, `the outline`. */
export function describeTarget(target: RevisionTarget): string {
  return target.kind === "outline" ? "the outline" : `${target.kind} ${target.id ?? ""}`.trim();
}

function mapLessons(course: Course, change: (lesson: CourseLesson) => CourseLesson): Course {
  return {
    ...course,
    modules: course.modules.map((module) => ({ ...module, lessons: module.lessons.map(change) })),
  };
}

/** The course with lesson `lessonId` replaced by `replacement` (ids kept by the caller). */
export function replaceLesson(course: Course, lessonId: string, replacement: CourseLesson): Course {
  return mapLessons(course, (lesson) => (lesson.id === lessonId ? replacement : lesson));
}

/** The course with section `sectionId` replaced (same id, same kind). */
export function replaceSection(course: Course, sectionId: string, replacement: Omit<Section, "id" | "kind">): Course {
  return mapLessons(course, (lesson) =>
    lesson.sections.some((section) => section.id === sectionId)
      ? {
          ...lesson,
          sections: lesson.sections.map((section) => {
            if (section.id !== sectionId) return section;
            const { citations, ...rest } = replacement;
            return { id: section.id, kind: section.kind, ...rest, ...(citations === undefined ? {} : { citations }) };
          }),
        }
      : lesson,
  );
}

/** The course with question `questionId` replaced; the replacement takes its id (and option ids from it). */
export function replaceQuestion(course: Course, questionId: string, replacement: QuizQuestion): Course {
  return mapLessons(course, (lesson) =>
    lesson.quiz.questions.some((question) => question.id === questionId)
      ? {
          ...lesson,
          quiz: {
            questions: lesson.quiz.questions.map((question) => (question.id === questionId ? replacement : question)),
          },
        }
      : lesson,
  );
}

/** The wording of an outline: titles, description and summaries, in the course's shape. */
export interface OutlineWording {
  readonly title: string;
  readonly description: string;
  readonly modules: readonly {
    readonly title: string;
    readonly summary: string;
    readonly lessons: readonly { readonly title: string; readonly summary: string }[];
  }[];
}

/**
 * The course with its outline's wording replaced: course title and description, module and lesson
 * titles and summaries. Structure, ids, objectives and everything written stay as they are.
 */
export function replaceOutlineWording(course: Course, wording: OutlineWording): Course {
  return {
    ...course,
    title: wording.title,
    description: wording.description,
    modules: course.modules.map((module, moduleIndex) => {
      const moduleWording = wording.modules[moduleIndex];
      if (moduleWording === undefined) return module;
      return {
        ...module,
        title: moduleWording.title,
        summary: moduleWording.summary,
        lessons: module.lessons.map((lesson, lessonIndex) => {
          const lessonWording = moduleWording.lessons[lessonIndex];
          return lessonWording === undefined
            ? lesson
            : { ...lesson, title: lessonWording.title, summary: lessonWording.summary };
        }),
      };
    }),
  };
}
