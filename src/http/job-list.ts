import type { Queryable } from "../db/port.ts";
import type { JobView } from "./ports.ts";
import type { CourseKey } from "../store/index.ts";

interface JobListRecord extends Record<string, unknown> {
  id: string;
  status: JobView["status"];
  request: unknown;
  review_outline: boolean | null;
  steps_total: number;
  steps_done: number;
  course_id: string | null;
  failure_code: string | null;
  failure_reason: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  created_at_key: string;
}

/**
 * A page of jobs, newest first: of `userId`, or of everyone when it is undefined (admins). Keyset
 * pagination on (created_at to the microsecond, id), as for courses, so pages never skip or repeat.
 */
export async function listJobsOfUser(
  database: Queryable,
  options: { readonly userId: string | undefined; readonly status?: JobView["status"] | undefined; readonly limit: number; readonly after?: CourseKey | undefined },
  signal?: AbortSignal,
): Promise<{ jobs: JobView[]; next: CourseKey | undefined }> {
  const conditions: string[] = [];
  const parameters: unknown[] = [];
  if (options.userId !== undefined) {
    parameters.push(options.userId);
    conditions.push(`user_id = $${parameters.length}`);
  }
  if (options.status !== undefined) {
    parameters.push(options.status);
    conditions.push(`status = $${parameters.length}`);
  }
  if (options.after !== undefined) {
    parameters.push(options.after.createdAtKey, options.after.id);
    conditions.push(`(created_at, id) < ($${parameters.length - 1}::timestamptz, $${parameters.length})`);
  }
  parameters.push(options.limit + 1);
  const records = await database.query<JobListRecord>(
    `SELECT id, status, request, review_outline, steps_total, steps_done, course_id, failure_code, failure_reason,
            created_at, started_at, finished_at,
            to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_key
       FROM course_generation_jobs ${conditions.length === 0 ? "" : `WHERE ${conditions.join(" AND ")}`}
      ORDER BY created_at DESC, id DESC LIMIT $${parameters.length}`,
    parameters,
    { signal },
  );
  const page = records.slice(0, options.limit);
  const last = page.at(-1);
  return {
    jobs: page.map((record) => ({
      id: record.id,
      status: record.status,
      request: record.request,
      reviewOutline: record.review_outline ?? false,
      stepsTotal: record.steps_total,
      stepsDone: record.steps_done,
      courseId: record.course_id,
      failure: record.failure_code === null ? null : { code: record.failure_code, reason: record.failure_reason ?? "" },
      createdAt: record.created_at,
      startedAt: record.started_at,
      finishedAt: record.finished_at,
    })),
    next: records.length > options.limit && last !== undefined ? { createdAtKey: last.created_at_key, id: last.id } : undefined,
  };
}
