import { setTimeout as delay } from "node:timers/promises";
import { Webhook } from "standardwebhooks";
import type { Database } from "../db/index.ts";
import { webhookChannel } from "./deliveries.ts";
import type { WebhookPayload } from "./event-types.ts";
import { checkResolvedAddress, type UrlPolicy } from "./url-policy.ts";

/** How deliveries are sent. */
export interface WebhookDispatcherOptions {
  readonly database: Database;
  /** Waits after the 1st, 2nd, … failed attempt; once they are used up the delivery is `failed`. */
  readonly retryDelaysSeconds: readonly number[];
  /** Per attempt; a slower receiver counts as a failed attempt. */
  readonly timeoutMs: number;
  readonly policy: UrlPolicy;
  /** Sent as `user-agent`. */
  readonly userAgent: string;
  /** Deliveries sent at once (default 10). */
  readonly batchSize?: number;
  /** Longest sleep between looks at the table, for retries coming due (default 30 s). */
  readonly idleCheckMs?: number;
  /** A failure of the dispatcher itself (the database), never of a receiver. */
  readonly onError?: (error: unknown) => void;
  /** Called after each attempt (logs and tests). */
  readonly onAttempt?: (attempt: DeliveryAttempt) => void;
}

/** What one attempt of one delivery got. */
export interface DeliveryAttempt {
  readonly deliveryId: string;
  readonly endpointId: string;
  readonly attempt: number;
  readonly delivered: boolean;
  readonly statusCode: number | null;
  /** Why it failed (no secret and no response body in it). */
  readonly error: string | null;
  /** `delivered`, `pending` (to be tried again) or `failed` (given up). */
  readonly status: "delivered" | "pending" | "failed";
}

/** A running dispatcher. */
export interface WebhookDispatcher {
  /** Sends every delivery due now (and what comes due while sending); answers how many attempts it made. */
  deliverDue(signal?: AbortSignal): Promise<number>;
  /** Stops after the attempts in flight. */
  stop(): Promise<void>;
}

interface ClaimedRow extends Record<string, unknown> {
  id: string;
  endpoint_id: string;
  payload: WebhookPayload;
  attempts: number;
  url: string;
  secret: string;
}

// The lease: a claimed delivery is due again after this long, so one whose sender died mid-attempt
// is retried by another process instead of being lost.
const leaseMarginMs = 30_000;
const minimumWaitMs = 50;

function reasonOf(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return `no answer within ${timeoutMs} ms`;
  if (error instanceof Error && error.name === "WebhookUrlRejectedError") return error.message;
  // undici's "fetch failed" hides the reason in its cause (ECONNREFUSED, ENOTFOUND, …).
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  return `could not connect${code === undefined ? "" : ` (${code})`}`;
}

