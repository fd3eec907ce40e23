import type { Database } from "../db/port.ts";
import { requeueStaleJobs, takeIdleQueuedJobs } from "../store/index.ts";
import { appendJobEvent } from "./lifecycle-events.ts";
import type { JobQueue } from "./queue.ts";

/** What one sweep changed. */
export interface SweepResult {
  /** Jobs of dead workers, queued again. */
  readonly requeued: string[];
  /** Jobs of dead workers with a cancel pending, now canceled. */
  readonly canceled: string[];
  /** Queued jobs idle for long, whose queue message was sent again (in case it was lost). */
  readonly resent: string[];
}

/**
 * Looks for work nobody is doing, by the database clock: running jobs whose heartbeat is older
 * than `staleAfterSeconds` (their worker died) go back to `queued` and into the queue, and queued
 * jobs idle that long get their queue message sent again (the queue keeps one waiting message per
 * job, so a message still waiting is not doubled). Any worker may sweep at any time.
 */
export async function sweepJobs(options: {
  database: Database;
  queue: JobQueue;
  staleAfterSeconds: number;
  signal?: AbortSignal;
}): Promise<SweepResult> {
  const { database, queue, staleAfterSeconds, signal } = options;
  const requeued: string[] = [];
  const canceled: string[] = [];
  for (const job of await requeueStaleJobs(database, staleAfterSeconds, signal)) {
    if (job.status === "queued") {
      await appendJobEvent(database, { type: "job.requeued", jobId: job.id, reason: "stale" });
      await queue.enqueue(job.id, job.priority, signal);
      requeued.push(job.id);
    } else {
      await appendJobEvent(database, { type: "job.canceled", jobId: job.id, message: "Canceled on request." });
      canceled.push(job.id);
    }
  }
  const resent: string[] = [];
  for (const job of await takeIdleQueuedJobs(database, staleAfterSeconds, 100, signal)) {
    await queue.enqueue(job.id, job.priority, signal);
    resent.push(job.id);
  }
  return { requeued, canceled, resent };
}
