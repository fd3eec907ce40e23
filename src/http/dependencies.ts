import type { KnowledgeService } from "../knowledge/index.ts";
import type { TickSummary } from "../jobs/index.ts";
import type { Links } from "./links.ts";
import type { StreamSlots } from "./stream-slots.ts";
import type {
  Accounts,
  CourseJobs,
  CourseLibrary,
  CourseLimits,
  CourseRevisions,
  CostSavings,
  Metrics,
  Monitoring,
  JobEventFeed,
  ReadinessCheck,
  Webhooks,
} from "./ports.ts";

/** Timing of the event stream (`GET /v1/jobs/:id/events`). */
export interface EventStreamTiming {
  /**
   * Once a job is seen ended with its terminal event not read yet (its status is written just
   * before that event), how long to wait for the event before ending the stream anyway. Default 1 s.
   */
  readonly terminalGraceMs: number;
  /** A comment line is sent after this long without events, so proxies keep the connection. Default 15 s. */
  readonly keepAliveMs: number;
  /** Client reconnection delay sent as `retry:`. Default 2 s. */
  readonly retryMs: number;
}

/** The services the API drives, built by the composition root (src/app). */
export interface AppServices {
  readonly jobs: CourseJobs;
  readonly courses: CourseLibrary;
  /** Revisions of courses: regenerate a part, list, read, diff, restore (docs/revisions.md); absent: those routes answer 404. */
  readonly revisions?: CourseRevisions | undefined;
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
  /** Wakes event streams when their job's events are stored (pushed, not polled; one per process). */
  readonly eventFeed: JobEventFeed;
  /** Webhook endpoints and their delivery log (docs/webhooks.md). */
  readonly webhooks: Webhooks;
  /** Similar-course preview and the answer cache's admin figures (docs/cost.md). */
  readonly savings: CostSavings;
  /** The knowledge base (docs/knowledge.md); absent: its routes answer 404. */
  readonly knowledge?: KnowledgeService | undefined;
  /** The serverless worker mode (docs/vercel.md); absent, or without a secret: `/v1/worker/tick` answers 404. */
  readonly worker?: WorkerTicks | undefined;
}

/** Runs serverless ticks for `/v1/worker/tick`. */
export interface WorkerTicks {
  /** `COURSEFORGE_CRON_SECRET`: the bearer token the route asks for; undefined: the route is off. */
  readonly cronSecret: string | undefined;
  /** `COURSEFORGE_TICK_BUDGET_MS`: the budget of a tick that names none. */
  readonly defaultBudgetMs: number;
  /** Runs one tick of `budgetMs`; `signal` fires when the request is gone. */
  tick(budgetMs: number, signal: AbortSignal): Promise<TickSummary>;
}

/** What route handlers use: the services and the app's own settings. */
export interface AppDependencies extends AppServices {
  readonly links: Links;
  readonly bodyLimitBytes: number;
  readonly eventStream: EventStreamTiming;
  /** Open event streams per user, capped (429 `TOO_MANY_STREAMS` beyond). */
  readonly streamSlots: StreamSlots;
  /** The bearer token `GET /metrics` asks for (open when undefined). */
  readonly metricsToken: string | undefined;
  /** The OpenAPI document of the app (built once). */
  readonly openApiDocument: () => Readonly<Record<string, unknown>>;
}
