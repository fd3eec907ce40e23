import {
  apiErrorOf,
  CourseforgeApiError,
  createCourseforgeClient,
  type CourseforgeClient,
} from "../../../src/client/index.ts";

/** An error answered by the API (`{error: {code, message, details}}`), or code `NETWORK` when it did not answer: the typed client's. */
export { CourseforgeApiError as ApiError };
type ApiError = CourseforgeApiError;

/** Options of one request. */
export interface RequestOptions {
  readonly signal?: AbortSignal;
  readonly headers?: Record<string, string>;
}

/** A small client of the Courseforge API: JSON in, JSON out, typed errors. */
export interface ApiClient {
  get<T>(path: string, init?: RequestOptions): Promise<T>;
  /** Sends `body` as JSON, or as multipart/form-data when it is a `FormData` (file uploads). */
  post<T>(path: string, body?: unknown, init?: RequestOptions): Promise<T>;
  put<T>(path: string, body?: unknown, init?: RequestOptions): Promise<T>;
  del<T>(path: string, init?: RequestOptions): Promise<T>;
  /** The raw response of a successful request (for downloads and event streams); errors still throw ApiError. */
  fetchRaw(path: string, init?: RequestOptions & { method?: string }): Promise<Response>;
  /** The typed client (courseforge/client) with the same token and base URL: calls typed by route. */
  readonly typed: CourseforgeClient;
}

/** Turns a non-2xx response into an {@link ApiError}. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  return apiErrorOf(response, body);
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

/** Creates a client that sends `Authorization: Bearer <token>` to `baseUrl` (default: this origin). */
export function createApiClient(options: { token?: string; baseUrl?: string }): ApiClient {
  const baseUrl = (options.baseUrl ?? "").replace(/\/+$/, "");

  async function send(method: string, path: string, body: unknown, init: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json", ...init.headers };
    if (options.token !== undefined && options.token !== "") headers.authorization = `Bearer ${options.token}`;
    // A form goes as multipart/form-data: fetch writes its content type, with the boundary.
    const form = body instanceof FormData;
    if (body !== undefined && !form) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : form ? body : JSON.stringify(body),
        signal: init.signal ?? null,
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new CourseforgeApiError({
        status: 0,
        code: "NETWORK",
        message: "The Courseforge server cannot be reached. Is it running?",
        cause: error,
      });
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  async function json<T>(method: string, path: string, body: unknown, init?: RequestOptions): Promise<T> {
    const response = await send(method, path, body, init);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text === "" ? undefined : JSON.parse(text)) as T;
  }

  return {
    get: (path, init) => json("GET", path, undefined, init),
    post: (path, body, init) => json("POST", path, body, init),
    put: (path, body, init) => json("PUT", path, body, init),
    del: (path, init) => json("DELETE", path, undefined, init),
    fetchRaw: (path, init = {}) => send(init.method ?? "GET", path, undefined, init),
    typed: createCourseforgeClient({ baseUrl, token: options.token }),
  };
}
