import { issuesFromZod, Outline, outlineFromDraft, type CourseIssue, type CourseRequest } from "../course/index.ts";

/** The outcome of {@link normalizeEditedOutline}. */
export type EditedOutline =
  { readonly ok: true; readonly outline: Outline } | { readonly ok: false; readonly issues: CourseIssue[] };

type Path = (string | number)[];

/**
 * Checks an outline a person edited during review and puts it in the form the pipeline expects.
 * Checked: the outline schema (1–12 modules of 1–10 lessons, objectives, key points, text lengths,
 * id formats) and that every module, lesson and objective id is unique. Then ids are renumbered
 * from positions (`m1`, `m1-l1`, `m1-l1-o1`, …) so that they stay consistent after lessons were
 * moved, added or removed, and topic, audience, level and language are taken from the request,
 * as in every course. Never throws.
 */
export function normalizeEditedOutline(value: unknown, request: CourseRequest): EditedOutline {
  const parsed = Outline.safeParse(value);
  if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error) };
  const issues = duplicateIds(parsed.data);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, outline: renumberOutline(parsed.data, request) };
}

/** Gives every module, lesson and objective the id of its position, keeping everything else. */
export function renumberOutline(outline: Outline, request: CourseRequest): Outline {
  // The same numbering as a freshly planned outline, so edited and planned outlines never differ in form.
  return outlineFromDraft(
    {
      title: outline.title,
      description: outline.description,
      modules: outline.modules.map((module) => ({
        title: module.title,
        summary: module.summary,
        lessons: module.lessons.map((lesson) => ({
          title: lesson.title,
          summary: lesson.summary,
          objectives: lesson.objectives.map((objective) => objective.text),
          keyPoints: [...lesson.keyPoints],
        })),
      })),
    },
    request,
  );
}

function duplicateIds(outline: Outline): CourseIssue[] {
  const firstPath = new Map<string, Path>();
  const issues: CourseIssue[] = [];
  const visit = (id: string, path: Path) => {
    const first = firstPath.get(id);
    if (first === undefined) firstPath.set(id, path);
    else
      issues.push({
        path,
        message: `duplicate id "${id}", already used at ${first.join(".")}; ids must be unique in an outline`,
      });
  };
  outline.modules.forEach((module, moduleIndex) => {
    visit(module.id, ["modules", moduleIndex, "id"]);
    module.lessons.forEach((lesson, lessonIndex) => {
      const lessonPath: Path = ["modules", moduleIndex, "lessons", lessonIndex];
      visit(lesson.id, [...lessonPath, "id"]);
      lesson.objectives.forEach((objective, index) => visit(objective.id, [...lessonPath, "objectives", index, "id"]));
    });
  });
  return issues;
}
