// The JSON shapes of the admin routes (docs/api.md, GET /v1/openapi.json); jobs are the shared ones of ../api/types.ts.
import type { JobStatus, Role } from "../api/types.ts";

export type { Job, JobList } from "../api/types.ts";
export type JobState = JobStatus;
export const jobStates = ["queued", "running", "awaiting_approval", "succeeded", "failed", "canceled"] as const satisfies readonly JobStatus[];
export { roles, type Role } from "../api/types.ts";
export const logLevels = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
export type LogLevel = (typeof logLevels)[number];
export const alertStatuses = ["open", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof alertStatuses)[number];

/** `GET /v1/admin/stats`. */
export interface AdminStats {
  readonly generatedAt: string;
  readonly jobs: { readonly byState: Record<JobState, number>; readonly queueDepth: number; readonly oldestQueuedAt: string | null; readonly oldestQueuedAgeSeconds: number | null };
  readonly throughput: { readonly finishedLast24Hours: number; readonly hours: ReadonlyArray<{ hourStart: string; succeeded: number; failed: number; canceled: number }> };
  readonly modelCalls: { readonly windowHours: number; readonly models: readonly ModelCalls[] };
  readonly costPerDay: ReadonlyArray<{ day: string; costUsd: number; calls: number }>;
}

export interface ModelCalls {
  readonly model: string;
  readonly calls: number;
  readonly errors: number;
  readonly errorRate: number;
  readonly p50LatencyMs: number;
  readonly p95LatencyMs: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cachedPromptTokens: number;
  readonly costUsd: number;
}

/** One user of `GET /v1/admin/users`. */
export interface UserListing {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly disabledAt: string | null;
  readonly createdAt: string;
  readonly activeTokens?: number;
  readonly lastUsedAt?: string | null;
}

/** A limit: `null` is unlimited (roles) or the role's value (user overrides). */
export type Limit = number | null;
export interface RoleLimits {
  readonly coursesPerHour: Limit;
  readonly coursesPerDay: Limit;
  readonly tokensPerDay: Limit;
  readonly burst: number;
}
export interface UserOverrides {
  readonly userId: string;
  readonly coursesPerHour: Limit;
  readonly coursesPerDay: Limit;
  readonly tokensPerDay: Limit;
  readonly burst: Limit;
}
/** `GET /v1/admin/limits`. */
export interface LimitSettings {
  readonly roles: Record<Role, RoleLimits>;
  readonly global: { readonly coursesPerHour: Limit };
  readonly users: readonly UserOverrides[];
}

/** One entry of `GET /v1/admin/logs`. */
export interface LogEntry {
  readonly id: number;
  readonly severity: LogLevel;
  readonly jobId: string | null;
  readonly userId: string | null;
  readonly traceId: string | null;
  readonly event: string | null;
  readonly message: string;
  readonly details: Record<string, unknown>;
  readonly errorName: string | null;
  readonly errorStack: string | null;
  readonly suggestion: string | null;
  readonly createdAt: string;
}

/** One alert of `GET /v1/admin/alerts`. */
export interface Alert {
  readonly id: number;
  readonly rule: string;
  readonly key: string;
  readonly severity: "warning" | "critical";
  readonly status: AlertStatus;
  readonly message: string;
  readonly details: Record<string, unknown>;
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly acknowledgedAt: string | null;
  readonly resolvedAt: string | null;
}

/** Words for a job state. */
export const jobStateLabels: Record<JobState, string> = {
  queued: "Queued",
  running: "Running",
  awaiting_approval: "Awaiting approval",
  succeeded: "Succeeded",
  failed: "Failed",
  canceled: "Canceled",
};
