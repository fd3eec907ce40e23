import { expect } from "vitest";
import type { z } from "zod";
import type { TestService, TestUser } from "./http-service.ts";

/** Sends a JSON body as `as`. */
export function sendJson(
  service: TestService,
  path: string,
  as: TestUser | undefined,
  body: unknown,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  return service.call(path, {
    method: init.method ?? "POST",
    headers: { "content-type": "application/json", ...init.headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...(as === undefined ? {} : { as }),
  });
}

/** Asserts the status and that the JSON body matches `schema`; returns the parsed body. */
export async function expectJson<Schema extends z.ZodType>(
  response: Response,
  status: number,
  schema: Schema,
): Promise<z.output<Schema>> {
  const text = await response.text();
  expect(response.status, text.slice(0, 500)).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const result = schema.safeParse(JSON.parse(text));
  if (!result.success)
    throw new Error(`response does not match its documented schema: ${result.error.message}\n${text.slice(0, 500)}`);
  return result.data;
}

/** Asserts an error response: status, code, and the `{error: {code, message, details}}` shape. */
export async function expectError(
  response: Response,
  status: number,
  code: string,
): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  const text = await response.text();
  expect(response.status, text.slice(0, 500)).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = JSON.parse(text) as { error: { code: string; message: string; details: Record<string, unknown> } };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(Object.keys(body.error).sort()).toEqual(["code", "details", "message"]);
  expect(body.error.code, body.error.message).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.message).not.toMatch(/\n\s+at /);
  return body.error;
}

/** Polls a job until its status is one of `statuses` (bounded by attempts, not by time). */
export async function waitForStatus(
  service: TestService,
  as: TestUser,
  jobId: string,
  statuses: readonly string[],
): Promise<{ status: string; courseId: string | null }> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const response = await service.call(`/v1/jobs/${jobId}`, { as });
    const job = (await response.json()) as { status: string; courseId: string | null };
    if (statuses.includes(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} never reached ${statuses.join("/")}`);
}
