import type { z } from "zod";
import type { OutputIssue } from "./errors.ts";
import type { ChatMessage } from "./types.ts";

/** The previous answer is echoed back to the model up to this many characters (head and tail kept). */
export const maxEchoedAnswerLength = 12_000;

/** Formats a JSON path the way a reader writes it: `modules[1].lessons`, `(root)` for the whole answer. */
export function formatPath(path: readonly (string | number | symbol)[]): string {
  if (path.length === 0) return "(root)";
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)) text += text === "" ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing (the property is missing)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string"
    ? `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
    : `${typeof value} ${JSON.stringify(value)}`;
}

function sizeOf(value: unknown): number | undefined {
  if (typeof value === "string" || Array.isArray(value)) return value.length;
  return typeof value === "number" ? value : undefined;
}

function describeBound(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall, value: unknown): string {
  const small = issue.code === "too_small";
  const limit = small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum;
  const actual = sizeOf(value);
  const got = actual === undefined ? "" : `, got ${actual}`;
  const unit =
    issue.origin === "array" || issue.origin === "set" ? " items" : issue.origin === "string" ? " characters" : "";
  if (issue.exact) return `expected exactly ${String(limit)}${unit}${got}`;
  if (unit === "")
    return `expected a number ${small ? (issue.inclusive ? ">=" : ">") : issue.inclusive ? "<=" : "<"} ${String(limit)}${got}`;
  const word = small ? (issue.inclusive ? "at least" : "more than") : issue.inclusive ? "at most" : "fewer than";
  return `expected ${word} ${String(limit)}${unit}${got}`;
}

/** Turns zod issues into path + message pairs a model can act on, quoting what it actually wrote. */
export function describeZodIssues(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  prefix: readonly PropertyKey[] = [],
): OutputIssue[] {
  const described: OutputIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    const value = valueAt(data, path);
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      // Report the branch that came closest: it is almost always the one the model meant.
      const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
      described.push(...describeZodIssues(closest, data, path));
      continue;
    }
    let message: string;
    if (issue.code === "too_small" || issue.code === "too_big") message = describeBound(issue, value);
    else if (issue.code === "invalid_type") message = `expected ${issue.expected}, got ${describeValue(value)}`;
    else if (issue.code === "invalid_value")
      message = `expected one of ${issue.values.map((option) => JSON.stringify(option)).join(", ")}, got ${describeValue(value)}`;
    else message = issue.message;
    described.push({ path: path.map((key) => (typeof key === "symbol" ? String(key) : key)), message });
  }
  return described;
}

function echoAnswer(answer: string): string {
  if (answer.length <= maxEchoedAnswerLength) return answer;
  const half = Math.floor(maxEchoedAnswerLength / 2);
  return `${answer.slice(0, half)}\n… [${answer.length - 2 * half} characters omitted] …\n${answer.slice(-half)}`;
}

/**
 * The messages of a retry with feedback: the original conversation, the rejected answer as the
 * assistant's turn, then a user turn listing exactly which paths failed and why.
 */
export function feedbackMessages(
  original: readonly ChatMessage[],
  previousAnswer: string,
  issues: readonly OutputIssue[],
): ChatMessage[] {
  const lines = issues.map((issue) => `- ${formatPath(issue.path)}: ${issue.message}`);
  const request = [
    "Your previous answer was rejected:",
    ...lines,
    "",
    "Reply with the complete corrected JSON object (all of it, not only the changed parts), following the schema exactly. Reply with JSON only.",
  ].join("\n");
  const echoed: ChatMessage[] =
    previousAnswer.trim() === "" ? [] : [{ role: "assistant", content: echoAnswer(previousAnswer) }];
  return [...original, ...echoed, { role: "user", content: request }];
}
