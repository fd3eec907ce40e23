import type { Queryable } from "../db/port.ts";
import { createdAtKeyColumn, readNewestFirstPage, type PageKey } from "./keyset-page.ts";
import type { Course } from "../course/index.ts";

/**
 * Stores a job's course, marks the job succeeded and appends its `job.succeeded` event in one
 * statement (one round trip, one commit): all three or none.
 */
export async function storeSucceededCourse(
  database: Queryable,
  jobId: string,
  course: Course,
  event: { type: string; data: unknown },
  signal?: AbortSignal,
): Promise<void> {
  await database.query(
    `WITH stored AS (
       INSERT INTO courses (id, title, topic, language, format_version, document) VALUES ($2, $3, $4, $5, $6, $7::jsonb) RETURNING id
     ), succeeded AS (
       UPDATE course_generation_jobs SET status = 'succeeded', course_id = (SELECT id FROM stored), finished_at = now(), updated_at = now()
        WHERE id = $1 RETURNING id
     )
     INSERT INTO course_generation_events (job_id, type, data) SELECT id, $8, $9::jsonb FROM succeeded`,
    [
      jobId,
      course.id,
      course.title,
      course.topic,
      course.language,
      course.formatVersion,
      JSON.stringify(course),
      event.type,
      JSON.stringify(event.data),
    ],
    { signal },
  );
}

/** A stored course without its document: what a listing shows. */
export interface CourseSummaryRow {
  readonly id: string;
  readonly title: string;
  readonly topic: string;
  readonly language: string;
  readonly formatVersion: string;
  /** The owner; `null` for courses made outside the service (e.g. by `courseforge generate`). */
  readonly userId: string | null;
  readonly jobId: string | null;
  /** The revision `document` is (1 until a teacher regenerates a part or restores one). */
  readonly currentRevision: number;
  readonly createdAt: Date;
  /** `created_at` with its microseconds, as UTC ISO text: the exact keyset position (a `Date` keeps only milliseconds). */
  readonly createdAtKey: string;
}

/** Who is reading: an owner's id, or `undefined` to read every course (admins). */
export interface CourseReader {
  readonly userId: string | undefined;
}

/** A position in the newest-first order of courses, taken from the last row of a page. */
export type CourseKey = PageKey;

interface CourseSummaryRecord extends Record<string, unknown> {
  id: string;
  title: string;
  topic: string;
  language: string;
  format_version: string;
  user_id: string | null;
  job_id: string | null;
  current_revision?: number;
  created_at: Date;
  created_at_key: string;
}

const summaryColumns = "id, title, topic, language, format_version, user_id, job_id, current_revision, created_at";
const summaryWithKey = `${summaryColumns}, ${createdAtKeyColumn}`;

function toSummary(record: CourseSummaryRecord): CourseSummaryRow {
  return {
    id: record.id,
    title: record.title,
    topic: record.topic,
    language: record.language,
    formatVersion: record.format_version,
    userId: record.user_id,
    jobId: record.job_id,
    currentRevision: record.current_revision ?? 1,
    createdAt: record.created_at,
    createdAtKey: record.created_at_key,
  };
}

/**
 * One page of courses, newest first (ties broken by id), by keyset: pass the last row's
 * {@link CourseKey} as `after` to get the next page. `next` is set when more rows follow.
 */
export async function listCoursesOfUser(
  database: Queryable,
  options: CourseReader & { readonly limit: number; readonly after?: CourseKey | undefined },
  signal?: AbortSignal,
): Promise<{ courses: CourseSummaryRow[]; next: CourseKey | undefined }> {
  const page = await readNewestFirstPage<CourseSummaryRecord>(
    database,
    {
      table: "courses",
      columns: summaryColumns,
      where: { user_id: options.userId },
      limit: options.limit,
      after: options.after,
    },
    signal,
  );
  return { courses: page.rows.map(toSummary), next: page.next };
}

/** Reads a course with its summary when `reader` may see it (its owner, or everyone for `userId: undefined`). */
export async function findCourseOfUser(
  database: Queryable,
  id: string,
  reader: CourseReader,
  signal?: AbortSignal,
): Promise<{ summary: CourseSummaryRow; course: Course } | undefined> {
  const [record] = await database.query<CourseSummaryRecord & { document: Course }>(
    `SELECT ${summaryWithKey}, document FROM courses WHERE id = $1 AND ($2::text IS NULL OR user_id = $2)`,
    [id, reader.userId ?? null],
    { signal },
  );
  return record === undefined ? undefined : { summary: toSummary(record), course: record.document };
}
