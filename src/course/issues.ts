import type { z } from "zod";

/**
 * One problem found in a document, located exactly. `path` points at the offending field (e.g.
 * `["modules", 0, "lessons", 1, "quiz", "questions", 2, "correctOptionId"]`); it is shown to users
 * and fed back to the model as retry feedback, so messages say what is wrong and what is expected.
 */
export interface CourseIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Converts zod issues to {@link CourseIssue}s whose paths end at the offending field:
 * - an unknown-keys issue becomes one issue per key, its path ending at that key;
 * - a failed union (e.g. a quiz question) reports the errors of the branch whose `type` literal
 *   matched, or one issue at the `type` field when no branch's literal matched;
 * - symbol keys, which JSON cannot hold, become strings.
 */
export function issuesFromZod(error: z.ZodError): CourseIssue[] {
  return error.issues.flatMap((issue) => convertIssue(issue, []));
}

type ZodIssue = z.core.$ZodIssue;

function convertIssue(issue: ZodIssue, prefix: readonly (string | number)[]): CourseIssue[] {
  const path = [...prefix, ...issue.path.map((key) => (typeof key === "symbol" ? String(key) : key))];
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ path: [...path, key], message: `unknown field "${key}"; ${issue.message}` }));
  }
  if (issue.code === "invalid_union" && issue.errors.length > 0) return convertUnionIssue(issue.errors, path);
  return [{ path, message: issue.message }];
}

function convertUnionIssue(
  branches: readonly (readonly ZodIssue[])[],
  path: readonly (string | number)[],
): CourseIssue[] {
  const literalMismatch = (branch: readonly ZodIssue[]) =>
    branch.find((issue) => issue.code === "invalid_value" && issue.path.length === 1);
  const matching = branches.filter((branch) => literalMismatch(branch) === undefined);
  const chosen = matching.length === 1 ? matching[0] : matching.length > 1 ? fewestIssues(matching) : undefined;
  if (chosen !== undefined) return chosen.flatMap((issue) => convertIssue(issue, path));
  const mismatches = branches.map(literalMismatch);
  const first = mismatches[0];
  const sameKey =
    first !== undefined && mismatches.every((issue) => issue !== undefined && issue.path[0] === first.path[0]);
  if (sameKey && typeof first.path[0] === "string") {
    const values = mismatches.flatMap((issue) => (issue?.code === "invalid_value" ? issue.values : []));
    return [
      {
        path: [...path, first.path[0]],
        message: `expected one of ${values.map((value) => JSON.stringify(value)).join(", ")}`,
      },
    ];
  }
  return (fewestIssues(branches) ?? []).flatMap((issue) => convertIssue(issue, path));
}

function fewestIssues(branches: readonly (readonly ZodIssue[])[]): readonly ZodIssue[] | undefined {
  let best: readonly ZodIssue[] | undefined;
  for (const branch of branches) if (best === undefined || branch.length < best.length) best = branch;
  return best;
}

/** Renders a path as `modules[0].lessons[1].title`; the empty path is `(root)`. */
export function formatIssuePath(path: readonly (string | number)[]): string {
  let text = "";
  for (const key of path) text += typeof key === "number" ? `[${key}]` : text === "" ? key : `.${key}`;
  return text === "" ? "(root)" : text;
}

/** Renders issues one per line, `path: message`, for logs, CLI output and model retry feedback. */
export function formatIssues(issues: readonly CourseIssue[]): string {
  return issues.map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`).join("\n");
}
