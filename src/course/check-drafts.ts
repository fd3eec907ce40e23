import type { LessonDraft, QuizDraft } from "./drafts.ts";
import type { CourseIssue } from "./issues.ts";
import type { CourseRequest } from "./request.ts";
import { isBlank, repeats } from "./text-compare.ts";

// Rules a JSON Schema cannot express. Each issue's path points at the field to change and its
// message says what to do, because the issues go back to the model as retry feedback.

type Path = (string | number)[];

/** The parts of an outline (draft or with ids) that {@link checkOutline} reads. */
export interface OutlineShape {
  readonly title: string;
  readonly modules: readonly {
    readonly title: string;
    readonly lessons: readonly {
      readonly title: string;
      readonly objectives: readonly (string | { readonly text: string })[];
    }[];
  }[];
}

/**
 * Checks an outline (the model's draft, or an {@link import("./format.ts").Outline} a teacher edited)
 * against the request: exactly `modules` modules of exactly `lessonsPerModule` lessons, no blank
 * titles, distinct module titles, distinct lesson titles within a module, distinct objectives within
 * a lesson.
 */
export function checkOutline(
  outline: OutlineShape,
  request: Pick<CourseRequest, "modules" | "lessonsPerModule">,
): CourseIssue[] {
  const issues: CourseIssue[] = [];
  const blank = (path: Path, text: string) =>
    isBlank(text) && issues.push({ path, message: "must not be empty or blank" });
  blank(["title"], outline.title);
  if (outline.modules.length !== request.modules) {
    issues.push({
      path: ["modules"],
      message: `expected exactly ${request.modules} modules, got ${outline.modules.length}`,
    });
  }
  for (const { index, firstIndex } of repeats(outline.modules.map((module) => module.title))) {
    issues.push({
      path: ["modules", index, "title"],
      message: `same title as modules[${firstIndex}]; give each module a distinct title`,
    });
  }
  outline.modules.forEach((module, moduleIndex) => {
    const modulePath = ["modules", moduleIndex];
    blank([...modulePath, "title"], module.title);
    if (module.lessons.length !== request.lessonsPerModule) {
      issues.push({
        path: [...modulePath, "lessons"],
        message: `expected exactly ${request.lessonsPerModule} lessons in this module, got ${module.lessons.length}`,
      });
    }
    for (const { index, firstIndex } of repeats(module.lessons.map((lesson) => lesson.title))) {
      issues.push({
        path: [...modulePath, "lessons", index, "title"],
        message: `same title as lessons[${firstIndex}] of this module; lesson titles must be distinct within a module`,
      });
    }
    module.lessons.forEach((lesson, lessonIndex) => {
      const lessonPath = [...modulePath, "lessons", lessonIndex];
      blank([...lessonPath, "title"], lesson.title);
      const objectives = lesson.objectives.map((objective) =>
        typeof objective === "string" ? objective : objective.text,
      );
      for (const { index, firstIndex } of repeats(objectives)) {
        issues.push({
          path: [...lessonPath, "objectives", index],
          message: `same as objectives[${firstIndex}]; write distinct objectives`,
        });
      }
    });
  });
  return issues;
}

/** Checks written lesson content: no blank titles or bodies, distinct explanation titles, distinct key terms. */
export function checkLessonDraft(draft: LessonDraft): CourseIssue[] {
  const issues: CourseIssue[] = [];
  const checkSection = (path: Path, section: { title: string; body: string }) => {
    if (isBlank(section.title)) issues.push({ path: [...path, "title"], message: "must not be empty or blank" });
    if (isBlank(section.body))
      issues.push({
        path: [...path, "body"],
        message: "must not be empty or blank; write the section's Markdown text",
      });
  };
  checkSection(["introduction"], draft.introduction);
  draft.explanations.forEach((explanation, index) => checkSection(["explanations", index], explanation));
  checkSection(["workedExample"], draft.workedExample);
  checkSection(["activity"], draft.activity);
  checkSection(["summary"], draft.summary);
  for (const { index, firstIndex } of repeats(draft.explanations.map((explanation) => explanation.title))) {
    issues.push({
      path: ["explanations", index, "title"],
      message: `same title as explanations[${firstIndex}]; each explanation covers a different idea`,
    });
  }
  draft.keyTerms.forEach((keyTerm, index) => {
    if (isBlank(keyTerm.term))
      issues.push({ path: ["keyTerms", index, "term"], message: "must not be empty or blank" });
    if (isBlank(keyTerm.definition))
      issues.push({ path: ["keyTerms", index, "definition"], message: "must not be empty or blank" });
  });
  for (const { index, firstIndex } of repeats(draft.keyTerms.map((keyTerm) => keyTerm.term))) {
    issues.push({
      path: ["keyTerms", index, "term"],
      message: `same term as keyTerms[${firstIndex}]; list each term once`,
    });
  }
  return issues;
}

