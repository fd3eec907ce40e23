import type { Course } from "./format.ts";

/** The parts of a course a diff compares, from the largest to the smallest. */
export type CoursePartKind = "course" | "module" | "lesson" | "section" | "question";

/** One field of a part that differs between two revisions (`null` on the side that lacks it). */
export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * How one part differs between two revisions: `changed` lists the fields that differ; `added` and
 * `removed` carry the whole part. Sections and questions are parts of their own, so a lesson is
 * `changed` only when its own fields (title, summary, objectives, key points, key terms) are.
 */
export interface PartChange {
  readonly kind: CoursePartKind;
  readonly id: string;
  /** The lesson a section or question belongs to; the module of a lesson. */
  readonly parentId: string | undefined;
  readonly change: "changed" | "added" | "removed";
  readonly fields: readonly FieldChange[];
  readonly before?: unknown;
  readonly after?: unknown;
}

const ownFields = {
  course: ["title", "description", "topic", "audience", "level", "language"],
  module: ["title", "summary"],
  lesson: ["title", "summary", "objectives", "keyPoints", "keyTerms"],
} as const;

interface Part {
  readonly kind: CoursePartKind;
  readonly id: string;
  readonly parentId: string | undefined;
  readonly value: Readonly<Record<string, unknown>>;
  readonly fields: readonly string[] | undefined;
}

// Every part in reading order: the course, then each module, its lessons, their sections and questions.
function partsOf(course: Course): Part[] {
  const parts: Part[] = [
    { kind: "course", id: course.id, parentId: undefined, value: course, fields: ownFields.course },
  ];
  for (const module of course.modules) {
    parts.push({ kind: "module", id: module.id, parentId: undefined, value: module, fields: ownFields.module });
    for (const lesson of module.lessons) {
      parts.push({ kind: "lesson", id: lesson.id, parentId: module.id, value: lesson, fields: ownFields.lesson });
      for (const section of lesson.sections)
        parts.push({ kind: "section", id: section.id, parentId: lesson.id, value: section, fields: undefined });
      for (const question of lesson.quiz.questions)
        parts.push({ kind: "question", id: question.id, parentId: lesson.id, value: question, fields: undefined });
    }
  }
  return parts;
}

/** JSON with object keys sorted: equal values compare equal whatever their key order (jsonb reorders keys). */
function canonical(value: unknown): string {
  return (
    JSON.stringify(value, (_key, inner: unknown) =>
      inner !== null && typeof inner === "object" && !Array.isArray(inner)
        ? Object.fromEntries(
            Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
          )
        : inner,
    ) ?? "undefined"
  );
}

function fieldChanges(before: Part, after: Part): FieldChange[] {
  const names =
    before.fields ??
    [...new Set([...Object.keys(before.value), ...Object.keys(after.value)])].filter((name) => name !== "id");
  return names.flatMap((field) => {
    const was = before.value[field];
    const is = after.value[field];
    // `null` for a field one side lacks (a question that changed type): JSON keeps it, unlike `undefined`.
    return canonical(was) === canonical(is) ? [] : [{ field, before: was ?? null, after: is ?? null }];
  });
}

/**
 * The structured difference between two revisions of a course, part by part in reading order
 * (parts of `after` first, then those only `before` had). Parts are matched by id, which a
 * revision keeps stable; a part with the same id and equal fields is not listed.
 */
export function diffCourses(before: Course, after: Course): PartChange[] {
  const key = (part: Part) => `${part.kind}:${part.id}`;
  const earlier = new Map(partsOf(before).map((part) => [key(part), part]));
  const laterParts = partsOf(after);
  const later = new Set(laterParts.map(key));
  const changes: PartChange[] = [];
  for (const part of laterParts) {
    const was = earlier.get(key(part));
    if (was === undefined) {
      changes.push({
        kind: part.kind,
        id: part.id,
        parentId: part.parentId,
        change: "added",
        fields: [],
        after: part.value,
      });
      continue;
    }
    const fields = fieldChanges(was, part);
    if (fields.length > 0)
      changes.push({ kind: part.kind, id: part.id, parentId: part.parentId, change: "changed", fields });
  }
  for (const part of earlier.values())
    if (!later.has(key(part)))
      changes.push({
        kind: part.kind,
        id: part.id,
        parentId: part.parentId,
        change: "removed",
        fields: [],
        before: part.value,
      });
  return changes;
}

/** The ids of the lessons a diff touches (their own fields, a section or a question): what a quality check re-evaluates. */
export function lessonsTouched(changes: readonly PartChange[]): string[] {
  const ids = new Set<string>();
  for (const change of changes) {
    if (change.kind === "lesson") ids.add(change.id);
    else if ((change.kind === "section" || change.kind === "question") && change.parentId !== undefined)
      ids.add(change.parentId);
  }
  return [...ids];
}
