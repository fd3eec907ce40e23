import type { Database } from "../db/port.ts";
import type { Metrics } from "../observability/index.ts";
import type { CourseLimits } from "../limits/index.ts";
import type { Links } from "./links.ts";
import type { CourseJobs } from "./ports.ts";

/** Timing of the event stream (`GET /v1/jobs/:id/events`). */
export interface EventStreamTiming {
  /** How often new events are looked for (the worker may be another process). Default 250 ms. */
  readonly pollIntervalMs: number;
  /** A comment line is sent after this long without events, so proxies keep the connection. Default 15 s. */
  readonly keepAliveMs: number;
  /** Client reconnection delay sent as `retry:`. Default 2 s. */
  readonly retryMs: number;
}

/** What route handlers use. */
export interface AppDependencies {
  readonly database: Database;
  readonly jobs: CourseJobs;
  /** Rate limits and quotas of `POST /v1/courses` (docs/limits.md). */
  readonly limits: CourseLimits;
  readonly links: Links;
  readonly supabaseJwtSecret: string | undefined;
  readonly bodyLimitBytes: number;
  readonly eventStream: EventStreamTiming;
  /** Set once the migrations were seen up to date (they cannot become pending without a restart). */
  readonly readiness: { migrationsCurrent: boolean };
  /** `GET /metrics`: the registry it renders, and the bearer token it asks for (open when undefined). */
  readonly observability: { readonly metrics: Metrics; readonly metricsToken: string | undefined };
  /** The OpenAPI document of the app (built once). */
  readonly openApiDocument: () => Readonly<Record<string, unknown>>;
}
