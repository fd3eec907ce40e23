import type { CourseIssue } from "../course/index.ts";
import { CourseforgeError } from "../errors/index.ts";

/** The idempotency key was already used by this caller for a different request. */
export class IdempotencyKeyReusedError extends CourseforgeError {
  static readonly code = "IDEMPOTENCY_KEY_REUSED";
  constructor(jobId: string) {
    super("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used for a different request.", {
      details: { jobId },
      suggestion: "Send the same body as the first request with this key, or use a new key for a new request.",
    });
  }
}

/** The job already ended (succeeded or failed): there is nothing left to cancel. */
export class JobAlreadyFinishedError extends CourseforgeError {
  static readonly code = "JOB_ALREADY_FINISHED";
  constructor(jobId: string, status: string) {
    super("JOB_ALREADY_FINISHED", `Job ${jobId} has already ${status}.`, { details: { jobId, status } });
  }
}

/** The outline can only be edited or approved while the job is awaiting approval. */
export class JobNotAwaitingApprovalError extends CourseforgeError {
  static readonly code = "JOB_NOT_AWAITING_APPROVAL";
  constructor(jobId: string, status: string) {
    super("JOB_NOT_AWAITING_APPROVAL", `Job ${jobId} is ${status}, not awaiting outline approval.`, {
      details: { jobId, status },
      suggestion: "Submit the job with reviewOutline: true and wait for the status awaiting_approval.",
    });
  }
}

/** The job has no outline yet (it is queued or still planning). */
export class OutlineNotReadyError extends CourseforgeError {
  static readonly code = "OUTLINE_NOT_READY";
  constructor(jobId: string, status: string) {
    super("OUTLINE_NOT_READY", `Job ${jobId} has no outline yet (status ${status}).`, {
      details: { jobId, status },
      retryable: true,
    });
  }
}

/** An edited outline failed validation; `details.issues` locates every problem. */
export class OutlineInvalidError extends CourseforgeError {
  static readonly code = "OUTLINE_INVALID";
  constructor(issues: CourseIssue[]) {
    super(
      "OUTLINE_INVALID",
      `The outline is invalid: ${issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
        .join("; ")}${issues.length > 3 ? "; …" : ""}`,
      {
        details: { issues },
      },
    );
  }
}

/** The course is being regenerated already: one revision job at a time per course. */
export class RevisionInProgressError extends CourseforgeError {
  static readonly code = "REVISION_IN_PROGRESS";
  constructor(courseId: string, jobId: string | undefined) {
    super(
      "REVISION_IN_PROGRESS",
      `Course ${courseId} is already being regenerated${jobId === undefined ? "" : ` (job ${jobId})`}.`,
      {
        details: { courseId, ...(jobId === undefined ? {} : { jobId }) },
        retryable: true,
        suggestion: "Wait for that job to end (GET /v1/jobs/{jobId}/events) or cancel it, then ask again.",
      },
    );
  }
}

/** The course has no revision with this number. */
export class RevisionNotFoundError extends CourseforgeError {
  static readonly code = "REVISION_NOT_FOUND";
  constructor(courseId: string, number: number) {
    super("REVISION_NOT_FOUND", `Course ${courseId} has no revision ${number}.`, {
      details: { courseId, revision: number },
      suggestion: `List its revisions with GET /v1/courses/${courseId}/revisions.`,
    });
  }
}

/** Restoring the revision the course already serves would change nothing. */
export class RevisionIsCurrentError extends CourseforgeError {
  static readonly code = "REVISION_IS_CURRENT";
  constructor(courseId: string, number: number) {
    super("REVISION_IS_CURRENT", `Revision ${number} is already the current revision of course ${courseId}.`, {
      details: { courseId, revision: number },
    });
  }
}
/** Only a job a budget stopped (failed with `BUDGET_EXCEEDED`) can be resumed. */
export class JobNotResumableError extends CourseforgeError {
  static readonly code = "JOB_NOT_RESUMABLE";
  constructor(jobId: string, status: string, failureCode: string | null) {
    super(
      "JOB_NOT_RESUMABLE",
      `Job ${jobId} is ${status}${failureCode ? ` (${failureCode})` : ""}; only a job stopped by a budget (BUDGET_EXCEEDED) can be resumed.`,
      { details: { jobId, status, failureCode } },
    );
  }
}
