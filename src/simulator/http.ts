/** Small node:http helpers: JSON bodies in and out, OpenAI-shaped errors. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { errorBody } from "./openai-shapes.ts";

/** An HTTP error answered with OpenAI's error body. */
export class HttpError extends Error {
  readonly status: number;
  readonly type: string;
  readonly param: string | null;
  readonly code: string | null;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    message: string,
    options: { type?: string; param?: string | null; code?: string | null; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = status;
    this.type = options.type ?? (status >= 500 ? "server_error" : "invalid_request_error");
    this.param = options.param ?? null;
    this.code = options.code ?? null;
    this.headers = options.headers ?? {};
  }
}

const maximumBodyBytes = 32 * 1024 * 1024;

/**
 * Reads and parses a JSON request body.
 * @throws {HttpError} 413 when larger than 32 MiB, 400 when it is not JSON
 */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maximumBodyBytes)
      throw new HttpError(413, `Request body larger than ${maximumBodyBytes} bytes.`, { code: "request_too_large" });
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(
      400,
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
    );
  }
}

/** Sends a JSON response unless the client has gone. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (response.headersSent || response.destroyed) return;
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
  });
  response.end(payload);
}

/** Sends an {@link HttpError} as OpenAI's error body. */
export function sendError(
  response: ServerResponse,
  error: HttpError,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(response, error.status, errorBody(error.message, error.type, error.param, error.code), {
    ...headers,
    ...error.headers,
  });
}
