import { randomBytes } from "node:crypto";
import type { Queryable } from "../db/index.ts";
import { CourseforgeError, InvalidInputError } from "../errors/index.ts";
import { visibleOwner, type Caller } from "../users/index.ts";
import { WebhookNotFoundError } from "./errors.ts";
import { webhookEventTypes, type WebhookEventType } from "./event-types.ts";
import { checkWebhookUrl, type UrlPolicy } from "./url-policy.ts";

/** An endpoint as shown to its owner or an admin: never with its secret. */
export interface WebhookEndpoint {
  readonly id: string;
  /** The owner, or `null` for a global endpoint (told of every user's jobs). */
  readonly userId: string | null;
  readonly url: string;
  readonly eventTypes: readonly WebhookEventType[];
  readonly description: string;
  readonly createdAt: Date;
}

/** What registering an endpoint answers: the endpoint and, this once, its signing secret. */
export interface RegisteredWebhookEndpoint extends WebhookEndpoint {
  /** `whsec_…`: verify each delivery's `webhook-signature` with it (Standard Webhooks). */
  readonly secret: string;
}

/** What a caller asks for when registering an endpoint. */
export interface WebhookEndpointInput {
  readonly url: string;
  /** Default: every event type. */
  readonly eventTypes?: readonly WebhookEventType[] | undefined;
  readonly description?: string | undefined;
  /** A global endpoint (admins only): told of every user's jobs. */
  readonly global?: boolean | undefined;
}

/** Endpoints one user may have at once; a global endpoint counts for nobody. */
export const maxEndpointsPerUser = 10;

/** Only an admin may register a global endpoint. */
export class WebhookForbiddenError extends CourseforgeError {
  static readonly code = "FORBIDDEN";
  constructor() {
    super("FORBIDDEN", "Only an admin may register a global webhook endpoint.", {
      suggestion: "Leave out `global` to be told of your own jobs.",
    });
  }
}

interface EndpointRow extends Record<string, unknown> {
  id: string;
  user_id: string | null;
  url: string;
  event_types: string[];
  description: string;
  created_at: Date;
}

function endpointOf(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    userId: row.user_id,
    url: row.url,
    eventTypes: row.event_types as WebhookEventType[],
    description: row.description,
    createdAt: row.created_at,
  };
}

// The signing secret: 24 random bytes, base64, with Standard Webhooks' `whsec_` prefix.
function newSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** Registers an endpoint for the caller (or, for an admin asking `global`, for everyone). */
export async function registerEndpoint(
  database: Queryable,
  caller: Caller,
  input: WebhookEndpointInput,
  policy: UrlPolicy,
  signal?: AbortSignal,
): Promise<RegisteredWebhookEndpoint> {
  if (input.global === true && caller.role !== "admin") throw new WebhookForbiddenError();
  const url = checkWebhookUrl(input.url, policy);
  const eventTypes = [...new Set(input.eventTypes ?? webhookEventTypes)];
  const owner = input.global === true ? null : caller.userId;
  if (owner !== null) {
    const [count] = await database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM webhook_endpoints WHERE user_id = $1 AND disabled_at IS NULL",
      [owner],
      { signal },
    );
    if ((count?.n ?? 0) >= maxEndpointsPerUser)
      throw new InvalidInputError(
        `You already have ${maxEndpointsPerUser} webhook endpoints, the most one user may have.`,
        {
          details: { field: "url", limit: maxEndpointsPerUser },
          suggestion: "Delete one you no longer use (DELETE /v1/webhooks/:id).",
        },
      );
  }
  const secret = newSecret();
  const [row] = await database.query<EndpointRow>(
    `INSERT INTO webhook_endpoints (id, user_id, url, secret, event_types, description)
     VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING id, user_id, url, event_types, description, created_at`,
    [`whe_${randomBytes(10).toString("hex")}`, owner, url, secret, eventTypes, input.description ?? ""],
    { signal },
  );
  return { ...endpointOf(row!), secret };
}

/** The endpoints the caller may see: their own; an admin sees every endpoint, global ones included. */
export async function listEndpoints(
  database: Queryable,
  caller: Caller,
  signal?: AbortSignal,
): Promise<WebhookEndpoint[]> {
  const owner = visibleOwner(caller);
  const rows = await database.query<EndpointRow>(
    `SELECT id, user_id, url, event_types, description, created_at FROM webhook_endpoints
     WHERE disabled_at IS NULL AND ($1::text IS NULL OR user_id = $1)
     ORDER BY created_at, id`,
    [owner ?? null],
    { signal },
  );
  return rows.map(endpointOf);
}

/**
 * Deletes an endpoint the caller may see, with its delivery log. Deliveries not yet sent are
 * dropped: nobody is left to receive them.
 */
export async function deleteEndpoint(
  database: Queryable,
  caller: Caller,
  endpointId: string,
  signal?: AbortSignal,
): Promise<void> {
  const owner = visibleOwner(caller);
  const deleted = await database.query(
    "DELETE FROM webhook_endpoints WHERE id = $1 AND ($2::text IS NULL OR user_id = $2) RETURNING id",
    [endpointId, owner ?? null],
    { signal },
  );
  if (deleted.length === 0) throw new WebhookNotFoundError("endpoint", endpointId);
}
