import type { Grounding } from "../generation/index.ts";
import type { KnowledgeService } from "../knowledge/index.ts";
import { CourseRequest } from "../course/index.ts";
import type { Database } from "../db/port.ts";
import { AbortedError, InvalidInputError } from "../errors/index.ts";
import type { ProgressEvent, StepModels } from "../generation/index.ts";
import {
  appendEvent,
  completeHeldJob,
  endHeldJob,
  pauseJobForReview,
  releaseJob,
  type JobRow,
  type JobStatus,
} from "../store/index.ts";
import { findUser } from "../users/index.ts";
import { startJobSpending, type BudgetEnforcement, type JobSpending } from "./job-spending.ts";
import { appendJobEvent } from "./lifecycle-events.ts";
import { RevisionOrder } from "./revision-order.ts";
import { produceRevision, type RevisionAssessor } from "./run-revision-job.ts";
import { completeHeldRevisionJob } from "../store/index.ts";
import type { JobQueue } from "./queue.ts";
import { failureOf, jobEmitter, produceCourse, succeededEvent, type JobRunOptions } from "./run-job.ts";
import type { CourseSimilarity } from "./course-similarity.ts";
import { copyCourse, findReuseSource, seedOutlineFromCourse } from "./reuse.ts";

/** Why a worker stopped a job it holds before it ended. */
export type StopReason = "canceled" | "lost" | "shutdown";

/** How a worker steers one job it runs. */
export interface JobControl {
  /** Aborts in-flight model calls. */
  readonly signal: AbortSignal;
  /** Graceful stop: no new step starts; steps in flight finish and are checkpointed. */
  readonly drainSignal: AbortSignal;
  /** Why `signal` fired (or `drainSignal`: `shutdown`), if it did. */
  stopReason(): StopReason | undefined;
}

/** What running a claimed job needs. */
export interface ClaimedJobOptions {
  readonly database: Database;
  readonly queue: JobQueue;
  readonly workerId: string;
  /** Run options without the per-job parts (signal, models, caller). */
  readonly run: Omit<JobRunOptions, "database" | "signal" | "models" | "onProgress" | "caller">;
  /** Models when the request names none. */
  readonly models: StepModels;
  /** The knowledge base, for requests that name material to ground the course on. */
  readonly knowledge?: KnowledgeService;
  /** Told of each progress event of the jobs run (e.g. a tick counting the steps it ran). */
  readonly onProgress?: (jobId: string, event: ProgressEvent) => void;
  /** Re-evaluates the lessons a revision job touched before the revision is stored (the quality gate). */
  readonly assessRevision?: RevisionAssessor;
  /** Similar-course reuse: finished courses are remembered, and `reuse` requests start from one. */
  readonly similarity?: CourseSimilarity;
  /** Failures that never fail a job (remembering a course for reuse): logged by the caller. */
  readonly onError?: (error: unknown) => void;
  /** USD budgets of the jobs' owners; absent: no caps are enforced (docs/limits.md, "Budgets"). */
  readonly budgets?: BudgetEnforcement;
}

/**
 * Runs a job this worker has just claimed (status running, `worker_id` = this worker) to one of
 * its ends, resuming from its checkpoints: succeeded (course stored), awaiting_approval (outline
 * review), failed, canceled, or queued again when the worker stops before the job is done. Every
 * write is conditioned on the worker still holding the job, so a worker that lost it (taken for
 * dead) changes nothing. Resolves with the job's status as this worker left it (`undefined` when
 * it no longer held the job); throws only when the database fails.
 */
export async function runClaimedJob(
  job: JobRow,
  control: JobControl,
  options: ClaimedJobOptions,
): Promise<JobStatus | undefined> {
  const status = await runHeldJob(job, control, options);
  // Whatever the run still holds goes back, unless another worker holds the job (and its money) now.
  if (status !== undefined && options.budgets !== undefined) await options.budgets.budgets.release(job.id);
  return status;
}

