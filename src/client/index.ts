import createClient, { type Client } from "openapi-fetch";
import { apiErrorOf, CourseforgeApiError } from "./errors.ts";
import { followJobEvents, type JobEventMessage } from "./job-events.ts";
import type { components, operations, paths } from "./openapi-types.ts";

export { apiErrorOf, CourseforgeApiError };
export { terminalJobEventTypes, type JobEventMessage } from "./job-events.ts";
export type { components, operations, paths };

/** Where the API is and who is calling. */
export interface CourseforgeClientOptions {
  /** The deployment's base URL, e.g. `https://courses.example.com` or `/api` (default: this origin). */
  readonly baseUrl?: string;
  /** An API token (`cf_…`) or a Supabase access token, sent as `Authorization: Bearer`. */
  readonly token?: string | undefined;
  /** Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
}

/**
 * The typed Courseforge client: every route of `/v1/openapi.json` with its request and response
 * types (`client.GET("/v1/jobs/{id}", { params: { path: { id } } })`), generated from the same
 * schemas the server validates with, plus {@link CourseforgeClient.jobEvents} for progress.
 */
export interface CourseforgeClient extends Client<paths> {
  /** A job's progress events until it ends (replayed, then live; reconnects with `Last-Event-ID`). */
  jobEvents(
    jobId: string,
    options?: { readonly signal?: AbortSignal; readonly lastEventId?: string },
  ): AsyncGenerator<JobEventMessage>;
}

/** Creates a {@link CourseforgeClient}. */
export function createCourseforgeClient(options: CourseforgeClientOptions = {}): CourseforgeClient {
  const baseUrl = (options.baseUrl ?? "").replace(/\/+$/, "");
  const headers: Record<string, string> =
    options.token === undefined || options.token === "" ? {} : { authorization: `Bearer ${options.token}` };
  // Looked up per call, not captured: tests and apps may replace the global fetch after creating a client.
  const fetchFunction = options.fetch ?? ((...parameters: Parameters<typeof fetch>) => fetch(...parameters));
  const client = createClient<paths>({ baseUrl, headers, fetch: (request: Request) => fetchFunction(request) });
  return Object.assign(client, {
    jobEvents: (jobId: string, eventOptions: { signal?: AbortSignal; lastEventId?: string } = {}) =>
      followJobEvents(jobId, { baseUrl, headers, fetch: fetchFunction, ...eventOptions }),
  });
}

/**
 * The data of a typed call's result, or its error thrown as a {@link CourseforgeApiError}:
 * `const job = await dataOf(client.GET("/v1/jobs/{id}", …))`.
 */
export async function dataOf<Data>(call: Promise<{ data?: Data; error?: unknown; response: Response }>): Promise<Data> {
  const { data, error, response } = await call;
  if (!response.ok) throw apiErrorOf(response, error);
  return data as Data;
}
