import { Course } from "./format.ts";
import type { CourseLesson } from "./format.ts";
import { formatIssuePath, issuesFromZod, type CourseIssue } from "./issues.ts";
import { repeats } from "./text-compare.ts";

/** The outcome of {@link validateCourse}. */
export type CourseValidation =
  { readonly ok: true; readonly course: Course } | { readonly ok: false; readonly issues: CourseIssue[] };

type Path = (string | number)[];

/**
 * Validates any value as a course in format v1: first the schema (shape, id formats, sizes), then
 * the rules a schema cannot express: every id is unique in the course; every correct option id is one
 * of its question's options, listed once; every question's objective is an objective of its lesson;
 * the options of a question are distinct. Never throws.
 */
export function validateCourse(value: unknown): CourseValidation {
  const parsed = Course.safeParse(value);
  if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error) };
  const course = parsed.data;
  const issues: CourseIssue[] = [...duplicateIds(course)];
  course.modules.forEach((module, moduleIndex) => {
    module.lessons.forEach((lesson, lessonIndex) =>
      issues.push(...lessonIssues(lesson, ["modules", moduleIndex, "lessons", lessonIndex])),
    );
  });
  return issues.length === 0 ? { ok: true, course } : { ok: false, issues };
}

function* idsOf(course: Course): Generator<{ id: string; path: Path }> {
  yield { id: course.id, path: ["id"] };
  for (const [moduleIndex, module] of course.modules.entries()) {
    const modulePath: Path = ["modules", moduleIndex];
    yield { id: module.id, path: [...modulePath, "id"] };
    for (const [lessonIndex, lesson] of module.lessons.entries()) {
      const lessonPath: Path = [...modulePath, "lessons", lessonIndex];
      yield { id: lesson.id, path: [...lessonPath, "id"] };
      for (const [index, objective] of lesson.objectives.entries())
        yield { id: objective.id, path: [...lessonPath, "objectives", index, "id"] };
      for (const [index, section] of lesson.sections.entries())
        yield { id: section.id, path: [...lessonPath, "sections", index, "id"] };
      for (const [questionIndex, question] of lesson.quiz.questions.entries()) {
        const questionPath: Path = [...lessonPath, "quiz", "questions", questionIndex];
        yield { id: question.id, path: [...questionPath, "id"] };
        if (question.type === "single_choice" || question.type === "multiple_choice") {
          for (const [index, option] of question.options.entries())
            yield { id: option.id, path: [...questionPath, "options", index, "id"] };
        }
      }
    }
  }
}

function duplicateIds(course: Course): CourseIssue[] {
  const firstPath = new Map<string, Path>();
  const issues: CourseIssue[] = [];
  for (const { id, path } of idsOf(course)) {
    const first = firstPath.get(id);
    if (first === undefined) firstPath.set(id, path);
    else
      issues.push({
        path,
        message: `duplicate id "${id}", already used at ${formatIssuePath(first)}; ids must be unique in a course`,
      });
  }
  return issues;
}

function lessonIssues(lesson: CourseLesson, lessonPath: Path): CourseIssue[] {
  const issues: CourseIssue[] = [];
  const objectiveIds = lesson.objectives.map((objective) => objective.id);
  lesson.quiz.questions.forEach((question, questionIndex) => {
    const path: Path = [...lessonPath, "quiz", "questions", questionIndex];
    if (!objectiveIds.includes(question.objectiveId)) {
      issues.push({
        path: [...path, "objectiveId"],
        message: `"${question.objectiveId}" is not an objective of this lesson; expected one of ${objectiveIds.join(", ")}`,
      });
    }
    if (question.type !== "single_choice" && question.type !== "multiple_choice") return;
    const optionIds = question.options.map((option) => option.id);
    const notAnOption = (id: string) =>
      `"${id}" is not the id of one of this question's options (${optionIds.join(", ")})`;
    if (question.type === "single_choice" && !optionIds.includes(question.correctOptionId)) {
      issues.push({ path: [...path, "correctOptionId"], message: notAnOption(question.correctOptionId) });
    }
    if (question.type === "multiple_choice") {
      question.correctOptionIds.forEach((id, index) => {
        if (!optionIds.includes(id))
          issues.push({ path: [...path, "correctOptionIds", index], message: notAnOption(id) });
        else if (question.correctOptionIds.indexOf(id) !== index)
          issues.push({
            path: [...path, "correctOptionIds", index],
            message: `repeats "${id}"; list each correct option once`,
          });
      });
    }
    for (const { index, firstIndex } of repeats(question.options.map((option) => option.text))) {
      issues.push({
        path: [...path, "options", index, "text"],
        message: `same text as options[${firstIndex}]; the options of a question must be distinct`,
      });
    }
  });
  return issues;
}
