import type { Queryable } from "../db/port.ts";

/**
 * The durable queue that hands job ids to workers. The `course_generation_jobs` row is the source
 * of truth; the queue only carries ids, so a message delivered twice, late, or for a job that has
 * meanwhile ended is harmless: the worker claims the row (queued → running) or skips it.
 */
export interface JobQueue {
  /**
   * Sends a job id to the workers, higher `priority` first. Sending an id that is already waiting
   * in the queue sends nothing (the queue keeps one waiting message per job).
   */
  enqueue(jobId: string, priority: number, signal?: AbortSignal, options?: EnqueueOptions): Promise<void>;
  /**
   * Hands job ids to `handler`, up to `concurrency` at once, until `signal` fires; resolves once
   * the queue is being consumed. A handler that resolves acknowledges its message; one that throws
   * has it delivered again later (for infrastructure failures only: job outcomes are in the row).
   */
  work(
    handler: (jobId: string) => Promise<void>,
    options: { readonly concurrency: number; readonly signal: AbortSignal },
  ): Promise<void>;
  /**
   * A message was just sent (and committed) from this process: its workers look now instead of at
   * their next poll. Workers of other processes still find it at their poll.
   */
  wake?(): void;
  /**
   * Takes up to `limit` waiting job ids now, without a handler (a serverless tick): each must be
   * completed (done with) or failed (delivered again later) by the taker. Empty when none wait.
   */
  take?(limit: number, signal?: AbortSignal): Promise<TakenMessage[]>;
  /** Stops consuming and closes; handlers still running are awaited (up to a timeout). Safe to call twice. */
  stop(): Promise<void>;
}

/** A message taken by {@link JobQueue.take}. */
export interface TakenMessage {
  readonly jobId: string;
  /** Done with it: the message is not delivered again. */
  complete(): Promise<void>;
  /** Not handled (an infrastructure failure): delivered again later. */
  fail(error: Error): Promise<void>;
}

/** Options of {@link JobQueue.enqueue}. */
export interface EnqueueOptions {
  /** Send within this transaction of the Courseforge database: the message commits (or not) with it. */
  readonly transaction?: Queryable | undefined;
}

/** The name of the queue course generation jobs travel on. */
export const courseQueueName = "course-generation";

/** The name of the queue knowledge-base documents travel on to be ingested (ids of `knowledge_documents`). */
export const knowledgeQueueName = "knowledge-ingestion";
