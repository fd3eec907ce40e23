import type { Context } from "hono";
import { streamSSE, type SSEStreamingApi } from "hono/streaming";
import type { JobEventFeed } from "../store/index.ts";
import type { Caller } from "../users/index.ts";
import type { EventStreamTiming } from "./dependencies.ts";
import { errorResponse, NotFoundError } from "./errors.ts";
import type { CourseJobs } from "./ports.ts";
import type { AppEnv } from "./route.ts";
import type { StreamSlots } from "./stream-slots.ts";

/** Event types after which a job emits nothing more: the stream ends after sending one. */
export const terminalEventTypes: ReadonlySet<string> = new Set(["job.succeeded", "job.failed", "job.canceled"]);

const terminalStatuses: ReadonlySet<string> = new Set(["succeeded", "failed", "canceled"]);

/** What {@link streamJobEvents} needs. */
export interface StreamJobEventsOptions {
  readonly jobs: CourseJobs;
  readonly caller: Caller;
  readonly jobId: string;
  readonly afterId: number;
  readonly timing: EventStreamTiming;
  readonly feed: JobEventFeed;
  readonly slots: StreamSlots;
}

/**
 * Answers `GET /v1/jobs/:id/events`: 429 `TOO_MANY_STREAMS` when the caller has the most streams
 * open already, 404 when the job is not visible, else a server-sent event stream of the job's
 * stored events after `afterId`, then of new ones as they are stored (pushed by `feed`: no
 * statement runs while the job is quiet), ending after a terminal event, when the job has ended
 * and nothing more arrives, or when the client disconnects.
 */
export async function streamJobEvents(context: Context<AppEnv>, options: StreamJobEventsOptions): Promise<Response> {
  const { jobs, caller, jobId } = options;
  const release = options.slots.take(caller.userId);
  let streaming = false;
  try {
    const job = await jobs.get(caller, jobId, context.req.raw.signal);
    if (job === undefined) throw new NotFoundError(`No job ${jobId}.`, { jobId });
    context.header("Cache-Control", "no-cache, no-transform");
    context.header("X-Accel-Buffering", "no");
    streaming = true;
    return streamSSE(context, async (stream) => {
      const stop = new AbortController();
      stream.onAbort(() => stop.abort());
      try {
        await followEvents(stream, { ...options, signal: stop.signal });
      } catch (error) {
        if (stop.signal.aborted) return;
        // Headers are sent: report in the stream; the client reconnects with its Last-Event-ID.
        await stream
          .writeSSE({ event: "stream.error", data: JSON.stringify(errorResponse(error).body) })
          .catch(() => undefined);
      } finally {
        release();
      }
    });
  } finally {
    if (!streaming) release();
  }
}

async function followEvents(
  stream: SSEStreamingApi,
  options: StreamJobEventsOptions & { readonly signal: AbortSignal },
): Promise<void> {
  const { jobs, caller, jobId, timing, signal } = options;
  // Set by the feed when events may have been stored; the first read needs no wake-up.
  let woken = true;
  let wakeUp: (() => void) | undefined;
  // Watching before the first read: whatever is stored after that read wakes this stream.
  const unwatch = await options.feed.watch(
    jobId,
    () => {
      woken = true;
      wakeUp?.();
    },
    signal,
  );
  const waitForWakeUp = (milliseconds: number) =>
    new Promise<void>((resolve) => {
      if (woken || signal.aborted) return resolve();
      const timer = setTimeout(done, Math.max(0, milliseconds));
      wakeUp = done;
      signal.addEventListener("abort", done, { once: true });
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        signal.removeEventListener("abort", done);
        resolve();
      }
    });
  try {
    let lastId = options.afterId;
    let lastWrite = performance.now();
    // Set once the job is seen ended: the stream ends then, with or without its terminal event.
    let endAt: number | undefined;
    await stream.write(`retry: ${timing.retryMs}\n\n`);
    while (!signal.aborted) {
      if (woken) {
        woken = false;
        const events = await jobs.events(caller, jobId, lastId, signal);
        if (events === undefined) return;
        for (const event of events) {
          await stream.writeSSE({ id: String(event.id), event: event.type, data: JSON.stringify(event.data) });
          lastId = event.id;
          lastWrite = performance.now();
          if (terminalEventTypes.has(event.type)) return;
        }
        if (events.length === 0 && endAt === undefined) {
          // Nothing new (the first read, a reconnected listener, the feed's sweep): has the job ended?
          const current = await jobs.get(caller, jobId, signal);
          if (current === undefined) return;
          if (terminalStatuses.has(current.status)) endAt = performance.now() + timing.terminalGraceMs;
        }
      }
      if (endAt !== undefined && performance.now() >= endAt) return;
      await waitForWakeUp(Math.min(lastWrite + timing.keepAliveMs, endAt ?? Infinity) - performance.now());
      if (!signal.aborted && performance.now() - lastWrite >= timing.keepAliveMs) {
        await stream.write(": keep-alive\n\n");
        lastWrite = performance.now();
      }
    }
  } finally {
    unwatch();
  }
}
