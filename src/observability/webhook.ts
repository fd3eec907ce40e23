import { setTimeout as delay } from "node:timers/promises";
import { CourseforgeError } from "../errors/index.ts";
import type { Alert } from "./alert-store.ts";

/** A webhook that kept failing after every retry. */
export class WebhookDeliveryError extends CourseforgeError {
  static readonly code = "ALERT_WEBHOOK_FAILED";
  constructor(message: string, details: Record<string, unknown>, cause?: unknown) {
    super("ALERT_WEBHOOK_FAILED", message, {
      details,
      cause,
      retryable: true,
      suggestion: "Check COURSEFORGE_ALERT_WEBHOOK_URL and that the receiver accepts POSTed JSON.",
    });
  }
}

/** Slack-compatible message (`text`, plus `blocks` for richer clients). */
export interface SlackMessage {
  readonly text: string;
  readonly blocks?: ReadonlyArray<Record<string, unknown>>;
}

/** How a webhook is retried. */
export interface WebhookOptions {
  /** Tries in all (default 5). */
  readonly attempts?: number;
  /** Delay before the second try, doubled each time (default 500 ms), capped at `maxDelayMs` (default 10 s). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Per-try timeout (default 10 s). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Waits between tries (tests pass a recorder). */
  readonly sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** The message of an alert that opened or resolved. */
export function alertMessage(alert: Alert, change: "opened" | "resolved"): SlackMessage {
  const icon =
    change === "resolved" ? ":white_check_mark:" : alert.severity === "critical" ? ":rotating_light:" : ":warning:";
  const text = `${icon} [${change === "resolved" ? "RESOLVED" : alert.severity.toUpperCase()}] ${alert.rule} (${alert.key}): ${alert.message}`;
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text } },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: `alert #${alert.id} · first seen ${alert.firstSeen.toISOString()} · seen ${alert.count}×`,
          },
        ],
      },
    ],
  };
}

/**
 * POSTs `message` as JSON to `url`, retrying network errors, 429 and 5xx with exponential backoff;
 * another 4xx fails at once. Throws {@link WebhookDeliveryError} when every try failed.
 */
export async function postWebhook(url: string, message: SlackMessage, options: WebhookOptions = {}): Promise<void> {
  const attempts = options.attempts ?? 5;
  const sleep =
    options.sleep ?? ((ms: number, signal: AbortSignal | undefined) => delay(ms, undefined, signal ? { signal } : {}));
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    if (attempt > 1)
      await sleep(
        Math.min((options.baseDelayMs ?? 500) * 2 ** (attempt - 2), options.maxDelayMs ?? 10_000),
        options.signal,
      );
    try {
      const signal = AbortSignal.any([
        AbortSignal.timeout(options.timeoutMs ?? 10_000),
        ...(options.signal ? [options.signal] : []),
      ]);
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(message),
        signal,
      });
      await response.arrayBuffer();
      if (response.ok) return;
      last = new Error(`HTTP ${response.status}`);
      if (response.status < 500 && response.status !== 429) break;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      last = error;
    }
  }
  // The URL may hold a secret path (Slack's does): only its origin goes into the error.
  throw new WebhookDeliveryError(
    `The alert webhook failed: ${last instanceof Error ? last.message : String(last)}.`,
    { origin: new URL(url).origin, attempts },
    last,
  );
}
