/**
 * What a webhook endpoint can subscribe to: a course finished (`course.succeeded`), a course failed
 * (`course.failed`), an outline waits for the teacher's review (`job.awaiting_approval`). The
 * trigger of migration 018 maps the job events to these names; keep the two lists in step.
 */
export const webhookEventTypes = ["course.succeeded", "course.failed", "job.awaiting_approval"] as const;

/** One of {@link webhookEventTypes}. */
export type WebhookEventType = (typeof webhookEventTypes)[number];

/**
 * The JSON body of every delivery (Standard Webhooks' `type`, `timestamp`, `data`). `data.courseId`
 * is set for `course.succeeded`; `data.code` and `data.message` for `course.failed`.
 */
export interface WebhookPayload {
  readonly type: WebhookEventType;
  readonly timestamp: string;
  readonly data: {
    readonly jobId: string;
    readonly userId?: string;
    readonly courseId?: string;
    readonly code?: string;
    readonly message?: string;
  };
}
