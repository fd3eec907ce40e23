import { Outline, validateCourse, type Course, type CourseRequest } from "../course/index.ts";
import type { Database } from "../db/port.ts";
import { findCourseOfUser, outlineCostOfCourse, saveFinishedStep, type JobRow } from "../store/index.ts";
import type { CourseSimilarity } from "./course-similarity.ts";
import { outlineOfCourse } from "./course-similarity.ts";
import { newId } from "./ids.ts";
import { appendJobEvent } from "./lifecycle-events.ts";

/** A finished course a job reuses. */
export interface ReuseSource {
  readonly course: Course;
}

/**
 * The course a job with `reuse` starts from: the one its request names (`reuseFrom`, checked
 * when it was submitted), or else the most similar course of the job's owner; `undefined` when
 * there is none (the course is then generated as usual).
 */
export async function findReuseSource(
  database: Database,
  job: JobRow,
  request: CourseRequest,
  similarity: CourseSimilarity | undefined,
  signal: AbortSignal,
): Promise<ReuseSource | undefined> {
  if (request.reuse === undefined) return undefined;
  let courseId = request.reuseFrom;
  if (courseId === undefined) {
    if (similarity === undefined || job.userId === null) return undefined;
    // Without a named course, only the owner's own courses: never another user's.
    const [nearest] = await similarity.findSimilar({ userId: job.userId, role: "teacher" }, request, {
      limit: 1,
      signal,
    });
    courseId = nearest?.courseId;
  }
  if (courseId === undefined) return undefined;
  const found = await findCourseOfUser(database, courseId, { userId: undefined }, signal);
  return found === undefined ? undefined : { course: found.course };
}

/** Whether a course was built from its owner's private material (their knowledge base). */
export function isPrivateCourse(course: Course): boolean {
  return course.generation.grounded !== undefined;
}

/** A copy of `source` as a new course for `request` (new id, $0, no model call); validated. */
export function copyCourse(source: Course, request: CourseRequest): Course {
  const copy: Course = {
    ...source,
    id: newId("crs"),
    topic: request.topic,
    audience: request.audience,
    generation: {
      ...source.generation,
      createdAt: new Date().toISOString(),
      promptTokens: 0,
      completionTokens: 0,
      cachedPromptTokens: 0,
      costUsd: 0,
      llmCalls: 0,
    },
  };
  const validation = validateCourse(copy);
  if (!validation.ok) throw new Error(`A reused course failed validation: ${JSON.stringify(validation.issues)}`);
  return validation.course;
}

/**
 * Stores the source course's outline as the job's outline checkpoint, served from reuse: the
 * outline call is skipped and what it had cost is recorded as saved. The job then writes its
 * lessons (or pauses for the outline review) as usual.
 */
export async function seedOutlineFromCourse(
  database: Database,
  jobId: string,
  source: Course,
  request: CourseRequest,
  signal: AbortSignal,
): Promise<void> {
  const outline = Outline.parse(outlineOfCourse(source, request));
  const saved = await outlineCostOfCourse(database, source.id, signal);
  const figures = {
    promptTokens: 0,
    completionTokens: 0,
    cachedPromptTokens: 0,
    costUsd: 0,
    attempts: 0,
    durationMs: 0,
  };
  await saveFinishedStep(database, jobId, {
    checkpoint: { step: "outline", output: outline, ...figures, servedFrom: "reuse", saved },
    calls: [],
    event: {
      type: "step.finished",
      data: {
        type: "step.finished",
        jobId,
        step: "outline",
        kind: "outline",
        title: "Course outline",
        fromCheckpoint: false,
        ...figures,
        servedFrom: "reuse",
        savedTokens: saved.promptTokens + saved.completionTokens,
        savedCostUsd: saved.costUsd,
      },
    },
  });
  await appendJobEvent(database, {
    type: "job.reused",
    jobId,
    mode: "outline",
    fromCourseId: source.id,
    savedCostUsd: saved.costUsd,
  });
}