/**
 * Checks a written quiz: every `objectiveId` is one of `objectiveIds`; when there are at least as many
 * questions as objectives, every objective is tested; options of a question are distinct (trimmed,
 * case-insensitive) and not blank; answer indexes point at an option and are not repeated; accepted
 * answers are distinct and not blank; question texts are distinct and not blank.
 */
export function checkQuizDraft(draft: QuizDraft, objectiveIds: readonly string[]): CourseIssue[] {
  const issues: CourseIssue[] = [];
  const known = new Set(objectiveIds);
  const blank = (path: Path, text: string) =>
    isBlank(text) && issues.push({ path, message: "must not be empty or blank" });
  const questionText = (question: QuizDraft["questions"][number]) =>
    question.type === "true_false" ? question.statement : question.prompt;
  draft.questions.forEach((question, questionIndex) => {
    const path: Path = ["questions", questionIndex];
    blank([...path, question.type === "true_false" ? "statement" : "prompt"], questionText(question));
    blank([...path, "explanation"], question.explanation);
    if (!known.has(question.objectiveId)) {
      issues.push({
        path: [...path, "objectiveId"],
        message: `"${question.objectiveId}" is not an objective of this lesson; use one of ${objectiveIds.join(", ")}`,
      });
    }
    if (question.type === "single_choice" || question.type === "multiple_choice") {
      question.options.forEach((option, index) => blank([...path, "options", index], option));
      for (const { index, firstIndex } of repeats(question.options)) {
        issues.push({
          path: [...path, "options", index],
          message: `same text as options[${firstIndex}]; the options of a question must be distinct`,
        });
      }
      const outOfRange = (index: number) => !Number.isInteger(index) || index < 0 || index >= question.options.length;
      const rangeMessage = `must be an index of options, from 0 to ${question.options.length - 1}`;
      if (question.type === "single_choice" && outOfRange(question.correctOptionIndex)) {
        issues.push({ path: [...path, "correctOptionIndex"], message: rangeMessage });
      }
      if (question.type === "multiple_choice") {
        const seen = new Set<number>();
        question.correctOptionIndexes.forEach((optionIndex, index) => {
          if (outOfRange(optionIndex))
            issues.push({ path: [...path, "correctOptionIndexes", index], message: rangeMessage });
          else if (seen.has(optionIndex))
            issues.push({
              path: [...path, "correctOptionIndexes", index],
              message: `repeats index ${optionIndex}; list each correct option once`,
            });
          seen.add(optionIndex);
        });
      }
    }
    if (question.type === "short_answer") {
      question.acceptedAnswers.forEach((answer, index) => blank([...path, "acceptedAnswers", index], answer));
      for (const { index, firstIndex } of repeats(question.acceptedAnswers)) {
        issues.push({
          path: [...path, "acceptedAnswers", index],
          message: `same as acceptedAnswers[${firstIndex}]; list each answer once`,
        });
      }
    }
  });
  for (const { index, firstIndex } of repeats(draft.questions.map(questionText))) {
    const field = draft.questions[index]?.type === "true_false" ? "statement" : "prompt";
    issues.push({
      path: ["questions", index, field],
      message: `same text as questions[${firstIndex}]; ask each question once`,
    });
  }
  if (draft.questions.length >= objectiveIds.length) {
    const tested = new Set(draft.questions.map((question) => question.objectiveId));
    const untested = objectiveIds.filter((id) => !tested.has(id));
    if (untested.length > 0) {
      issues.push({
        path: ["questions"],
        message: `no question tests objective${untested.length === 1 ? "" : "s"} ${untested.join(", ")}; test every objective at least once`,
      });
    }
  }
  return issues;
}
