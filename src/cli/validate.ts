import { readFile } from "node:fs/promises";
import path from "node:path";
import { validateCourse } from "../course/index.ts";
import { InvalidInputError } from "../errors/index.ts";
import { plural } from "./generate-summary.ts";
import { exitCodes, type CliContext } from "./io.ts";
import { findJsonSyntaxProblem } from "./json-syntax.ts";

function formatPath(segments: readonly (string | number)[]): string {
  return (
    segments.reduce<string>(
      (text, segment) => (typeof segment === "number" ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment),
      "",
    ) || "(root)"
  );
}

/** `courseforge validate FILE`: exit 0 when the file is a valid course, 1 when not, 2 when unreadable. */
export async function validateCommand(file: string, options: { json?: boolean }, context: CliContext): Promise<number> {
  const absolute = path.resolve(context.workingDirectory, file);
  let text: string;
  try {
    text = await readFile(absolute, "utf8");
  } catch (error) {
    throw new InvalidInputError(
      `Cannot read ${absolute}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      {
        suggestion: "Pass the path of a course.json written by `courseforge generate`.",
      },
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const problem = findJsonSyntaxProblem(text);
    const message =
      problem === undefined
        ? (error as Error).message
        : `line ${problem.line}, column ${problem.column}: expected ${problem.expected}`;
    const where = problem === undefined ? {} : { line: problem.line, column: problem.column };
    context.stdout.write(
      options.json
        ? `${JSON.stringify({ valid: false, file: absolute, issues: [{ path: [], message: `not JSON: ${message}`, ...where }] })}\n`
        : `${absolute}:${problem === undefined ? "" : `${problem.line}:${problem.column}:`} not valid JSON (${message})\n`,
    );
    return exitCodes.failure;
  }
  const result = validateCourse(document);
  if (options.json) {
    context.stdout.write(
      `${JSON.stringify(result.ok ? { valid: true, file: absolute } : { valid: false, file: absolute, issues: result.issues })}\n`,
    );
  } else if (result.ok) {
    context.stdout.write(
      `${absolute}: valid course (format v${result.course.formatVersion}, ${plural(result.course.modules.length, "module")})\n`,
    );
  } else {
    context.stdout.write(`${absolute}: invalid course, ${plural(result.issues.length, "problem")}:\n`);
    for (const issue of result.issues.slice(0, 50))
      context.stdout.write(`  - ${formatPath(issue.path)}: ${issue.message}\n`);
    if (result.issues.length > 50) context.stdout.write(`  … and ${result.issues.length - 50} more\n`);
  }
  return result.ok ? exitCodes.success : exitCodes.failure;
}
