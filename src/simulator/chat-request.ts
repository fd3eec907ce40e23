/** Validation of `POST /v1/chat/completions` bodies, with OpenAI's 400 errors. */
import { z } from "zod";
import type { ResponseFormat } from "./content.ts";
import { HttpError } from "./http.ts";
import type { PromptMessage } from "./prompt-words.ts";

const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });
const message = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool"]),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
});
const responseFormat = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({
    type: z.literal("json_schema"),
    json_schema: z.looseObject({
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "must match ^[a-zA-Z0-9_-]{1,64}$"),
      description: z.string().optional(),
      strict: z.boolean().nullable().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
]);
const positiveInteger = z.int().min(1).nullable().optional();
const body = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  response_format: responseFormat.nullable().optional(),
  max_tokens: positiveInteger,
  max_completion_tokens: positiveInteger,
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  seed: z.int().nullable().optional(),
  n: z.int().min(1).max(128).nullable().optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  prompt_cache_key: z.string().optional(),
});

/** A validated chat completion request, normalized. */
export interface ChatRequest {
  readonly model: string;
  /** Messages with their content flattened to text. */
  readonly messages: readonly PromptMessage[];
  readonly responseFormat: ResponseFormat;
  /** `max_completion_tokens`, else `max_tokens`, else none. */
  readonly maxTokens: number | undefined;
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly promptCacheKey: string | undefined;
  /** Identifies the request for deterministic answers: model, messages, format and seed. */
  readonly fingerprint: string;
}

/**
 * Validates a request body.
 * @throws {HttpError} 400 in OpenAI's shape, naming the offending `param`
 */
export function parseChatRequest(value: unknown): ChatRequest {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "The request body must be a JSON object.", { code: "invalid_request_body" });
  }
  const parsed = body.safeParse(value);
  if (!parsed.success) throw toHttpError(parsed.error);
  const request = parsed.data;
  if ((request.n ?? 1) !== 1)
    throw new HttpError(400, "The simulator only supports n=1.", { param: "n", code: "unsupported_value" });
  if (request.stream_options != null && request.stream !== true) {
    throw new HttpError(400, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", {
      param: "stream_options",
      code: "invalid_value",
    });
  }
  const messages = request.messages.map((entry) => ({ role: entry.role, content: flattenContent(entry.content) }));
  const responseFormat = (request.response_format ?? { type: "text" }) as ResponseFormat;
  return {
    model: request.model,
    messages,
    responseFormat,
    maxTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    stream: request.stream === true,
    includeUsage: request.stream_options?.include_usage === true,
    promptCacheKey: request.prompt_cache_key,
    fingerprint: JSON.stringify([request.model, messages, responseFormat, request.seed ?? null]),
  };
}

function flattenContent(content: z.output<typeof message>["content"]): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((part) => part.text ?? "").join("\n");
  return "";
}

/** Turns the first zod issue into OpenAI's 400 error. */
export function toHttpError(error: z.ZodError): HttpError {
  const issue = error.issues[0];
  if (issue === undefined) return new HttpError(400, "Invalid request.");
  const param = formatPath(issue.path);
  const missing = issue.code === "invalid_type" && /received undefined/.test(issue.message);
  if (missing)
    return new HttpError(400, `Missing required parameter: '${param}'.`, { param, code: "missing_required_parameter" });
  return new HttpError(400, `Invalid value for '${param}': ${issue.message}.`, {
    param,
    code: issue.code === "invalid_type" ? "invalid_type" : "invalid_value",
  });
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`))
    .join("");
}
