import type { Course } from "../course/index.ts";

/** What `generate` reports when a course is written (`--json` prints it as one line). */
export interface GenerateSummary {
  readonly courseId: string;
  readonly jobId: string;
  readonly outDir: string;
  readonly lessons: number;
  readonly llmCalls: number;
  readonly inputTokens: number;
  readonly cachedInputTokens: number;
  readonly outputTokens: number;
  /** What the calls would cost at the configured prices; nothing was paid when `simulated`. */
  readonly costUsd: number;
  readonly durationMs: number;
  readonly simulated: boolean;
  /** Present when the course was asked to be grounded: whether sources were found and cited. */
  readonly grounded?: boolean;
}

/** "1 module", "2 modules". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? singular : pluralForm}`;
}

/** The summary of a written course, from the course document's own generation record. */
export function summaryOfCourse(
  course: Course,
  run: { jobId: string; outDir: string; durationMs: number },
): GenerateSummary {
  const { generation } = course;
  return {
    courseId: course.id,
    jobId: run.jobId,
    outDir: run.outDir,
    lessons: course.modules.reduce((count, module) => count + module.lessons.length, 0),
    llmCalls: generation.llmCalls,
    inputTokens: generation.promptTokens,
    cachedInputTokens: generation.cachedPromptTokens,
    outputTokens: generation.completionTokens,
    costUsd: generation.costUsd,
    durationMs: run.durationMs,
    simulated: generation.simulated,
    ...(generation.grounded === undefined ? {} : { grounded: generation.grounded }),
  };
}

/** The human form of the summary: title, counts, tokens, cost (said to be simulated when it is), the two files. */
export function formatSummary(
  course: Pick<Course, "title" | "modules">,
  summary: GenerateSummary,
  files: { jsonFile: string; markdownFile: string },
): string {
  const tokens = summary.inputTokens + summary.outputTokens;
  const cost = summary.simulated
    ? `$${summary.costUsd.toFixed(4)} at real prices (simulated: nothing was paid)`
    : `$${summary.costUsd.toFixed(4)}`;
  return [
    `Course "${course.title}"${summary.simulated ? " (simulated content)" : ""}`,
    `  ${plural(course.modules.length, "module")}, ${plural(summary.lessons, "lesson")}, ${plural(summary.llmCalls, "model call")}, ${plural(tokens, "token")} (${summary.cachedInputTokens.toLocaleString("en-US")} cached), ${cost}, ${(summary.durationMs / 1000).toFixed(1)}s`,
    ...(summary.grounded === false
      ? ["  Nothing relevant was found in the material: the course is NOT grounded on it (no citations)."]
      : summary.grounded === true
        ? ["  Grounded on your documents: sections cite them (footnotes in course.md)."]
        : []),
    `  ${files.jsonFile}`,
    `  ${files.markdownFile}`,
    "",
  ].join("\n");
}
