import { newId } from "./ids.ts";
import { assembleCourse, validateCourse, type Course, type CourseRequest, type Outline } from "../course/index.ts";
import type { Database } from "../db/port.ts";
import { AbortedError, CourseforgeError } from "../errors/index.ts";
import { generateCourseParts, type GenerationOptions, type ProgressEvent } from "../generation/index.ts";
import {
  createCompletionSizes,
  createDatabaseCallRecorder,
  createEventAppender,
  findJob,
  insertJob,
  loadCheckpoints,
  markJobEnded,
  markJobRunning,
  saveFinishedStep,
  saveStepFailure,
  setJobStepsTotal,
  storeSucceededCourse,
  sumCallsOfJob,
  type CallTotals,
} from "../store/index.ts";
import type { JobSpending } from "./job-spending.ts";
import { jobCallPolicy } from "./waiting.ts";
import type { AnswerCache } from "../llm/index.ts";
import { redactKeyShapes } from "../redaction/index.ts";

/** A course that came out whole and valid but could not be assembled (a bug, not a provider problem). */
export class CourseAssemblyError extends CourseforgeError {
  static readonly code = "COURSE_INVALID";
  constructor(issues: unknown) {
    super("COURSE_INVALID", "The assembled course failed validation; nothing was stored.", { details: { issues } });
  }
}

/** What a generation job needs besides the request: the pipeline's model settings, plus where it runs. */
export interface JobRunOptions extends Pick<
  GenerationOptions,
  | "provider"
  | "models"
  | "concurrency"
  | "maxAttempts"
  | "timeoutMs"
  | "callPolicy"
  | "temperature"
  | "prices"
  | "signal"
  | "caller"
  | "grounding"
  | "quality"
  | "economy"
  | "completionSizes"
> {
  readonly database: Database;
  /** Whether the provider is the simulator: recorded in the course so nobody mistakes it for real content. */
  readonly simulated: boolean;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** The exact answer cache (docs/cost.md); each request says how it uses it (`cache`, default `use`). */
  readonly answerCache?: AnswerCache;
  /** A cache that cannot be read or written never fails a job: its errors come here. */
  readonly onCacheError?: (error: unknown) => void;
}

/** The outcome of a successful job. */
export interface JobResult {
  readonly jobId: string;
  readonly course: Course;
  readonly llmCalls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cachedPromptTokens: number;
  readonly costUsd: number;
  readonly durationMs: number;
}

/** Stores a progress event of a job and passes it on; keeps the job's step count in line with its outline. */
export function jobEmitter(
  database: Database,
  jobId: string,
  onProgress: ((event: ProgressEvent) => void) | undefined,
) {
  // Steps that start together (every lesson, once the outline is stored) share one write.
  const append = createEventAppender(database, jobId);
  return async (event: ProgressEvent): Promise<void> => {
    // Events outlive an abort: the record of what happened is kept even when the job stops.
    // Appended at once, so a job's events keep the order they were emitted in even when the
    // pipeline does not wait for one before emitting the next.
    const appended = append({ type: event.type, data: event });
    if (event.type === "job.started")
      await Promise.all([setJobStepsTotal(database, jobId, event.stepsTotal), appended]);
    else await appended;
    onProgress?.(event);
  };
}

/** What {@link produceCourse} made: the outline alone (paused for review), or the whole, validated course. */
export type Produced =
  | { readonly kind: "outline"; readonly outline: Outline }
  | { readonly kind: "course"; readonly course: Course; readonly totals: CallTotals };

/**
 * Generates (or resumes from checkpoints) a job's parts and assembles the validated course, storing
 * nothing but checkpoints and events. With `outlineOnly`, stops after the outline.
 */