async function runHeldJob(
  job: JobRow,
  control: JobControl,
  options: ClaimedJobOptions,
): Promise<JobStatus | undefined> {
  const { database, workerId } = options;
  const started = performance.now();
  const emit = jobEmitter(database, job.id, undefined);
  const fail = async (code: string, reason: string): Promise<JobStatus | undefined> => {
    if (!(await endHeldJob(database, job.id, workerId, { status: "failed", code, reason }))) return undefined;
    await emit({ type: "job.failed", jobId: job.id, code, message: reason });
    return "failed";
  };
  const cancel = async (): Promise<JobStatus | undefined> => {
    const message = "Canceled on request.";
    if (!(await endHeldJob(database, job.id, workerId, { status: "canceled", code: "CANCELED", reason: message })))
      return undefined;
    await appendJobEvent(database, { type: "job.canceled", jobId: job.id, message });
    return "canceled";
  };

  const parsed = CourseRequest.safeParse(job.request);
  if (!parsed.success)
    return fail("INVALID_INPUT", `The stored request is not a valid course request: ${parsed.error.message}`);
  if (job.cancelRequestedAt !== null) return cancel();
  const request = parsed.data;
  const models = request.model
    ? { outline: request.model, lesson: request.model, quiz: request.model }
    : options.models;
  const outlineOnly = job.reviewOutline && job.outlineApprovedAt === null;

  try {
    let firstRun = job.attempts === 1;
    // Reuse is decided once, on the first claim: a later run resumes from what that one stored.
    const source = firstRun
      ? await findReuseSource(database, job, request, options.similarity, control.signal)
      : undefined;
    if (source !== undefined && request.reuse === "course") {
      const course = copyCourse(source.course, request);
      if (!(await completeHeldJob(database, { id: job.id, workerId, userId: job.userId, course }))) return undefined;
      await appendJobEvent(database, {
        type: "job.reused",
        jobId: job.id,
        mode: "course",
        fromCourseId: source.course.id,
        savedCostUsd: source.course.generation.costUsd,
      });
      const totals = { calls: 0, promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0, costUsd: 0 };
      await appendEvent(database, job.id, {
        type: "job.succeeded",
        data: succeededEvent(job.id, course, totals, Math.round(performance.now() - started)),
      });
      await remember(options, job, course.id, request);
      return "succeeded";
    }
    if (source !== undefined) {
      await seedOutlineFromCourse(database, job.id, source.course, request, control.signal);
      firstRun = false;
    }
    const grounding = await groundingOf(request, job, options.knowledge, control.signal);
    if (job.revision !== null) {
      const order = RevisionOrder.safeParse(job.revision);
      if (!order.success)
        return fail("INVALID_INPUT", `The stored revision order is not valid: ${order.error.message}`);
      const revised = await produceRevision(job.id, order.data, request, {
        ...(grounding === undefined ? {} : { grounding }),
        ...(options.assessRevision === undefined ? {} : { assess: options.assessRevision }),
        ...options.run,
        database,
        models,
        caller: { userId: job.userId ?? `job:${job.id}`, priority: job.priority },
        signal: control.signal,
        drainSignal: control.drainSignal,
        firstRun: job.attempts === 1,
        ...(options.onProgress === undefined ? {} : { onProgress: (event) => options.onProgress?.(job.id, event) }),
      });
      // No signal: the revision is paid for and whole; a cancel arriving now is too late to matter.
      const number = await completeHeldRevisionJob(database, {
        id: job.id,
        workerId,
        revision: {
          courseId: order.data.courseId,
          document: revised.course,
          origin: "regenerated",
          target: order.data.target,
          instruction: order.data.instruction,
          restoredFrom: null,
          basedOn: order.data.basedOn,
          changedParts: revised.changes.map((change) => ({ kind: change.kind, id: change.id })),
          jobId: job.id,
          userId: job.userId,
        },
      });
      if (number === undefined) return undefined;
      await appendEvent(database, job.id, {
        type: "job.succeeded",
        data: {
          ...succeededEvent(job.id, revised.course, revised.totals, Math.round(performance.now() - started)),
          revision: number,
        },
      });
      return "succeeded";
    }
    const spending = await spendingOf(
      job,
      request,
      models,
      { grounded: grounding !== undefined, outlineOnly },
      control,
      options,
    );
    const produced = await produceCourse(job.id, request, {
      ...(grounding === undefined ? {} : { grounding }),
      ...(spending === undefined ? {} : { spending }),
      ...options.run,
      database,
      models,
      // The job's owner and role priority: the provider budget shares each model fairly by them.
      caller: { userId: job.userId ?? `job:${job.id}`, priority: job.priority },
      signal: control.signal,
      drainSignal: control.drainSignal,
      outlineOnly,
      // Steps are only ever stored by a worker holding the job, so before its first claim it has none.
      ...(options.onProgress === undefined ? {} : { onProgress: (event) => options.onProgress?.(job.id, event) }),
      firstRun,
      outlineEdited: job.outlineEdited === true,
    });
    if (produced.kind === "outline") {
      if (!(await pauseJobForReview(database, job.id, workerId))) return undefined;
      await appendJobEvent(database, { type: "job.awaiting_approval", jobId: job.id, outline: produced.outline });
      return "awaiting_approval";
    }
    // No signal: the course is paid for and whole; a cancel arriving now is too late to matter.
    if (!(await completeHeldJob(database, { id: job.id, workerId, userId: job.userId, course: produced.course })))
      return undefined;
    await appendEvent(database, job.id, {
      type: "job.succeeded",
      data: succeededEvent(job.id, produced.course, produced.totals, Math.round(performance.now() - started)),
    });
    await remember(options, job, produced.course.id, request);
    return "succeeded";
  } catch (error) {
    const reason = control.stopReason();
    if (reason === "lost") return undefined;
    if (reason === "canceled") return cancel();
    if (reason === "shutdown" && error instanceof AbortedError) return release(job, options);
    const failure = failureOf(error);
    return fail(failure.code, failure.reason);
  }
}

