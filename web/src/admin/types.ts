// The JSON shapes of the admin routes, as the server's zod schemas say them (types only, like ../api/types.ts).
import type { z } from "zod";
import type {
  AlertListResponse,
  AlertResponse,
  LimitSettingsResponse,
  LogEntryResponse,
  LogListResponse,
  ModelAccessResponse,
  StatsResponse,
  CreatedUserResponse,
  IssuedTokenResponse,
  UserListResponse,
  UserResponse,
} from "../../../src/http/schemas.ts";
import type {
  WebhookDeliveriesResponse,
  WebhookDeliveryResponse,
  WebhookEndpointsResponse,
} from "../../../src/http/webhook-schemas.ts";
import type { JobStatus, Unlisted } from "../api/types.ts";

export type { Job, JobList, JobStatus, Role } from "../api/types.ts";
export { roles } from "../api/types.ts";

/** `GET /v1/admin/stats`. */
export type AdminStats = z.output<typeof StatsResponse>;
/** One model's calls in the stats window. */
export type ModelCalls = AdminStats["modelCalls"]["models"][number];

/** One user of `GET /v1/admin/users`. */
export type UserListing = z.output<typeof UserResponse>;
/** `GET /v1/admin/users`. */
export type UserList = z.output<typeof UserListResponse>;
/** `POST /v1/admin/users`: the user and its first token. */
export type CreatedUser = z.output<typeof CreatedUserResponse>;
/** `POST /v1/admin/users/:id/tokens`. */
export type IssuedToken = z.output<typeof IssuedTokenResponse>;

/** `GET /v1/admin/limits`. */
export type LimitSettings = z.output<typeof LimitSettingsResponse>;
/** One role's limits (also the answer to `PUT /v1/admin/limits/roles/:role`). */
export type RoleLimits = LimitSettings["roles"]["student"];
/** One user's overrides. */
export type UserOverrides = LimitSettings["users"][number];
/** A limit: `null` is unlimited (roles) or the role's value (user overrides). */
export type Limit = UserOverrides["burst"];

/** One entry of `GET /v1/admin/logs`. */
export type LogEntry = z.output<typeof LogEntryResponse>;
/** `GET /v1/admin/logs`. */
export type LogEntryList = z.output<typeof LogListResponse>;
/** A log severity. */
export type LogLevel = LogEntry["severity"];

/** One alert of `GET /v1/admin/alerts`. */
export type Alert = z.output<typeof AlertResponse>;
/** `GET /v1/admin/alerts`. */
export type AlertList = z.output<typeof AlertListResponse>;
/** An alert's state. */
export type AlertStatus = Alert["status"];

/** Job states in the order a job passes them. */
export const jobStates = [
  "queued",
  "running",
  "awaiting_approval",
  "succeeded",
  "failed",
  "canceled",
] as const satisfies readonly JobStatus[];
const _allJobStates: Unlisted<JobStatus, typeof jobStates> = {};
/** Log severities, least severe first. */
export const logLevels = ["trace", "debug", "info", "warn", "error", "fatal"] as const satisfies readonly LogLevel[];
const _allLogLevels: Unlisted<LogLevel, typeof logLevels> = {};
/** Alert states, in the order an alert passes them. */
export const alertStatuses = ["open", "acknowledged", "resolved"] as const satisfies readonly AlertStatus[];
const _allAlertStatuses: Unlisted<AlertStatus, typeof alertStatuses> = {};

/** Words for a job state. */
export const jobStateLabels: Record<JobStatus, string> = {
  queued: "Queued",
  running: "Running",
  awaiting_approval: "Awaiting approval",
  succeeded: "Succeeded",
  failed: "Failed",
  canceled: "Canceled",
};

/** `GET /v1/admin/models`: each role's model allow-list and the models that may be listed. */
export type ModelAccess = z.output<typeof ModelAccessResponse>;

/** One webhook delivery (`GET /v1/webhooks/deliveries`). */
export type WebhookDelivery = z.output<typeof WebhookDeliveryResponse>;
/** `GET /v1/webhooks/deliveries`. */
export type WebhookDeliveryList = z.output<typeof WebhookDeliveriesResponse>;
/** `GET /v1/webhooks`. */
export type WebhookEndpointList = z.output<typeof WebhookEndpointsResponse>;
/** Every delivery status, in the order the filter offers them. */
export const deliveryStatuses = [
  "pending",
  "delivered",
  "failed",
] as const satisfies readonly WebhookDelivery["status"][];
