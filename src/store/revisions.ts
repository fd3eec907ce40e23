import type { Course } from "../course/index.ts";
import type { Database, Queryable } from "../db/port.ts";

/** Where a revision came from. */
export type RevisionOrigin = "generated" | "regenerated" | "restored";

/** A `course_revisions` row without its document: what a listing shows. */
export interface RevisionRow {
  readonly courseId: string;
  readonly number: number;
  readonly origin: RevisionOrigin;
  /** `{ kind, id }` of the part rewritten; `null` for revision 1 and restores. */
  readonly target: unknown;
  readonly instruction: string | null;
  readonly restoredFrom: number | null;
  readonly basedOn: number | null;
  /** `{ kind, id }` of every part that differs from `basedOn`. */
  readonly changedParts: unknown;
  readonly jobId: string | null;
  readonly userId: string | null;
  readonly createdAt: Date;
  /** Whether this is the revision the course serves now. */
  readonly current: boolean;
}

interface RevisionRecord extends Record<string, unknown> {
  course_id: string;
  number: number;
  origin: RevisionOrigin;
  target: unknown;
  instruction: string | null;
  restored_from: number | null;
  based_on: number | null;
  changed_parts: unknown;
  job_id: string | null;
  user_id: string | null;
  created_at: Date;
  current_revision: number;
}

const revisionColumns = `r.course_id, r.number, r.origin, r.target, r.instruction, r.restored_from, r.based_on,
  r.changed_parts, r.job_id, r.user_id, r.created_at, c.current_revision`;

function toRevision(record: RevisionRecord): RevisionRow {
  return {
    courseId: record.course_id,
    number: record.number,
    origin: record.origin,
    target: record.target,
    instruction: record.instruction,
    restoredFrom: record.restored_from,
    basedOn: record.based_on,
    changedParts: record.changed_parts,
    jobId: record.job_id,
    userId: record.user_id,
    createdAt: record.created_at,
    current: record.number === record.current_revision,
  };
}

/** Every revision of a course, oldest first (a course has few: each is a teacher's request). */
export async function listRevisions(
  database: Queryable,
  courseId: string,
  signal?: AbortSignal,
): Promise<RevisionRow[]> {
  const records = await database.query<RevisionRecord>(
    `SELECT ${revisionColumns} FROM course_revisions r JOIN courses c ON c.id = r.course_id
      WHERE r.course_id = $1 ORDER BY r.number`,
    [courseId],
    { signal },
  );
  return records.map(toRevision);
}

/** One revision with its whole document, or `undefined`. */
export async function findRevision(
  database: Queryable,
  courseId: string,
  number: number,
  signal?: AbortSignal,
): Promise<{ revision: RevisionRow; course: Course } | undefined> {
  const [record] = await database.query<RevisionRecord & { document: Course }>(
    `SELECT ${revisionColumns}, r.document FROM course_revisions r JOIN courses c ON c.id = r.course_id
      WHERE r.course_id = $1 AND r.number = $2`,
    [courseId, number],
    { signal },
  );
  return record === undefined ? undefined : { revision: toRevision(record), course: record.document };
}

/** A revision to store on top of the course's current one. */
export interface NewRevision {
  readonly courseId: string;
  readonly document: Course;
  readonly origin: Exclude<RevisionOrigin, "generated">;
  readonly target: unknown;
  readonly instruction: string | null;
  readonly restoredFrom: number | null;
  readonly basedOn: number;
  readonly changedParts: unknown;
  readonly jobId: string | null;
  readonly userId: string | null;
}

// Locks the course row, numbers the revision after the highest one, stores it, and makes it the
// course's current document: two writers of one course take turns, so numbers never collide.
async function insertRevision(transaction: Queryable, revision: NewRevision): Promise<number> {
  const [row] = await transaction.query<{ number: number }>(
    `WITH locked AS (SELECT id FROM courses WHERE id = $1 FOR UPDATE),
          next AS (SELECT coalesce(max(number), 0) + 1 AS number FROM course_revisions WHERE course_id = $1)
     INSERT INTO course_revisions (course_id, number, document, origin, target, instruction, restored_from, based_on, changed_parts, job_id, user_id)
     SELECT locked.id, next.number, $2::jsonb, $3, $4::jsonb, $5, $6, $7, $8::jsonb, $9, $10 FROM locked, next
     RETURNING number`,
    [
      revision.courseId,
      JSON.stringify(revision.document),
      revision.origin,
      revision.target === null ? null : JSON.stringify(revision.target),
      revision.instruction,
      revision.restoredFrom,
      revision.basedOn,
      JSON.stringify(revision.changedParts),
      revision.jobId,
      revision.userId,
    ],
  );
  if (row === undefined) throw new Error(`Course ${revision.courseId} was deleted while a revision was stored.`);
  await transaction.query(`UPDATE courses SET document = $2::jsonb, title = $3, current_revision = $4 WHERE id = $1`, [
    revision.courseId,
    JSON.stringify(revision.document),
    revision.document.title,
    row.number,
  ]);
  return row.number;
}

/** Stores a revision made without a job (a restore) and makes it current; returns its number. */
export async function storeRevision(database: Database, revision: NewRevision, signal?: AbortSignal): Promise<number> {
  return database.transaction((transaction) => insertRevision(transaction, revision), { signal });
}

class JobNoLongerHeld extends Error {}

/**
 * Stores a held revision job's revision, makes it current and marks the job succeeded, in one
 * transaction. Returns the revision's number, or `undefined` (storing nothing) when the worker no
 * longer holds the job.
 */
export async function completeHeldRevisionJob(
  database: Database,
  job: { readonly id: string; readonly workerId: string; readonly revision: NewRevision },
  signal?: AbortSignal,
): Promise<number | undefined> {
  try {
    return await database.transaction(
      async (transaction) => {
        const [updated] = await transaction.query(
          `UPDATE course_generation_jobs SET status = 'succeeded', worker_id = NULL, finished_at = now(), updated_at = now()
            WHERE id = $1 AND status = 'running' AND worker_id = $2 RETURNING id`,
          [job.id, job.workerId],
        );
        if (updated === undefined) throw new JobNoLongerHeld();
        return insertRevision(transaction, job.revision);
      },
      { signal },
    );
  } catch (error) {
    if (error instanceof JobNoLongerHeld) return undefined;
    throw error;
  }
}

/** The revision job of a course that is queued or running, if any. */
export async function findActiveRevisionJob(
  database: Queryable,
  courseId: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const [row] = await database.query<{ id: string }>(
    `SELECT id FROM course_generation_jobs
      WHERE revision IS NOT NULL AND revision ->> 'courseId' = $1 AND status IN ('queued', 'running', 'awaiting_approval')`,
    [courseId],
    { signal },
  );
  return row?.id;
}
