import {
  diffCourses,
  locateTarget,
  maxInstructionLength,
  RevisionTarget,
  validateCourse,
  type Course,
  type PartChange,
} from "../course/index.ts";
import { DatabaseQueryError } from "../db/index.ts";
import type { Database } from "../db/port.ts";
import { InvalidInputError } from "../errors/index.ts";
import { RevisionTargetNotFoundError } from "../generation/index.ts";
import type { JobAdmission, LimitReport } from "../limits/index.ts";
import {
  findActiveRevisionJob,
  findCourseOfUser,
  findJob,
  findRevision,
  insertGuardedServiceJob,
  listRevisions,
  storeRevision,
  type RevisionRow,
} from "../store/index.ts";
import { visibleOwner, type Caller } from "../users/index.ts";
import { RevisionInProgressError, RevisionIsCurrentError, RevisionNotFoundError } from "./errors.ts";
import { rolePriority } from "./course-jobs.ts";
import { newId } from "./ids.ts";
import { storedJobEvent } from "./lifecycle-events.ts";
import type { JobQueue } from "./queue.ts";
import { requestOfCourse, type RevisionOrder } from "./revision-order.ts";
import { toJobView, type JobView } from "./view.ts";

/** What a teacher asks for: the part to rewrite and how. */
export interface RevisionRequest {
  readonly target: unknown;
  readonly instruction: unknown;
}

/** A revision asked for: its job, and the RateLimit reports of the limits it was charged to. */
export interface RevisionSubmitted {
  readonly job: JobView;
  readonly limits: readonly LimitReport[];
}

/** Two revisions compared part by part. */
export interface RevisionDiff {
  readonly courseId: string;
  readonly from: number;
  readonly to: number;
  readonly changes: PartChange[];
}

/**
 * The revisions of the courses a caller may see (their own; every course for admins). As for jobs
 * and courses, a course the caller may not see is `undefined` (404), never "forbidden".
 */
export interface CourseRevisions {
  /**
   * Asks for a new revision with one part rewritten: a job like any other (the same queue, the
   * caller's limits through `admission`, progress events, cancel). Checks, in order: the
   * instruction (`INVALID_INPUT`: empty or over {@link maxInstructionLength}), the target's form
   * (`INVALID_INPUT`), that the course has that part (`REVISION_TARGET_NOT_FOUND`), and that no
   * other revision of the course is queued or running (`REVISION_IN_PROGRESS`).
   */
  submit(
    caller: Caller,
    courseId: string,
    revision: RevisionRequest,
    options: { readonly admission?: JobAdmission | undefined },
    signal?: AbortSignal,
  ): Promise<RevisionSubmitted | undefined>;
  /** The course's revisions, oldest first. */
  list(caller: Caller, courseId: string, signal?: AbortSignal): Promise<RevisionRow[] | undefined>;
  /** One revision with its whole document (`REVISION_NOT_FOUND` when the course has no such number). */
  get(
    caller: Caller,
    courseId: string,
    number: number,
    signal?: AbortSignal,
  ): Promise<{ revision: RevisionRow; course: Course } | undefined>;
  /** What changed from revision `from` to revision `to`, part by part. */
  diff(
    caller: Caller,
    courseId: string,
    from: number,
    to: number,
    signal?: AbortSignal,
  ): Promise<RevisionDiff | undefined>;
  /**
   * Makes an older revision current again, as a new revision (the history is never rewritten).
   * `REVISION_IS_CURRENT` for the current one; `REVISION_IN_PROGRESS` while a regeneration runs.
   */
  restore(caller: Caller, courseId: string, number: number, signal?: AbortSignal): Promise<RevisionRow | undefined>;
}

const isActiveRevisionConflict = (error: unknown) =>
  error instanceof DatabaseQueryError &&
  error.sqlState === "23505" &&
  String(error.details.constraint ?? error.message).includes("one_revision");

/** Checks an instruction and returns it trimmed. */
export function parseInstruction(value: unknown): string {
  const text = typeof value === "string" ? value.trim() : "";
  if (text === "")
    throw new InvalidInputError('The instruction is empty: say what to change, e.g. "simpler language".', {
      details: { field: "instruction" },
    });
  if (text.length > maxInstructionLength)
    throw new InvalidInputError(
      `The instruction is ${text.length} characters long; at most ${maxInstructionLength} are allowed.`,
      { details: { field: "instruction", maxLength: maxInstructionLength } },
    );
  return text;
}

/** Checks a target's form (`{ kind, id }`). */
export function parseTarget(value: unknown): RevisionTarget {
  const parsed = RevisionTarget.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new InvalidInputError(
    `Invalid target: ${parsed.error.issues.map((issue) => `${["target", ...issue.path].join(".")}: ${issue.message}`).join("; ")}`,
    { details: { field: "target" } },
  );
}

