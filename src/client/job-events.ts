import { createParser, type EventSourceMessage } from "eventsource-parser";
import { apiErrorOf } from "./errors.ts";

/** One event of a job's stream (`GET /v1/jobs/{id}/events`): its id, type and JSON data. */
export interface JobEventMessage {
  readonly id: string | undefined;
  readonly type: string;
  readonly data: unknown;
}

/** The event types after which a job's stream ends. */
export const terminalJobEventTypes: ReadonlySet<string> = new Set(["job.succeeded", "job.failed", "job.canceled"]);

/** Where and how to read a job's events. */
export interface FollowJobEventsOptions {
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: typeof fetch;
  readonly signal?: AbortSignal | undefined;
  /** Resume after this event id (`Last-Event-ID`). */
  readonly lastEventId?: string | undefined;
}

function parsed(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/**
 * Yields a job's events, replayed from the start (or after `lastEventId`) and then live, until a
 * terminal one; reconnects with `Last-Event-ID` when the server ends a stream early, as a browser's
 * EventSource would. An error answer throws a `CourseforgeApiError`.
 */
export async function* followJobEvents(
  jobId: string,
  options: FollowJobEventsOptions,
): AsyncGenerator<JobEventMessage> {
  let lastEventId = options.lastEventId;
  const url = `${options.baseUrl.replace(/\/+$/, "")}/v1/jobs/${encodeURIComponent(jobId)}/events`;
  for (;;) {
    options.signal?.throwIfAborted();
    const response = await options.fetch(url, {
      headers: {
        ...options.headers,
        accept: "text/event-stream",
        ...(lastEventId === undefined ? {} : { "last-event-id": lastEventId }),
      },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!response.ok || response.body === null) {
      const body: unknown = await response.json().catch(() => undefined);
      throw apiErrorOf(response, body);
    }
    const pending: JobEventMessage[] = [];
    const parser = createParser({
      onEvent(message: EventSourceMessage) {
        if (message.id) lastEventId = message.id;
        pending.push({ id: message.id, type: message.event ?? "message", data: parsed(message.data) });
      },
    });
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
        for (const event of pending.splice(0)) {
          yield event;
          if (terminalJobEventTypes.has(event.type)) return;
        }
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  }
}
