import { createParser } from "eventsource-parser";
import { ApiError, type ApiClient } from "./client.ts";
import type { JobEvent } from "./types.ts";

/** Event types after which a job's stream ends. */
export const terminalEvents: ReadonlySet<string> = new Set(["job.succeeded", "job.failed", "job.canceled"]);

/** What {@link followJobEvents} reports besides events. */
export interface FollowHandlers {
  onEvent(event: JobEvent): void;
  /** The connection state: `live` while a stream is open, `reconnecting` between attempts. */
  onConnection?(state: "live" | "reconnecting", error?: unknown): void;
}

// A frame whose data is not an event of the type it names (a proxy's garbage, a torn write) is
// skipped rather than handed on as something it is not; its id still counts, so it is not asked for again.
function isEventData(data: unknown, type: string): data is JobEvent["data"] {
  return typeof data === "object" && data !== null && (data as { type?: unknown }).type === type;
}

function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, milliseconds);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Follows `GET /v1/jobs/:id/events` with fetch (EventSource cannot send the Authorization header):
 * parses the stream, and when the connection drops reconnects with `Last-Event-ID` so that no event
 * is lost or repeated, until a terminal event arrives or `signal` aborts. Errors the server answers
 * before streaming (401, 404) end the follow by throwing; network failures are retried.
 */
export async function followJobEvents(
  api: ApiClient,
  jobId: string,
  handlers: FollowHandlers,
  options: { signal: AbortSignal; afterId?: number },
): Promise<void> {
  const { signal } = options;
  let lastId = options.afterId ?? 0;
  let retryMs = 2_000;
  let finished = false;
  let emptyEnds = 0;
  while (!signal.aborted && !finished) {
    try {
      const headers: Record<string, string> = { accept: "text/event-stream" };
      if (lastId > 0) headers["last-event-id"] = String(lastId);
      const response = await api.fetchRaw(`/v1/jobs/${encodeURIComponent(jobId)}/events`, { signal, headers });
      if (response.body === null)
        throw new ApiError({ status: response.status, code: "NETWORK", message: "The event stream has no body." });
      handlers.onConnection?.("live");
      const idBefore = lastId;
      const parser = createParser({
        onRetry: (milliseconds) => {
          retryMs = milliseconds;
        },
        onEvent: (message) => {
          if (message.event === "stream.error") return;
          const id = Number(message.id);
          if (!Number.isFinite(id) || id <= lastId) return;
          lastId = id;
          const type = message.event ?? "message";
          // The server's own JobEvent contract (src/jobs): `data` is the event whose type `event:` names.
          let data: unknown;
          try {
            data = JSON.parse(message.data);
          } catch {
            data = undefined;
          }
          if (isEventData(data, type)) handlers.onEvent({ id, type, data } as JobEvent);
          if (terminalEvents.has(type)) finished = true;
        },
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(value);
          if (finished) break;
        }
      } finally {
        await reader.cancel().catch(() => undefined);
      }
      // A stream that ended without its terminal event was cut (a restart, a proxy): resume it, unless
      // the server keeps ending it with nothing new, which it does for a job that has ended.
      if (!finished) {
        emptyEnds = lastId === idBefore ? emptyEnds + 1 : 0;
        if (emptyEnds >= 2) return;
        await sleep(Math.min(retryMs, 1_000), signal);
      }
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof ApiError && error.code !== "NETWORK" && error.status < 500) throw error;
      handlers.onConnection?.("reconnecting", error);
      await sleep(retryMs, signal);
    }
  }
}