/** Builds the revisions service on the database and the job queue. */
export function createCourseRevisions(options: {
  readonly database: Database;
  readonly queue: JobQueue;
}): CourseRevisions {
  const { database, queue } = options;
  const visibleCourse = (caller: Caller, courseId: string, signal?: AbortSignal) =>
    findCourseOfUser(database, courseId, { userId: visibleOwner(caller) }, signal);
  const revisionOf = async (courseId: string, number: number, signal?: AbortSignal) => {
    const found = await findRevision(database, courseId, number, signal);
    if (found === undefined) throw new RevisionNotFoundError(courseId, number);
    return found;
  };

  return {
    async submit(caller, courseId, revision, submitOptions, signal) {
      const { admission } = submitOptions;
      let order: RevisionOrder;
      let request: ReturnType<typeof requestOfCourse>;
      try {
        const instruction = parseInstruction(revision.instruction);
        const target = parseTarget(revision.target);
        const found = await visibleCourse(caller, courseId, signal);
        if (found === undefined) {
          admission?.abandon();
          return undefined;
        }
        if (locateTarget(found.course, target) === undefined) throw new RevisionTargetNotFoundError(courseId, target);
        const active = await findActiveRevisionJob(database, courseId, signal);
        if (active !== undefined) throw new RevisionInProgressError(courseId, active);
        const original =
          found.summary.jobId === null ? undefined : await findJob(database, found.summary.jobId, signal);
        request = requestOfCourse(found.course, original?.request);
        order = { courseId, target, instruction, basedOn: found.summary.currentRevision };
      } catch (error) {
        admission?.abandon();
        throw error;
      }
      const id = newId("job");
      const priority = rolePriority[caller.role];
      let inserted: Awaited<ReturnType<typeof insertGuardedServiceJob>>;
      try {
        inserted = await database.transaction(
          async (transaction) => {
            const stored = await insertGuardedServiceJob(
              transaction,
              {
                id,
                userId: caller.userId,
                request,
                priority,
                reviewOutline: false,
                idempotencyKey: undefined,
                firstEvent: storedJobEvent({ type: "job.queued", jobId: id, priority }),
                revision: order,
              },
              admission?.guard,
              signal,
            );
            if (stored.job) await queue.enqueue(stored.job.id, priority, signal, { transaction });
            return stored;
          },
          { signal },
        );
      } catch (error) {
        admission?.abandon();
        // Two requests raced past the check above: the index lets one job through per course.
        if (isActiveRevisionConflict(error)) throw new RevisionInProgressError(courseId, undefined);
        throw error;
      }
      if (inserted.job) queue.wake?.();
      const outcome = admission?.read(inserted.guard, inserted.job !== undefined);
      if (outcome?.admitted === false) throw outcome.refusal;
      if (!inserted.job) throw new Error("unreachable: a revision job was neither stored nor refused");
      return { job: toJobView(inserted.job), limits: outcome?.admitted === true ? outcome.reports : [] };
    },

    async list(caller, courseId, signal) {
      if ((await visibleCourse(caller, courseId, signal)) === undefined) return undefined;
      return listRevisions(database, courseId, signal);
    },

    async get(caller, courseId, number, signal) {
      if ((await visibleCourse(caller, courseId, signal)) === undefined) return undefined;
      return revisionOf(courseId, number, signal);
    },

    async diff(caller, courseId, from, to, signal) {
      if ((await visibleCourse(caller, courseId, signal)) === undefined) return undefined;
      const [before, after] = [await revisionOf(courseId, from, signal), await revisionOf(courseId, to, signal)];
      return { courseId, from, to, changes: diffCourses(before.course, after.course) };
    },

    async restore(caller, courseId, number, signal) {
      const found = await visibleCourse(caller, courseId, signal);
      if (found === undefined) return undefined;
      const older = await revisionOf(courseId, number, signal);
      if (number === found.summary.currentRevision) throw new RevisionIsCurrentError(courseId, number);
      const active = await findActiveRevisionJob(database, courseId, signal);
      if (active !== undefined) throw new RevisionInProgressError(courseId, active);
      // A revision from before a format change is checked before it is served again.
      const validation = validateCourse(older.course);
      if (!validation.ok)
        throw new InvalidInputError(`Revision ${number} of course ${courseId} is no longer a valid course.`, {
          details: { issues: validation.issues },
        });
      const stored = await storeRevision(
        database,
        {
          courseId,
          document: validation.course,
          origin: "restored",
          target: null,
          instruction: null,
          restoredFrom: number,
          basedOn: found.summary.currentRevision,
          changedParts: diffCourses(found.course, validation.course).map((change) => ({
            kind: change.kind,
            id: change.id,
          })),
          jobId: null,
          userId: caller.userId,
        },
        signal,
      );
      const revisions = await listRevisions(database, courseId, signal);
      const row = revisions.find((candidate) => candidate.number === stored);
      if (row === undefined) throw new Error(`unreachable: revision ${stored} of ${courseId} vanished`);
      return row;
    },
  };
}
