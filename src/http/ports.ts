import type { CourseRequest, Outline } from "../course/index.ts";
import type { JobStatus, StoredEvent } from "../store/index.ts";
import type { Caller } from "../users/index.ts";

/**
 * A job as the API shows it. Dates may be `Date`s or ISO strings; the API writes ISO strings.
 * `request` is the validated course request the job was submitted with.
 */
export interface JobView {
  readonly id: string;
  readonly status: JobStatus;
  readonly request: unknown;
  readonly reviewOutline: boolean;
  readonly stepsTotal: number;
  readonly stepsDone: number;
  readonly courseId: string | null;
  readonly failure: { readonly code: string; readonly reason: string } | null;
  readonly createdAt: Date | string;
  readonly startedAt: Date | string | null;
  readonly finishedAt: Date | string | null;
}

/** What a caller submits: the course request and whether to pause after the outline. */
export interface SubmitInput {
  readonly request: CourseRequest;
  readonly reviewOutline: boolean;
}

/**
 * The jobs service the API drives (implemented by src/jobs `createCourseJobs`). Every method
 * returns `undefined` when the job is not visible to the caller (not its owner and not an admin),
 * so the API answers 404 without revealing that the job exists. Failures are Courseforge errors
 * with stable codes (`IDEMPOTENCY_KEY_REUSED`, `JOB_ALREADY_FINISHED`, `JOB_NOT_AWAITING_APPROVAL`,
 * `OUTLINE_INVALID`, …) that the API maps to HTTP statuses.
 */
export interface CourseJobs {
  /** Stores and enqueues a job; with an idempotency key already used by this caller for the same body, returns that job with `created: false`. */
  submit(
    caller: Caller,
    input: SubmitInput,
    options: { idempotencyKey?: string },
    signal?: AbortSignal,
  ): Promise<{ job: JobView; created: boolean }>;
  get(caller: Caller, jobId: string, signal?: AbortSignal): Promise<JobView | undefined>;
  /** Requests cancellation; `JOB_ALREADY_FINISHED` for a succeeded or failed job. */
  cancel(caller: Caller, jobId: string, signal?: AbortSignal): Promise<JobView | undefined>;
  getOutline(caller: Caller, jobId: string, signal?: AbortSignal): Promise<Outline | undefined>;
  /** Replaces the outline of a job awaiting approval (validated: `OUTLINE_INVALID` with issues). */
  updateOutline(caller: Caller, jobId: string, outline: unknown, signal?: AbortSignal): Promise<Outline | undefined>;
  approve(caller: Caller, jobId: string, signal?: AbortSignal): Promise<JobView | undefined>;
  /** The job's stored events after `afterId` (0 for all), oldest first. */
  events(caller: Caller, jobId: string, afterId: number, signal?: AbortSignal): Promise<StoredEvent[] | undefined>;
}