export async function produceCourse(
  jobId: string,
  request: CourseRequest,
  options: JobRunOptions & {
    readonly outlineOnly?: boolean;
    readonly drainSignal?: AbortSignal;
    /** The job was never run before (its first claim): it has no checkpoints, so none are read. */
    readonly firstRun?: boolean;
    /** The owner edited the outline: its text is their own material, cached for them alone. */
    readonly outlineEdited?: boolean;
    /** The run's money under the USD budgets: calls claim through it, their cost is settled per step. */
    readonly spending?: JobSpending;
  },
): Promise<Produced> {
  const { database, signal } = options;
  const callPolicy = jobCallPolicy(options.callPolicy, database, jobId);
  const spending = options.spending;
  const recorder = createDatabaseCallRecorder(database);
  const parts = await generateCourseParts({
    jobId,
    request,
    provider: options.provider,
    models: options.models,
    concurrency: options.concurrency,
    maxAttempts: options.maxAttempts,
    timeoutMs: options.timeoutMs,
    ...(callPolicy === undefined ? {} : { callPolicy }),
    temperature: options.temperature,
    prices: options.prices,
    // Failed attempts are settled as they are recorded, a step's successful one with its checkpoint.
    recorder:
      spending === undefined
        ? recorder
        : {
            ...(recorder.begin === undefined ? {} : { begin: recorder.begin.bind(recorder) }),
            record: async (call, recordOptions) => {
              await recorder.record(call, recordOptions);
              await spending.settle(call.costUsd);
            },
          },
    checkpoints: {
      load: async (id, loadSignal) => (options.firstRun ? new Map() : loadCheckpoints(database, id, loadSignal)),
      save: async (id, checkpoint, finished) => {
        await saveFinishedStep(database, id, {
          checkpoint,
          calls: finished.calls,
          event: { type: finished.event.type, data: finished.event },
        });
        await spending?.settle(finished.calls.reduce((total, call) => total + call.costUsd, 0));
      },
      saveFailure: (id, failure) => saveStepFailure(database, id, failure),
    },
    progress: {
      emit: jobEmitter(database, jobId, options.onProgress),
      announce: (event) => options.onProgress?.(event),
    },
    signal,
    ...(options.caller === undefined ? {} : { caller: options.caller }),
    ...(options.grounding === undefined ? {} : { grounding: options.grounding }),
    ...(options.quality === undefined ? {} : { quality: options.quality }),
    ...(options.answerCache === undefined
      ? {}
      : {
          answerCache: {
            cache: options.answerCache,
            mode: request.cache ?? "use",
            owner: options.caller?.userId ?? `job:${jobId}`,
            privateInput: options.outlineEdited === true,
            ...(options.onCacheError === undefined ? {} : { onError: options.onCacheError }),
          },
        }),
    ...(options.economy === undefined ? {} : { economy: options.economy }),
    ...(options.completionSizes === undefined ? {} : { completionSizes: options.completionSizes }),
    ...(spending === undefined ? {} : { spending: spending.gate }),
    ...(options.outlineOnly ? { outlineOnly: true } : {}),
    ...(options.drainSignal ? { drainSignal: options.drainSignal } : {}),
  });
  if (options.outlineOnly) return { kind: "outline", outline: parts.outline };
  const totals = await sumCallsOfJob(database, jobId, signal);
  const course = assembleCourse({
    id: newId("crs"),
    request,
    outline: parts.outline,
    lessons: parts.lessons,
    quizzes: parts.quizzes,
    generation: {
      provider: options.provider.name,
      models: [...new Set([options.models.outline, options.models.lesson, options.models.quiz])],
      simulated: options.simulated || options.provider.answeredBySimulator?.() === true,
      createdAt: new Date().toISOString(),
      promptTokens: totals.promptTokens,
      completionTokens: totals.completionTokens,
      cachedPromptTokens: totals.cachedPromptTokens,
      costUsd: roundCost(totals.costUsd),
      llmCalls: totals.calls,
      ...(parts.grounded === undefined ? {} : { grounded: parts.grounded }),
    },
  });
  const validation = validateCourse(parts.quality === undefined ? course : { ...course, quality: parts.quality });
  if (!validation.ok) throw new CourseAssemblyError(validation.issues);
  return { kind: "course", course: validation.course, totals };
}

/** The `job.succeeded` event of a stored course. */
export function succeededEvent(
  jobId: string,
  course: Course,
  totals: CallTotals,
  durationMs: number,
): Extract<ProgressEvent, { type: "job.succeeded" }> {
  return {
    type: "job.succeeded",
    jobId,
    courseId: course.id,
    llmCalls: totals.calls,
    promptTokens: totals.promptTokens,
    completionTokens: totals.completionTokens,
    cachedPromptTokens: totals.cachedPromptTokens,
    costUsd: roundCost(totals.costUsd),
    durationMs,
    ...(course.quality === undefined
      ? {}
      : {
          quality: {
            passed: course.quality.passed,
            lessons: {
              passed: course.quality.lessons.filter((lesson) => lesson.status === "passed").length,
              mended: course.quality.lessons.filter((lesson) => lesson.status === "mended").length,
              flagged: course.quality.flagged,
            },
          },
        }),
  };
}

/**
 * Runs (or resumes) one course generation job in this process, outside the queue (the `generate`
 * command): stores the job, generates the parts with checkpoints, validates the whole course, then
 * stores it, marks the job succeeded and appends `job.succeeded` in one statement. On failure the job is marked failed
 * (canceled when `signal` fired) with its reason and no course is stored.
 */
export async function runGenerationJob(
  request: CourseRequest,
  options: JobRunOptions & { jobId?: string },
): Promise<JobResult> {
  const { database, signal } = options;
  const started = performance.now();
  const jobId = options.jobId ?? newId("job");
  const existing = options.jobId ? await findJob(database, jobId, signal) : undefined;
  if (!existing) await insertJob(database, { id: jobId, request }, signal);
  else if (existing.status === "succeeded")
    throw new CourseforgeError("JOB_ALREADY_SUCCEEDED", `Job ${jobId} already succeeded.`, { details: { jobId } });
  const emit = jobEmitter(database, jobId, options.onProgress);

  try {
    await markJobRunning(database, jobId, 1 + 2 * request.modules * request.lessonsPerModule, signal);
    // A job stored just now has no checkpoints to resume from.
    const produced = await produceCourse(jobId, request, {
      ...options,
      completionSizes: options.completionSizes ?? createCompletionSizes(database),
      firstRun: existing === undefined,
    });
    if (produced.kind !== "course") throw new Error("unreachable: a full run produced no course");
    const { course, totals } = produced;
    const durationMs = Math.round(performance.now() - started);
    const succeeded = succeededEvent(jobId, course, totals, durationMs);
    await storeSucceededCourse(database, jobId, course, { type: succeeded.type, data: succeeded }, signal);
    options.onProgress?.(succeeded);
    const { type: _type, courseId: _courseId, ...figures } = succeeded;
    return { ...figures, course };
  } catch (error) {
    const { code, reason } = failureOf(error);
    await markJobEnded(database, jobId, { status: code === "CANCELED" ? "canceled" : "failed", code, reason });
    await emit({ type: "job.failed", jobId, code, message: reason });
    throw error;
  }
}

/** The stable code and readable reason a job that ended with `error` is stored with. */
export function failureOf(error: unknown): { code: string; reason: string } {
  const code =
    error instanceof AbortedError ? "CANCELED" : CourseforgeError.isInstance(error) ? error.code : "INTERNAL";
  // Stored, listed and streamed to clients: never with a credential in it, whatever raised it.
  return { code, reason: redactKeyShapes(error instanceof Error ? error.message : String(error)) };
}

function roundCost(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