async function attempt(
  row: ClaimedRow,
  options: WebhookDispatcherOptions,
): Promise<{ statusCode: number | null; error: string | null }> {
  const body = JSON.stringify(row.payload);
  const timestamp = new Date();
  try {
    await checkResolvedAddress(row.url, options.policy);
    const response = await fetch(row.url, {
      method: "POST",
      // A redirect is not followed: it could lead anywhere, a private address included.
      redirect: "manual",
      headers: {
        "content-type": "application/json",
        "user-agent": options.userAgent,
        "webhook-id": row.id,
        "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1_000)),
        "webhook-signature": new Webhook(row.secret).sign(row.id, timestamp, body),
      },
      body,
      // Its own timeout only: a stopping process lets attempts in flight end and records them.
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    // Read (and drop) the answer so the connection is released; its content is never stored.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { statusCode: response.status, error: null };
    return { statusCode: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    return { statusCode: null, error: reasonOf(error, options.timeoutMs) };
  }
}

/**
 * Starts sending webhook deliveries: wakes when the outbox queues one (NOTIFY on
 * {@link webhookChannel}) and when a retry comes due, claims due rows with `FOR UPDATE SKIP LOCKED`
 * (so any number of processes can run one), signs each body per Standard Webhooks and records the
 * outcome. Receivers never slow generation: the outbox row is written with the job's event, and
 * everything else happens here.
 */
export async function startWebhookDispatcher(options: WebhookDispatcherOptions): Promise<WebhookDispatcher> {
  const { database } = options;
  const batchSize = options.batchSize ?? 10;
  const idleCheckMs = options.idleCheckMs ?? 30_000;
  const stopping = new AbortController();
  let wake: (() => void) | undefined;
  const poke = () => wake?.();
  const unlisten = await database.listen(webhookChannel, { onNotification: poke, onReconnect: poke });

  const claim = (limit: number, signal: AbortSignal) =>
    database.query<ClaimedRow>(
      `WITH due AS (
         SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED
       )
       UPDATE webhook_deliveries d
       SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
       FROM due, webhook_endpoints e
       WHERE d.id = due.id AND e.id = d.endpoint_id
       RETURNING d.id, d.endpoint_id, d.payload, d.attempts, e.url, e.secret`,
      [limit, (options.timeoutMs + leaseMarginMs) / 1_000],
      { signal },
    );

  const record = async (row: ClaimedRow, outcome: { statusCode: number | null; error: string | null }) => {
    const delivered = outcome.error === null;
    const retryDelay = options.retryDelaysSeconds[row.attempts - 1];
    const status = delivered ? "delivered" : retryDelay === undefined ? "failed" : "pending";
    await database.query(
      `UPDATE webhook_deliveries SET status = $2, last_status_code = $3, last_error = $4,
         delivered_at = CASE WHEN $2 = 'delivered' THEN now() END,
         next_attempt_at = CASE WHEN $2 = 'pending' THEN now() + make_interval(secs => $5) ELSE next_attempt_at END
       WHERE id = $1 AND attempts = $6`,
      [row.id, status, outcome.statusCode, outcome.error, retryDelay ?? 0, row.attempts],
    );
    options.onAttempt?.({
      deliveryId: row.id,
      endpointId: row.endpoint_id,
      attempt: row.attempts,
      delivered,
      statusCode: outcome.statusCode,
      error: outcome.error,
      status,
    });
  };

  // Deliveries in flight, at most `batchSize`: each is recorded as soon as it ends, and a slow
  // receiver holds up only its own deliveries, never the others'.
  const inFlight = new Set<Promise<void>>();
  const startDue = async (signal: AbortSignal): Promise<number> => {
    const room = batchSize - inFlight.size;
    if (room <= 0) return 0;
    const rows = await claim(room, signal);
    for (const row of rows) {
      const sending: Promise<void> = attempt(row, options)
        .then((outcome) => record(row, outcome))
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
    return rows.length;
  };

  const deliverDue = async (signal: AbortSignal = stopping.signal): Promise<number> => {
    let made = 0;
    for (;;) {
      made += await startDue(signal);
      if (inFlight.size === 0) return made;
      await Promise.race(inFlight);
    }
  };

  const nextDueInMs = async (): Promise<number> => {
    const [row] = await database.query<{ due: Date | null }>(
      "SELECT min(next_attempt_at) AS due FROM webhook_deliveries WHERE status = 'pending'",
      [],
      { signal: stopping.signal },
    );
    if (row?.due == null) return idleCheckMs;
    return Math.min(idleCheckMs, row.due.getTime() - Date.now());
  };

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      const woken = new Promise<void>((resolve) => (wake = resolve));
      try {
        await startDue(stopping.signal);
        // At least a moment: rows due now but held by another process's claim are not ours to wait on.
        const wait = Math.max(minimumWaitMs, await nextDueInMs());
        await Promise.race([woken, delay(wait, undefined, { signal: stopping.signal }), ...inFlight]).catch(
          () => undefined,
        );
      } catch (error) {
        if (stopping.signal.aborted) break;
        options.onError?.(error);
        await delay(1_000, undefined, { signal: stopping.signal }).catch(() => undefined);
      }
    }
  })();

  return {
    deliverDue,
    async stop() {
      stopping.abort();
      wake?.();
      await loop;
      // Attempts in flight end within their timeout and are recorded.
      await Promise.allSettled([...inFlight]);
      await unlisten();
    },
  };
}
