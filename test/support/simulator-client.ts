/** Helpers for the simulator's own tests: raw HTTP calls that keep status, headers and body. */
import type { ChatMessage } from "../../src/llm/types.ts";

/** A raw HTTP answer. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly text: string;
}

/** POSTs JSON to `${baseUrl}${path}` and reads the whole answer. */
export async function postJson(
  baseUrl: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<RawResponse> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
    signal,
  });
  return read(response);
}

/** GETs `${baseUrl}${path}`. */
export async function getJson(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return read(await fetch(`${baseUrl}${path}`, { headers }));
}

async function read(response: Response): Promise<RawResponse> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // Streams and broken answers stay text.
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** A lesson-like strict json_schema response format. */
export const lessonFormat = {
  type: "json_schema",
  json_schema: {
    name: "lesson",
    strict: true,
    schema: {
      type: "object",
      additionalProperties: false,
      required: ["title", "body", "keyTerms"],
      properties: {
        title: { type: "string", maxLength: 120 },
        body: { type: "string", maxLength: 3000 },
        keyTerms: {
          type: "array",
          minItems: 2,
          maxItems: 4,
          items: {
            type: "object",
            additionalProperties: false,
            required: ["term", "definition"],
            properties: { term: { type: "string" }, definition: { type: "string" } },
          },
        },
      },
    },
  },
} as const;

/** The messages of {@link lessonRequest}. */
export const lessonMessages: ChatMessage[] = [
  { role: "system", content: "You write lessons for farmers." },
  { role: "user", content: "Write a lesson about soil erosion, terraces and cover crops." },
];

/** A chat completion body about soil erosion with the lesson format. */
export function lessonRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: "gpt-4.1-mini",
    messages: lessonMessages,
    response_format: lessonFormat,
    ...overrides,
  };
}
