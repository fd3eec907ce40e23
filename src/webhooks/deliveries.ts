import type { Queryable } from "../db/index.ts";
import { visibleOwner, type Caller } from "../users/index.ts";
import { WebhookNotFoundError } from "./errors.ts";
import type { WebhookEventType, WebhookPayload } from "./event-types.ts";

/** The channel the outbox trigger (migration 018) and a replay notify when a delivery is due now. */
export const webhookChannel = "courseforge_webhooks";

/** Where a delivery stands: still being tried, delivered (a 2xx answer), or given up on. */
export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

/** One message to one endpoint, with what its attempts got. */
export interface WebhookDelivery {
  /** The Standard Webhooks message id (`webhook-id` header), the same on every attempt. */
  readonly id: string;
  readonly endpointId: string;
  readonly eventType: WebhookEventType;
  readonly jobId: string;
  readonly payload: WebhookPayload;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  /** When the next attempt is due (pending only). */
  readonly nextAttemptAt: Date | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly deliveredAt: Date | null;
}

interface DeliveryRow extends Record<string, unknown> {
  id: string;
  endpoint_id: string;
  event_type: string;
  job_id: string;
  payload: WebhookPayload;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

const deliveryColumns = `d.id, d.endpoint_id, d.event_type, d.job_id, d.payload, d.status, d.attempts,
  d.next_attempt_at, d.last_status_code, d.last_error, d.created_at, d.delivered_at`;

function deliveryOf(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventType: row.event_type as WebhookEventType,
    jobId: row.job_id,
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === "pending" ? row.next_attempt_at : null,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

/** Which deliveries to list, newest first. */
export interface DeliveryFilter {
  readonly endpointId?: string | undefined;
  readonly status?: WebhookDeliveryStatus | undefined;
  readonly limit: number;
}

/** Deliveries to the caller's endpoints (an admin: to every endpoint), newest first. */
export async function listDeliveries(
  database: Queryable,
  caller: Caller,
  filter: DeliveryFilter,
  signal?: AbortSignal,
): Promise<WebhookDelivery[]> {
  const owner = visibleOwner(caller);
  if (filter.endpointId !== undefined) {
    const [endpoint] = await database.query(
      "SELECT 1 FROM webhook_endpoints WHERE id = $1 AND ($2::text IS NULL OR user_id = $2)",
      [filter.endpointId, owner ?? null],
      { signal },
    );
    if (endpoint === undefined) throw new WebhookNotFoundError("endpoint", filter.endpointId);
  }
  const rows = await database.query<DeliveryRow>(
    `SELECT ${deliveryColumns} FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
     WHERE ($1::text IS NULL OR e.user_id = $1) AND ($2::text IS NULL OR d.endpoint_id = $2)
       AND ($3::text IS NULL OR d.status = $3)
     ORDER BY d.created_at DESC, d.id DESC LIMIT $4`,
    [owner ?? null, filter.endpointId ?? null, filter.status ?? null, filter.limit],
    { signal },
  );
  return rows.map(deliveryOf);
}

/**
 * Sends a delivery again (the same message id and body, so a receiver that already has it can
 * tell): it goes back to `pending`, due now, with its attempt count reset, whatever its status.
 */
export async function replayDelivery(
  database: Queryable,
  caller: Caller,
  deliveryId: string,
  signal?: AbortSignal,
): Promise<WebhookDelivery> {
  const owner = visibleOwner(caller);
  const [row] = await database.query<DeliveryRow>(
    `UPDATE webhook_deliveries d SET status = 'pending', attempts = 0, next_attempt_at = now(), delivered_at = NULL
     FROM webhook_endpoints e
     WHERE d.id = $1 AND e.id = d.endpoint_id AND e.disabled_at IS NULL AND ($2::text IS NULL OR e.user_id = $2)
     RETURNING ${deliveryColumns}`,
    [deliveryId, owner ?? null],
    { signal },
  );
  if (row === undefined) throw new WebhookNotFoundError("delivery", deliveryId);
  await database.query("SELECT pg_notify($1, '')", [webhookChannel], { signal });
  return deliveryOf(row);
}
