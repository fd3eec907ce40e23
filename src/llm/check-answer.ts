import type { z } from "zod";
import type { OutputIssue } from "./errors.ts";
import { InvalidJsonOutputError, OutputValidationError } from "./errors.ts";
import { describeZodIssues, formatPath } from "./feedback.ts";
import type { ProviderResponse } from "./types.ts";

/** A task's own rules beyond the schema (e.g. "the answer is one of the options"); empty when the value is fine. */
export type SemanticCheck<T> = (value: T) => readonly OutputIssue[];

/** Strips a Markdown code fence some OpenAI-compatible servers wrap JSON in. */
function unfence(text: string): string {
  const match = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  return match?.[1] ?? text;
}

/**
 * Parses, schema-validates and semantically checks one answer.
 *
 * @throws {InvalidJsonOutputError} when the text is not JSON.
 * @throws {OutputValidationError} when the schema or the semantic check rejects it, with the issues.
 */
export function checkAnswer<T>(
  response: ProviderResponse,
  schema: z.ZodType<T>,
  semanticCheck: SemanticCheck<T> | undefined,
  context: { provider: string },
): T {
  const errorContext = {
    provider: context.provider,
    model: response.model,
    rawText: response.content,
    finishReason: response.finishReason,
    ...(response.usage === undefined ? {} : { usage: response.usage }),
    ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
  };
  let data: unknown;
  try {
    data = JSON.parse(unfence(response.content));
  } catch (error) {
    throw new InvalidJsonOutputError(`The answer is not valid JSON: ${(error as Error).message}`, {
      ...errorContext,
      cause: error,
    });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issues = describeZodIssues(parsed.error.issues, data);
    throw new OutputValidationError(summary("does not match the schema", issues), {
      ...errorContext,
      issues,
      source: "schema",
      cause: parsed.error,
    });
  }
  const semanticIssues = semanticCheck?.(parsed.data) ?? [];
  if (semanticIssues.length > 0) {
    throw new OutputValidationError(summary("breaks the task's rules", semanticIssues), {
      ...errorContext,
      issues: semanticIssues,
      source: "semantic",
    });
  }
  return parsed.data;
}

function summary(what: string, issues: readonly OutputIssue[]): string {
  const shown = issues.slice(0, 5).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : "";
  return `The answer ${what}: ${shown.join("; ")}${more}`;
}
