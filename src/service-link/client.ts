import { CourseforgeError } from "../errors/index.ts";
import type { ServiceLink } from "./link-file.ts";

/** The running service answered with an error, or did not answer. */
export class ServiceRequestError extends CourseforgeError {
  /** The HTTP status, when the service answered. */
  readonly status: number | undefined;

  constructor(
    code: string,
    message: string,
    options: { status?: number; cause?: unknown; details?: Record<string, unknown>; suggestion?: string } = {},
  ) {
    super(code, message, {
      ...options,
      details: { ...options.details, ...(options.status === undefined ? {} : { status: options.status }) },
    });
    this.status = options.status;
  }
}

/** JSON over the running service's API with the local admin credential (never shown in errors). */
export interface ServiceClient {
  /** The service's base URL, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** The PID of the service process. */
  readonly pid: number;
  /** Whether the service runs workers (jobs submitted to an API-only service wait for a worker). */
  readonly workers: boolean;
  /** Sends one request; resolves with the parsed JSON body of a 2xx answer. */
  request<T>(method: string, path: string, options?: { body?: unknown; signal?: AbortSignal | undefined }): Promise<T>;
}

interface ErrorBody {
  readonly error?: { readonly code?: unknown; readonly message?: unknown; readonly details?: unknown };
}

// A bound service listening on every address is reached on loopback.
function reachableUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === "0.0.0.0") parsed.hostname = "127.0.0.1";
  if (parsed.hostname === "[::]") parsed.hostname = "[::1]";
  return parsed.href.replace(/\/+$/, "");
}

/** A client of the service a {@link ServiceLink} describes. */
export function createServiceClient(link: ServiceLink): ServiceClient {
  const base = reachableUrl(link.url);
  return {
    url: base,
    pid: link.pid,
    workers: link.workers,
    async request<T>(method: string, path: string, options: { body?: unknown; signal?: AbortSignal | undefined } = {}) {
      let response: Response;
      try {
        response = await fetch(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${link.token}`,
            accept: "application/json",
            ...(options.body === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
      } catch (error) {
        throw new ServiceRequestError(
          "SERVICE_UNREACHABLE",
          `The running Courseforge service (PID ${link.pid}) does not answer at ${base}.`,
          { cause: error, suggestion: "Wait for it to finish starting, or stop it and run this command again." },
        );
      }
      const text = await response.text();
      let body: unknown;
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (response.ok) return body as T;
      const error = (body as ErrorBody | undefined)?.error;
      const code = typeof error?.code === "string" ? error.code : "SERVICE_REQUEST_FAILED";
      const message =
        typeof error?.message === "string" ? error.message : `${method} ${path} answered HTTP ${response.status}.`;
      throw new ServiceRequestError(code, message, {
        status: response.status,
        details: typeof error?.details === "object" && error.details !== null ? { ...error.details } : {},
        ...(response.status === 401
          ? { suggestion: "The service refused its local credential: restart the service, then try again." }
          : {}),
      });
    },
  };
}
