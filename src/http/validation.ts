import type { z } from "zod";
import { formatIssuePath, issuesFromZod } from "../course/index.ts";
import { InvalidInputError } from "../errors/index.ts";
import { MalformedJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from "./errors.ts";

/** Where a value in a request comes from; named in validation errors. */
export type InputLocation = "body" | "query" | "path" | "header";

/** One field that failed validation. */
export interface FieldIssue {
  /** `modules`, `outline.modules[0].title`; the location itself (`body`) for the whole value. */
  readonly field: string;
  readonly message: string;
}

/** The largest value of a Postgres `integer` column: request fields stored in one are bounded by it. */
export const postgresIntegerMax = 2_147_483_647;

/** Why a string cannot be stored as Postgres text or JSON, or `undefined` when it can. */
export function unstorableTextProblem(text: string): string | undefined {
  if (text.includes("\u0000")) return "contains a NUL character (\\u0000), which text cannot hold; remove it";
  if (!text.isWellFormed())
    return "contains a lone UTF-16 surrogate (\\ud800-\\udfff without its pair), which is not Unicode text; send well-formed UTF-8";
  return undefined;
}

interface Visit {
  readonly value: unknown;
  readonly key: string | number | undefined;
  readonly parent: Visit | undefined;
}

// Deeper paths are cut in messages: a hostile body can nest thousands of levels.
const maxReportedPathLength = 32;

function pathOf(visit: Visit, lastKey?: string): (string | number)[] {
  const path: (string | number)[] = lastKey === undefined ? [] : [lastKey];
  for (let current: Visit | undefined = visit; current?.key !== undefined; current = current.parent)
    path.push(current.key);
  path.reverse();
  return path.length > maxReportedPathLength ? [...path.slice(0, maxReportedPathLength), "…"] : path;
}

/**
 * The first string (value or object key) in `value` that Postgres cannot store, with the path to
 * it. Walks with its own stack and parent links: a deeply nested body must neither overflow the
 * call stack nor cost a copy of its path per level.
 */
export function findUnstorableText(
  value: unknown,
): { readonly path: readonly (string | number)[]; readonly problem: string } | undefined {
  const pending: Visit[] = [{ value, key: undefined, parent: undefined }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const current = visit.value;
    if (typeof current === "string") {
      const problem = unstorableTextProblem(current);
      if (problem !== undefined) return { path: pathOf(visit), problem };
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1)
        pending.push({ value: current[index], key: index, parent: visit });
    } else if (typeof current === "object" && current !== null) {
      const entries = Object.entries(current);
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const [key, child] = entries[index]!;
        const problem = unstorableTextProblem(key);
        if (problem !== undefined) return { path: pathOf(visit, key), problem: `is a field name that ${problem}` };
        pending.push({ value: child, key, parent: visit });
      }
    }
  }
  return undefined;
}

/**
 * Validates `value` with `schema`, or throws an `INVALID_INPUT` error whose message and
 * `details.field` name the first offending field and whose `details.issues` lists them all.
 * Text Postgres cannot store (a NUL character, a lone surrogate) is refused first, wherever it is.
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  location: InputLocation,
): z.output<Schema> {
  const unstorable = findUnstorableText(value);
  if (unstorable !== undefined) {
    const field = unstorable.path.length === 0 ? location : formatIssuePath(unstorable.path);
    throw new InvalidInputError(`Invalid ${location}: ${field}: ${unstorable.problem}.`, {
      details: { location, field, issues: [{ field, message: unstorable.problem }] },
    });
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: FieldIssue[] = issuesFromZod(result.error).map((issue) => ({
    field: issue.path.length === 0 ? location : formatIssuePath(issue.path),
    message: issue.message,
  }));
  const first = issues[0] ?? { field: location, message: "is invalid" };
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  throw new InvalidInputError(`Invalid ${location}: ${first.field}: ${first.message}${more}.`, {
    details: { location, field: first.field, issues },
  });
}

// text/plain too: it is what fetch() sends for a string body when no type is set. Accepting it
// opens nothing to cross-site requests, which cannot carry the bearer token without a preflight.
const jsonContentType = /^(?:application\/(?:[\w.+-]+\+)?json|text\/plain)\s*(?:;|$)/i;

/**
 * Reads a JSON request body of at most `limitBytes`: refuses a declared or actual larger body
 * (`PAYLOAD_TOO_LARGE`) without reading past the limit, a non-JSON content type
 * (`UNSUPPORTED_MEDIA_TYPE`; a missing one is accepted), and text that is not UTF-8 JSON
 * (`MALFORMED_JSON`). An empty body reads as `undefined`.
 */
export async function readJsonBody(request: Request, limitBytes: number): Promise<unknown> {
  const contentType = request.headers.get("content-type");
  if (contentType !== null && contentType.trim() !== "" && !jsonContentType.test(contentType))
    throw new UnsupportedMediaTypeError(contentType);
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limitBytes) throw new PayloadTooLargeError(limitBytes);
  // With a declared length, the HTTP parser stops the body there: read it at once (on
  // @hono/node-server straight from the socket, without building a web stream), then check it.
  const bytes =
    declared !== null && /^\d+$/.test(declared.trim())
      ? await readDeclared(request, limitBytes)
      : await readLimited(request, limitBytes);
  if (bytes.length === 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new MalformedJsonError("The request body is not valid UTF-8 text.");
  }
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new MalformedJsonError(`The request body is not valid JSON: ${(error as Error).message}.`);
  }
}

/**
 * Reads a request body of any type up to `limitBytes`, refusing a declared or actual larger body
 * (`PAYLOAD_TOO_LARGE`) without reading past the limit (multipart uploads).
 */
export async function readBodyBytes(request: Request, limitBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limitBytes) throw new PayloadTooLargeError(limitBytes);
  return declared !== null && /^\d+$/.test(declared.trim())
    ? readDeclared(request, limitBytes)
    : readLimited(request, limitBytes);
}

async function readDeclared(request: Request, limitBytes: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > limitBytes) throw new PayloadTooLargeError(limitBytes);
  return bytes;
}

async function readLimited(request: Request, limitBytes: number): Promise<Uint8Array> {
  if (request.body === null) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(limitBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