// A course that could not be remembered is only not suggested later: the job has succeeded.
async function remember(options: ClaimedJobOptions, job: JobRow, courseId: string, request: CourseRequest) {
  await options.similarity
    ?.remember({ id: courseId, ownerId: job.userId, private: request.knowledge !== undefined }, request)
    .catch((error: unknown) => options.onError?.(error));
}

// A job of no user (run outside the service) spends from no one's budget.
async function spendingOf(
  job: JobRow,
  request: CourseRequest,
  models: StepModels,
  run: { readonly grounded: boolean; readonly outlineOnly: boolean },
  control: JobControl,
  options: ClaimedJobOptions,
): Promise<JobSpending | undefined> {
  if (options.budgets === undefined || job.userId === null) return undefined;
  const owner = await findUser(options.database, job.userId, control.signal);
  if (owner === undefined) return undefined;
  return startJobSpending({
    database: options.database,
    enforcement: options.budgets,
    jobId: job.id,
    owner: { userId: owner.id, role: owner.role },
    request,
    models,
    prices: options.run.prices,
    ...(options.run.completionSizes === undefined ? {} : { completionSizes: options.run.completionSizes }),
    ...run,
    firstRun: job.attempts === 1,
    signal: control.signal,
    drainSignal: control.drainSignal,
  });
}

// The material is read as the job's owner; a source deleted since submission fails the job, naming it.
async function groundingOf(
  request: CourseRequest,
  job: JobRow,
  knowledge: KnowledgeService | undefined,
  signal: AbortSignal,
): Promise<Grounding | undefined> {
  if (request.knowledge === undefined) return undefined;
  if (knowledge === undefined)
    throw new InvalidInputError("The request names knowledge-base material but this worker has no knowledge base.");
  const viewer = { userId: job.userId ?? "", isAdmin: false };
  return knowledge.grounding(viewer, await knowledge.resolveSources(viewer, request.knowledge, signal));
}

async function release(job: JobRow, options: ClaimedJobOptions): Promise<JobStatus | undefined> {
  const released = await releaseJob(options.database, job.id, options.workerId);
  if (released?.status === "queued") {
    await appendJobEvent(options.database, { type: "job.requeued", jobId: job.id, reason: "worker_stopped" });
    await options.queue.enqueue(job.id, job.priority);
  } else if (released?.status === "canceled") {
    await appendJobEvent(options.database, { type: "job.canceled", jobId: job.id, message: "Canceled on request." });
  }
  return released?.status;
}
