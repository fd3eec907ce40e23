import type { KnowledgeService } from "../knowledge/index.ts";
import { CourseRequest, Outline } from "../course/index.ts";
import { DatabaseQueryError } from "../db/index.ts";
import type { Database, Queryable } from "../db/port.ts";
import { InvalidInputError } from "../errors/index.ts";
import { stepsOfOutline } from "../generation/index.ts";
import {
  approveJobOutline,
  findCourseOfUser,
  findJobByIdempotencyKey,
  findJobOfUser,
  listJobsOfUser,
  insertGuardedServiceJob,
  listEvents,
  loadStepOutput,
  replaceOutlineCheckpoint,
  requestJobCancel,
  resumeBudgetStoppedJob,
  type JobRow,
  type JobStatus,
  type PageKey,
  type StoredEvent,
} from "../store/index.ts";
import type { JobAdmission, LimitReport } from "../limits/index.ts";
import { visibleOwner, type Caller, type Role } from "../users/index.ts";
import {
  IdempotencyKeyReusedError,
  JobAlreadyFinishedError,
  JobNotAwaitingApprovalError,
  JobNotResumableError,
  OutlineInvalidError,
  OutlineNotReadyError,
} from "./errors.ts";
import { appendJobEvent, storedJobEvent } from "./lifecycle-events.ts";
import { normalizeEditedOutline } from "./outline-edit.ts";
import type { JobQueue } from "./queue.ts";
import { newId } from "./ids.ts";
import { isPrivateCourse } from "./reuse.ts";
import { toJobView, type JobView } from "./view.ts";

/** What a caller submits: the course request and whether to pause after the outline for review. */
export interface SubmitInput {
  readonly request: CourseRequest;
  readonly reviewOutline: boolean;
}

/**
 * The course jobs service the API and the CLI drive. Every method returns `undefined` when the
 * job is not visible to the caller (visible to its owner and to admins), never "forbidden", so
 * that nobody learns another user's job exists.
 */
export interface CourseJobs {
  /**
   * Stores a job and queues it with the priority of the caller's role. With an idempotency key
   * this caller already used: the same body returns that job with `created: false`; another body
   * throws `IDEMPOTENCY_KEY_REUSED`. With `admission` (the rate limits), the job is stored only
   * when every limit admits it, charged in the same statement (a replay is neither charged nor
   * refused); over a limit it throws the limit's error and stores and enqueues nothing.
   */
  submit(caller: Caller, input: SubmitInput, options: SubmitOptions, signal?: AbortSignal): Promise<Submitted>;
  get(caller: Caller, jobId: string, signal?: AbortSignal): Promise<JobView | undefined>;
  /**
   * A page of jobs, newest first: the caller's own, or everyone's for an admin asking for
   * `everyone` (ignored for other roles); pass `next` back as `after` for the following page.
   */
  list(
    caller: Caller,
    options: {
      readonly everyone: boolean;
      readonly status?: JobStatus | undefined;
      readonly limit: number;
      readonly after?: PageKey | undefined;
    },
    signal?: AbortSignal,
  ): Promise<{ jobs: JobView[]; next: PageKey | undefined }>;
  /**
   * Cancels a job: at once when queued or awaiting approval; a running one stops within a
   * heartbeat, its in-flight model calls aborted. `JOB_ALREADY_FINISHED` for a succeeded or
   * failed job; a canceled one is returned as it is.
   */
  cancel(caller: Caller, jobId: string, signal?: AbortSignal): Promise<JobView | undefined>;
  /** The job's outline; `OUTLINE_NOT_READY` while it has none yet. */
  getOutline(caller: Caller, jobId: string, signal?: AbortSignal): Promise<Outline | undefined>;
  /**
   * Replaces the outline of a job awaiting approval (`JOB_NOT_AWAITING_APPROVAL` otherwise), after
   * validation (`OUTLINE_INVALID` with `details.issues`); returns it with renumbered ids and records
   * the edited size in the job's request. An edit with more lessons than the request's size was not
   * covered by the job's admission: with `admit` (the caller's limits) it is admitted like a new
   * course and charged in the same statement, or refused with the limit's error, changing nothing.
   */
  updateOutline(
    caller: Caller,
    jobId: string,
    outline: unknown,
    options?: OutlineEditOptions,
    signal?: AbortSignal,
  ): Promise<Outline | undefined>;
  /** Approves the outline and queues the job again to write the lessons (idempotent once approved). */
  approve(caller: Caller, jobId: string, signal?: AbortSignal): Promise<JobView | undefined>;
  /**
   * Queues again a job a budget stopped (`BUDGET_EXCEEDED`), its checkpoints kept, once its cap is
   * raised; `JOB_NOT_RESUMABLE` for any other job. The run reserves again and stops at once, for
   * nothing, if the cap is still too low.
   */
  resume(caller: Caller, jobId: string, signal?: AbortSignal): Promise<JobView | undefined>;
  /** The job's stored events after `afterId` (0 for all), oldest first. */
  events(caller: Caller, jobId: string, afterId: number, signal?: AbortSignal): Promise<StoredEvent[] | undefined>;
}

