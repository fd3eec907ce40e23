import type { z } from "zod";
import type { Links } from "./links.ts";
import type { JobView } from "./ports.ts";
import type { JobResponse } from "./schemas.ts";

/** A date as ISO 8601 text (the jobs layer may hand over `Date`s or strings). */
export function isoDate(value: Date | string): string {
  return typeof value === "string" ? new Date(value).toISOString() : value.toISOString();
}

function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : isoDate(value);
}

/** The JSON shape of a job, with its links. */
export function presentJob(job: JobView, links: Links): z.output<typeof JobResponse> {
  return {
    id: job.id,
    status: job.status,
    request: job.request as z.output<typeof JobResponse>["request"],
    reviewOutline: job.reviewOutline,
    stepsTotal: job.stepsTotal,
    stepsDone: job.stepsDone,
    courseId: job.courseId,
    failure: job.failure === null ? null : { code: job.failure.code, reason: job.failure.reason },
    createdAt: isoDate(job.createdAt),
    startedAt: isoOrNull(job.startedAt),
    finishedAt: isoOrNull(job.finishedAt),
    links: links.job(job),
  };
}
