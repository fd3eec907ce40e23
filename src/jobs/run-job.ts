import { randomUUID } from "node:crypto";
import {
  assembleCourse,
  validateCourse,
  type Course,
  type CourseRequest,
} from "../course/index.ts";
import type { Database } from "../db/port.ts";
import { AbortedError, CourseforgeError } from "../errors/index.ts";
import { generateCourseParts, type ProgressEvent, type StepModels } from "../generation/index.ts";
import type { ModelPrice, ModelProvider } from "../llm/types.ts";
import {
  appendEvent,
  createDatabaseCallRecorder,
  findJob,
  insertCourse,
  insertJob,
  loadCheckpoints,
  markJobEnded,
  markJobRunning,
  markJobSucceeded,
  saveCheckpoint,
  saveStepFailure,
  sumCallsOfJob,
} from "../store/index.ts";

/** A course that came out whole and valid but could not be assembled (a bug, not a provider problem). */
export class CourseAssemblyError extends CourseforgeError {
  constructor(issues: unknown) {
    super("COURSE_INVALID", "The assembled course failed validation; nothing was stored.", { details: { issues } });
  }
}

/** What a generation job needs besides the request. */
export interface JobRunOptions {
  readonly database: Database;
  readonly provider: ModelProvider;
  readonly models: StepModels;
  readonly concurrency: number;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  readonly temperature: number;
  readonly prices: Readonly<Record<string, ModelPrice>>;
  /** Whether the provider is the simulator: recorded in the course so nobody mistakes it for real content. */
  readonly simulated: boolean;
  readonly signal: AbortSignal;
  readonly onProgress?: (event: ProgressEvent) => void;
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

/** Makes a new id with a readable prefix (`job_…`, `crs_…`). */
export function newId(prefix: "job" | "crs"): string {
  return `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 20)}`;
}

/**
 * Runs (or resumes) one course generation job against the database: stores the job, generates the
 * parts with checkpoints, validates the whole course, then stores it and marks the job succeeded in
 * one transaction. On failure the job is marked failed with its reason and no course is stored.
 */
export async function runGenerationJob(request: CourseRequest, options: JobRunOptions & { jobId?: string }): Promise<JobResult> {
  const { database, signal } = options;
  const started = performance.now();
  const jobId = options.jobId ?? newId("job");
  const existing = options.jobId ? await findJob(database, jobId, signal) : undefined;
  if (!existing) await insertJob(database, { id: jobId, request }, signal);
  else if (existing.status === "succeeded") throw new CourseforgeError("JOB_ALREADY_SUCCEEDED", `Job ${jobId} already succeeded.`, { details: { jobId } });

  const emit = async (event: ProgressEvent) => {
    // Events outlive an abort: the record of what happened is kept even when the job stops.
    await appendEvent(database, jobId, { type: event.type, data: event });
    options.onProgress?.(event);
  };

  try {
    await markJobRunning(database, jobId, 1 + 2 * request.modules * request.lessonsPerModule, signal);
    const parts = await generateCourseParts({
      jobId,
      request,
      provider: options.provider,
      models: options.models,
      concurrency: options.concurrency,
      maxAttempts: options.maxAttempts,
      timeoutMs: options.timeoutMs,
      temperature: options.temperature,
      prices: options.prices,
      recorder: createDatabaseCallRecorder(database),
      checkpoints: {
        load: (id, loadSignal) => loadCheckpoints(database, id, loadSignal),
        save: (id, checkpoint) => saveCheckpoint(database, id, checkpoint),
        saveFailure: (id, failure) => saveStepFailure(database, id, failure),
      },
      progress: { emit },
      signal,
    });
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
        simulated: options.simulated,
        createdAt: new Date().toISOString(),
        promptTokens: totals.promptTokens,
        completionTokens: totals.completionTokens,
        cachedPromptTokens: totals.cachedPromptTokens,
        costUsd: roundCost(totals.costUsd),
        llmCalls: totals.calls,
      },
    });
    const validation = validateCourse(course);
    if (!validation.ok) throw new CourseAssemblyError(validation.issues);
    await database.transaction(async (transaction) => {
      await insertCourse(transaction, validation.course);
      await markJobSucceeded(transaction, jobId, validation.course.id);
    }, { signal });
    const result: JobResult = {
      jobId,
      course: validation.course,
      llmCalls: totals.calls,
      promptTokens: totals.promptTokens,
      completionTokens: totals.completionTokens,
      cachedPromptTokens: totals.cachedPromptTokens,
      costUsd: roundCost(totals.costUsd),
      durationMs: Math.round(performance.now() - started),
    };
    await emit({ type: "job.succeeded", jobId, courseId: course.id, llmCalls: result.llmCalls, promptTokens: result.promptTokens, completionTokens: result.completionTokens, cachedPromptTokens: result.cachedPromptTokens, costUsd: result.costUsd, durationMs: result.durationMs });
    return result;
  } catch (error) {
    const code = error instanceof AbortedError ? "CANCELED" : CourseforgeError.isInstance(error) ? error.code : "INTERNAL";
    const reason = error instanceof Error ? error.message : String(error);
    await markJobEnded(database, jobId, { status: code === "CANCELED" ? "canceled" : "failed", code, reason });
    await emit({ type: "job.failed", jobId, code, message: reason });
    throw error;
  }
}

function roundCost(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