/** Options of {@link CourseJobs.submit}. */
export interface SubmitOptions {
  readonly idempotencyKey?: string | undefined;
  readonly admission?: JobAdmission | undefined;
}

/** Options of {@link CourseJobs.updateOutline}. */
export interface OutlineEditOptions {
  /** Makes the limits' admission of the caller; asked for (and charged) only by an edit that grows the job. */
  readonly admit?: ((signal?: AbortSignal) => Promise<JobAdmission>) | undefined;
}

/** A submission's result: the job, whether this call made it, and the RateLimit reports of the charged limits. */
export interface Submitted {
  readonly job: JobView;
  readonly created: boolean;
  /** Empty without an admission, and for a replay. */
  readonly limits: readonly LimitReport[];
}

// A bucket row created by a racing admission between this statement's snapshot and its insert.
const maxAdmissionAttempts = 5;
const isBucketRace = (error: unknown) =>
  error instanceof DatabaseQueryError &&
  error.sqlState === "23505" &&
  error.details.table === "course_generation_rate_limits";

/** Queue priority of each role: higher runs first. */
export const rolePriority: Readonly<Record<Role, number>> = { admin: 30, teacher: 20, student: 10 };

const maxIdempotencyKeyLength = 255;

/** Builds the jobs service on the database (source of truth) and the queue (carries job ids). */
export function createCourseJobs(options: {
  readonly database: Database;
  readonly queue: JobQueue;
  /** Checks the material a request names (400 naming an empty collection or a deleted document); absent: such requests are refused. */
  readonly knowledge?: KnowledgeService;
}): CourseJobs {
  const { database, queue } = options;
  const find = (caller: Caller, jobId: string, signal?: AbortSignal) =>
    findJobOfUser(database, jobId, { userId: visibleOwner(caller) }, signal);

  const sameSubmission = (job: JobRow, request: CourseRequest, reviewOutline: boolean) =>
    canonicalJson(job.submittedRequest) === canonicalJson(request) && job.reviewOutline === reviewOutline;

  return {
    async submit(caller, input, submitOptions, signal) {
      const reviewOutline = input.reviewOutline === true;
      const key = submitOptions.idempotencyKey;
      let request: CourseRequest;
      try {
        request = parseRequest(input.request);
        if (request.knowledge !== undefined) {
          if (options.knowledge === undefined)
            throw new InvalidInputError("This server has no knowledge base: leave out `knowledge`.", {
              details: { field: "knowledge" },
            });
          await options.knowledge.resolveSources(
            { userId: caller.userId, isAdmin: caller.role === "admin" },
            request.knowledge,
            signal,
          );
        }
        await checkReuse(database, caller, request, signal);
        if (key !== undefined && (key.length === 0 || key.length > maxIdempotencyKeyLength)) {
          throw new InvalidInputError(`The Idempotency-Key must be 1 to ${maxIdempotencyKeyLength} characters long.`, {
            details: { field: "Idempotency-Key" },
          });
        }
      } catch (error) {
        // Refused before the statement: what the admission took in advance goes back.
        submitOptions.admission?.abandon();
        throw error;
      }
      const existingJob = async (): Promise<Submitted | undefined> => {
        const existing =
          key === undefined ? undefined : await findJobByIdempotencyKey(database, caller.userId, key, signal);
        if (!existing) return undefined;
        if (!sameSubmission(existing, request, reviewOutline)) throw new IdempotencyKeyReusedError(existing.id);
        return { job: toJobView(existing), created: false, limits: [] };
      };
      const priority = rolePriority[caller.role];
      const id = newId("job");
      const { admission } = submitOptions;
      // Insert first, look up only on a conflict: a new submission (the common case) costs one
      // statement, and the unique index still decides between racing requests with one key. The
      // queue message is sent in the same transaction: one commit (one WAL flush) per submission,
      // and never a job without its message nor a message over the limits.
      const firstEvent = storedJobEvent({ type: "job.queued", jobId: id, priority });
      const newJob = { id, userId: caller.userId, request, priority, reviewOutline, idempotencyKey: key, firstEvent };
      const store = () =>
        database.transaction(
          async (transaction) => {
            const inserted = await insertGuardedServiceJob(transaction, newJob, admission?.guard, signal);
            if (inserted.job) await queue.enqueue(inserted.job.id, priority, signal, { transaction });
            return inserted;
          },
          { signal },
        );
      let inserted: Awaited<ReturnType<typeof insertGuardedServiceJob>>;
      for (let attempt = 1; ; attempt += 1) {
        try {
          inserted = await store();
          break;
        } catch (error) {
          if (attempt >= maxAdmissionAttempts || !isBucketRace(error)) {
            admission?.abandon();
            throw error;
          }
        }
      }
      // Committed: a worker of this process (`npm start` runs both) takes it now, not at its next poll.
      if (inserted.job) queue.wake?.();
      const outcome = admission?.read(inserted.guard, inserted.job !== undefined);
      const { job } = inserted;
      if (!job) {
        // A replay is answered whatever the limits say: it costs nothing.
        const earlier = await existingJob();
        if (earlier) return earlier;
        if (outcome?.admitted === false) throw outcome.refusal;
        throw new Error("unreachable: an idempotency conflict without a job");
      }
      return { job: toJobView(job), created: true, limits: outcome?.admitted === true ? outcome.reports : [] };
    },

    async get(caller, jobId, signal) {
      const job = await find(caller, jobId, signal);
      return job && toJobView(job);
    },

    async list(caller, options, signal) {
      const userId = visibleOwner(caller, { everyone: options.everyone });
      const page = await listJobsOfUser(
        database,
        { userId, status: options.status, limit: options.limit, after: options.after },
        signal,
      );
      return { jobs: page.jobs.map(toJobView), next: page.next };
    },

    async cancel(caller, jobId, signal) {
      const job = await find(caller, jobId, signal);
      if (!job) return undefined;
      const changed =
        job.status === "canceled"
          ? job
          : ((await requestJobCancel(database, jobId, signal)) ?? (await find(caller, jobId, signal)));
      if (!changed) return undefined;
      if (changed.status === "succeeded" || changed.status === "failed")
        throw new JobAlreadyFinishedError(jobId, changed.status);
      if (job.status !== "canceled" && changed.status === "canceled") {
        await appendJobEvent(database, { type: "job.canceled", jobId, message: "Canceled on request." });
      }
      return toJobView(changed);
    },

    async getOutline(caller, jobId, signal) {
      const job = await find(caller, jobId, signal);
      if (!job) return undefined;
      const parsed = Outline.safeParse(await loadStepOutput(database, jobId, "outline", signal));
      if (!parsed.success) throw new OutlineNotReadyError(jobId, job.status);
      return parsed.data;
    },

    async updateOutline(caller, jobId, outline, editOptions = {}, signal) {
      const job = await find(caller, jobId, signal);
      if (!job) return undefined;
      if (job.status !== "awaiting_approval") throw new JobNotAwaitingApprovalError(jobId, job.status);
      const request = parseRequest(job.request);
      const edited = normalizeEditedOutline(outline, request);
      if (!edited.ok) throw new OutlineInvalidError(edited.issues);
      const size = sizeOfOutline(edited.outline);
      const grows = lessonsOf(size) > lessonsOf(request);
      const admission = grows ? await editOptions.admit?.(signal) : undefined;
      const stepsTotal = stepsOfOutline(edited.outline).length;
      const edit = { outline: edited.outline, stepsTotal, request: { ...request, ...size } };
      let result: Awaited<ReturnType<typeof replaceOutlineCheckpoint>>;
      try {
        result = await replaceOutlineCheckpoint(
          database,
          jobId,
          admission === undefined ? edit : { ...edit, guard: admission.guard },
          signal,
        );
      } catch (error) {
        admission?.abandon();
        throw error;
      }
      // Refused before the guarded statement ran (the job left review meanwhile): nothing was charged.
      if (result.guard === undefined) admission?.abandon();
      const outcome = result.guard === undefined ? undefined : admission?.read(result.guard, result.replaced);
      if (!result.replaced) {
        if (outcome?.admitted === false) throw outcome.refusal;
        const now = await find(caller, jobId, signal);
        throw new JobNotAwaitingApprovalError(jobId, now?.status ?? job.status);
      }
      await appendJobEvent(database, { type: "job.outline_updated", jobId, outline: edited.outline, stepsTotal });
      return edited.outline;
    },

    async approve(caller, jobId, signal) {
      const job = await find(caller, jobId, signal);
      if (!job) return undefined;
      const approved =
        job.status === "awaiting_approval" ? await approveJobOutline(database, jobId, signal) : undefined;
      if (!approved) {
        const now = (await find(caller, jobId, signal)) ?? job;
        // Approving twice is harmless: the second call answers with the job as it is.
        if (now.outlineApprovedAt !== null && now.status !== "awaiting_approval") return toJobView(now);
        throw new JobNotAwaitingApprovalError(jobId, now.status);
      }
      await appendJobEvent(database, { type: "job.approved", jobId });
      await queue.enqueue(jobId, approved.priority, signal);
      return toJobView(approved);
    },

    async resume(caller, jobId, signal) {
      const job = await find(caller, jobId, signal);
      if (!job) return undefined;
      const resumed = await resumeBudgetStoppedJob(database, jobId, signal);
      if (!resumed) throw new JobNotResumableError(jobId, job.status, job.failureCode);
      await appendJobEvent(database, { type: "job.requeued", jobId, reason: "resumed" });
      await queue.enqueue(jobId, resumed.priority, signal);
      return toJobView(resumed);
    },

    async events(caller, jobId, afterId, signal) {
      const job = await find(caller, jobId, signal);
      if (!job) return undefined;
      return listEvents(database, jobId, afterId, signal);
    },
  };
}

