import type { Context } from "hono";
import { streamSSE, type SSEStreamingApi } from "hono/streaming";
import type { Caller } from "../users/index.ts";
import type { EventStreamTiming } from "./dependencies.ts";
import { errorResponse, NotFoundError } from "./errors.ts";
import type { CourseJobs } from "./ports.ts";
import type { AppEnv } from "./route.ts";

/** Event types after which a job emits nothing more: the stream ends after sending one. */
export const terminalEventTypes: ReadonlySet<string> = new Set(["job.succeeded", "job.failed", "job.canceled"]);

const terminalStatuses: ReadonlySet<string> = new Set(["succeeded", "failed", "canceled"]);

// A job's status turns terminal just before its last event is appended: once the status is seen
// terminal, poll this many more times for that event before ending the stream anyway.
const pollsAfterTerminalStatus = 3;
// While no events arrive, the job's status is read every this many polls (about once a second).
const statusCheckEveryPolls = 4;

function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, milliseconds);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Answers `GET /v1/jobs/:id/events`: 404 when the job is not visible, else a server-sent event
 * stream of the job's stored events after `afterId`, then of new ones as they are stored (polled,
 * since the worker may be another process), ending after a terminal event, when the job has
 * ended and nothing more arrives, or when the client disconnects.
 */
export async function streamJobEvents(
  context: Context<AppEnv>,
  options: { jobs: CourseJobs; caller: Caller; jobId: string; afterId: number; timing: EventStreamTiming },
): Promise<Response> {
  const { jobs, caller, jobId, timing } = options;
  const job = await jobs.get(caller, jobId, context.req.raw.signal);
  if (job === undefined) throw new NotFoundError(`No job ${jobId}.`, { jobId });
  context.header("Cache-Control", "no-cache, no-transform");
  context.header("X-Accel-Buffering", "no");
  return streamSSE(context, async (stream) => {
    const stop = new AbortController();
    stream.onAbort(() => stop.abort());
    try {
      await followEvents(stream, { jobs, caller, jobId, afterId: options.afterId, timing, signal: stop.signal });
    } catch (error) {
      if (stop.signal.aborted) return;
      // Headers are sent: report in the stream; the client reconnects with its Last-Event-ID.
      await stream
        .writeSSE({ event: "stream.error", data: JSON.stringify(errorResponse(error).body) })
        .catch(() => undefined);
    }
  });
}

async function followEvents(
  stream: SSEStreamingApi,
  options: {
    jobs: CourseJobs;
    caller: Caller;
    jobId: string;
    afterId: number;
    timing: EventStreamTiming;
    signal: AbortSignal;
  },
): Promise<void> {
  const { jobs, caller, jobId, timing, signal } = options;
  let lastId = options.afterId;
  let lastWrite = performance.now();
  let quietPolls = 0;
  let pollsLeft: number | undefined;
  await stream.write(`retry: ${timing.retryMs}\n\n`);
  while (!signal.aborted) {
    const events = await jobs.events(caller, jobId, lastId, signal);
    if (events === undefined) return;
    for (const event of events) {
      await stream.writeSSE({ id: String(event.id), event: event.type, data: JSON.stringify(event.data) });
      lastId = event.id;
      lastWrite = performance.now();
      if (terminalEventTypes.has(event.type)) return;
    }
    if (events.length === 0) {
      if (pollsLeft !== undefined) {
        pollsLeft -= 1;
        if (pollsLeft <= 0) return;
      } else if (quietPolls % statusCheckEveryPolls === 0) {
        const current = await jobs.get(caller, jobId, signal);
        if (current === undefined) return;
        if (terminalStatuses.has(current.status)) pollsLeft = pollsAfterTerminalStatus;
      }
      quietPolls += 1;
    } else {
      quietPolls = 0;
    }
    if (performance.now() - lastWrite >= timing.keepAliveMs) {
      await stream.write(": keep-alive\n\n");
      lastWrite = performance.now();
    }
    await sleep(timing.pollIntervalMs, signal);
  }
}
