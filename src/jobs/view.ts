import type { JobRow, JobStatus } from "../store/index.ts";

/** A job as the API shows it (dates become ISO strings in JSON). */
export interface JobView {
  readonly id: string;
  readonly status: JobStatus;
  /** The validated course request the job was submitted with. */
  readonly request: unknown;
  readonly reviewOutline: boolean;
  readonly stepsTotal: number;
  readonly stepsDone: number;
  readonly courseId: string | null;
  readonly failure: { readonly code: string; readonly reason: string } | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
}

/** The public view of a job row (no worker or idempotency bookkeeping). */
export function toJobView(job: JobRow): JobView {
  return {
    id: job.id,
    status: job.status,
    request: job.request,
    reviewOutline: job.reviewOutline,
    stepsTotal: job.stepsTotal,
    stepsDone: job.stepsDone,
    courseId: job.courseId,
    failure: job.failureCode === null ? null : { code: job.failureCode, reason: job.failureReason ?? "" },
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}