/** The size an outline has, as a request states it: its modules, and the most lessons in one module. */
function sizeOfOutline(outline: Outline): { modules: number; lessonsPerModule: number } {
  return {
    modules: outline.modules.length,
    lessonsPerModule: Math.max(...outline.modules.map((module) => module.lessons.length)),
  };
}

function lessonsOf(size: { modules: number; lessonsPerModule: number }): number {
  return size.modules * size.lessonsPerModule;
}

// The course a request names to reuse must be one the caller may read, and never another
// user's course built from that user's private material (an admin reads it, but may not copy it).
async function checkReuse(database: Queryable, caller: Caller, request: CourseRequest, signal?: AbortSignal) {
  if (request.reuseFrom === undefined) return;
  if (request.reuse === undefined)
    throw new InvalidInputError('reuseFrom needs reuse: "outline" or "course".', { details: { field: "reuse" } });
  const found = await findCourseOfUser(database, request.reuseFrom, { userId: visibleOwner(caller) }, signal);
  if (found === undefined || (found.summary.userId !== caller.userId && isPrivateCourse(found.course)))
    throw new InvalidInputError(`No course ${request.reuseFrom} that you may reuse.`, {
      details: { field: "reuseFrom" },
      suggestion: "Name a course POST /v1/courses/preview suggested, or leave out reuseFrom.",
    });
}

function parseRequest(value: unknown): CourseRequest {
  const parsed = CourseRequest.safeParse(value);
  if (!parsed.success)
    throw new InvalidInputError(
      `Invalid course request: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`,
    );
  return parsed.data;
}

/** JSON with object keys sorted, so that equal values compare equal whatever their key order (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : inner,
  );
}
