import type { Links } from "./links.ts";
import type {
  Accounts,
  CourseJobs,
  CourseLibrary,
  CourseLimits,
  Metrics,
  Monitoring,
  ReadinessCheck,
} from "./ports.ts";

/** Timing of the event stream (`GET /v1/jobs/:id/events`). */
export interface EventStreamTiming {
  /** How often new events are looked for (the worker may be another process). Default 250 ms. */
  readonly pollIntervalMs: number;
  /** A comment line is sent after this long without events, so proxies keep the connection. Default 15 s. */
  readonly keepAliveMs: number;
  /** Client reconnection delay sent as `retry:`. Default 2 s. */
  readonly retryMs: number;
}

/** The services the API drives, built by the composition root (src/app). */
export interface AppServices {
  readonly jobs: CourseJobs;
  readonly courses: CourseLibrary;
  /** Authentication and the user administration. */
  readonly accounts: Accounts;
  /** Logs, alerts and the dashboard's figures. */
  readonly monitoring: Monitoring;
  /** Rate limits and quotas of `POST /v1/courses` (docs/limits.md). */
  readonly limits: CourseLimits;
  /** What `GET /metrics` renders. */
  readonly metrics: Metrics;
  /** `GET /readyz`. */
  readonly readiness: ReadinessCheck;
}

/** What route handlers use: the services and the app's own settings. */
export interface AppDependencies extends AppServices {
  readonly links: Links;
  readonly bodyLimitBytes: number;
  readonly eventStream: EventStreamTiming;
  /** The bearer token `GET /metrics` asks for (open when undefined). */
  readonly metricsToken: string | undefined;
  /** The OpenAPI document of the app (built once). */
  readonly openApiDocument: () => Readonly<Record<string, unknown>>;
}
