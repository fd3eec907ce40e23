import type { Outline } from "../course/index.ts";
import type { Queryable } from "../db/port.ts";
import type { ProgressEvent } from "../generation/index.ts";
import { appendEvent } from "../store/index.ts";

/**
 * Events of a job's life in the service, stored with the pipeline's progress events
 * (`job.started`, `step.*`, `job.succeeded`, `job.failed`) in the same stream, for SSE replay.
 */
export type JobLifecycleEvent =
  | { readonly type: "job.queued"; readonly jobId: string; readonly priority: number }
  | { readonly type: "job.awaiting_approval"; readonly jobId: string; readonly outline: Outline }
  | {
      readonly type: "job.outline_updated";
      readonly jobId: string;
      readonly outline: Outline;
      readonly stepsTotal: number;
    }
  | { readonly type: "job.approved"; readonly jobId: string }
  | {
      /** The job started from a similar finished course (docs/cost.md, "Similar-course reuse"). */
      readonly type: "job.reused";
      readonly jobId: string;
      readonly mode: "outline" | "course";
      readonly fromCourseId: string;
      /** What the reused part had cost to make, saved this time. */
      readonly savedCostUsd: number;
    }
  | { readonly type: "job.canceled"; readonly jobId: string; readonly message: string }
  | {
      /** A model call of the job waits out a provider outage; the job stays `running` and resumes by itself. */
      readonly type: "job.waiting";
      readonly jobId: string;
      readonly reason: "provider_unavailable";
      readonly step: string;
      readonly model: string;
      /** What signalled the outage: `LLM_CIRCUIT_OPEN` or `LLM_PROVIDER_UNAVAILABLE`. */
      readonly code: string;
      /** Milliseconds until the next try. */
      readonly retryInMs: number;
    }
  | {
      /** Past the service's daily USD budget a new job waits; it starts by itself once the budget allows (docs/limits.md). */
      readonly type: "job.waiting";
      readonly jobId: string;
      readonly reason: "global_budget";
      /** Names the cap, what is spent and what the job needs. */
      readonly message: string;
      readonly retryInMs: number;
    }
  | {
      readonly type: "job.requeued";
      readonly jobId: string;
      /**
       * `worker_stopped`: its worker shut down; `stale`: its worker stopped sending heartbeats (died);
       * `resumed`: a job stopped by a budget was resumed (`POST /v1/jobs/:id/resume`).
       */
      readonly reason: "worker_stopped" | "stale" | "resumed";
    };

/**
 * Every event of a job's stream: the pipeline's progress and the service's lifecycle events.
 * `GET /v1/jobs/:id/events` sends each as `event: <type>` with the event itself as `data`; this is
 * the contract the CLI, the web UI and any other client read.
 */
export type JobEvent = ProgressEvent | JobLifecycleEvent;

/** A lifecycle event as stored in the job's stream (`type`, and the event itself as `data`). */
export function storedJobEvent(event: JobLifecycleEvent): { type: JobLifecycleEvent["type"]; data: JobLifecycleEvent } {
  return { type: event.type, data: event };
}

/** Appends a lifecycle event to the job's stream. No signal on purpose: what happened is always recorded. */
export async function appendJobEvent(database: Queryable, event: JobLifecycleEvent): Promise<void> {
  await appendEvent(database, event.jobId, storedJobEvent(event));
}
