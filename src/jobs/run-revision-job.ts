import { diffCourses, lessonsTouched, validateCourse, type Course, type PartChange } from "../course/index.ts";
import { CourseforgeError } from "../errors/index.ts";
import { reviseCourse, type Grounding, type StepModels } from "../generation/index.ts";
import type { CourseRequest } from "../course/index.ts";
import {
  createDatabaseCallRecorder,
  findRevision,
  loadCheckpoints,
  saveFinishedStep,
  saveStepFailure,
  sumCallsOfJob,
  type CallTotals,
} from "../store/index.ts";
import { CourseAssemblyError, jobEmitter, type JobRunOptions } from "./run-job.ts";
import type { RevisionOrder } from "./revision-order.ts";
import { jobCallPolicy } from "./waiting.ts";

/**
 * Re-evaluates the lessons a revision touched (the quality gate, when one is wired): takes the new
 * course and the ids of the lessons whose text or quiz changed, returns the course to store.
 */
export type RevisionAssessor = (
  course: Course,
  revisedLessonIds: readonly string[],
  signal: AbortSignal,
) => Promise<Course>;

/** What a revision job produced: the new course, what changed from the revision it was made from, and its calls. */
export interface ProducedRevision {
  readonly course: Course;
  readonly changes: PartChange[];
  readonly totals: CallTotals;
}

/**
 * Rewrites the part a revision job names, from the revision it was asked on, with checkpoints and
 * progress events like any job; validates the whole new course. Stores nothing but checkpoints and
 * events: the caller stores the revision (and so a failure leaves the current revision as it was).
 */
export async function produceRevision(
  jobId: string,
  order: RevisionOrder,
  request: CourseRequest,
  options: JobRunOptions & {
    readonly models: StepModels;
    readonly grounding?: Grounding | undefined;
    readonly assess?: RevisionAssessor | undefined;
    readonly firstRun?: boolean;
    /** Graceful stop (a worker shutting down, a tick's budget spent): no new step starts. */
    readonly drainSignal?: AbortSignal | undefined;
  },
): Promise<ProducedRevision> {
  const { database, signal } = options;
  const base = await findRevision(database, order.courseId, order.basedOn, signal);
  if (base === undefined)
    throw new CourseforgeError(
      "REVISION_NOT_FOUND",
      `Course ${order.courseId} has no revision ${order.basedOn} to revise (deleted meanwhile?).`,
      { details: { courseId: order.courseId, revision: order.basedOn } },
    );
  const callPolicy = jobCallPolicy(options.callPolicy, database, jobId);
  const revised = await reviseCourse({
    jobId,
    request,
    course: base.course,
    target: order.target,
    instruction: order.instruction,
    provider: options.provider,
    models: options.models,
    maxAttempts: options.maxAttempts,
    timeoutMs: options.timeoutMs,
    ...(callPolicy === undefined ? {} : { callPolicy }),
    temperature: options.temperature,
    prices: options.prices,
    recorder: createDatabaseCallRecorder(database),
    checkpoints: {
      load: async (id, loadSignal) => (options.firstRun ? new Map() : loadCheckpoints(database, id, loadSignal)),
      save: (id, checkpoint, finished) =>
        saveFinishedStep(database, id, {
          checkpoint,
          calls: finished.calls,
          event: { type: finished.event.type, data: finished.event },
        }),
      saveFailure: (id, failure) => saveStepFailure(database, id, failure),
    },
    progress: {
      emit: jobEmitter(database, jobId, options.onProgress),
      announce: (event) => options.onProgress?.(event),
    },
    signal,
    ...(options.caller === undefined ? {} : { caller: options.caller }),
    ...(options.grounding === undefined ? {} : { grounding: options.grounding }),
    ...(options.drainSignal === undefined ? {} : { drainSignal: options.drainSignal }),
  });
  const changes = diffCourses(base.course, revised);
  const assessed =
    options.assess === undefined ? revised : await options.assess(revised, lessonsTouched(changes), signal);
  const validation = validateCourse(assessed);
  if (!validation.ok) throw new CourseAssemblyError(validation.issues);
  return {
    course: validation.course,
    changes: options.assess === undefined ? changes : diffCourses(base.course, validation.course),
    totals: await sumCallsOfJob(database, jobId, signal),
  };
}
