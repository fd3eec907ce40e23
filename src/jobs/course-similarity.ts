import {
  cosineSimilarity,
  normaliseRequest,
  type Course,
  type CourseRequest,
  type NormalisedRequest,
} from "../course/index.ts";
import type { Queryable } from "../db/port.ts";
import type { Embedder } from "../llm/index.ts";
import { listCourseMatchCandidates, storeCourseEmbedding } from "../store/index.ts";
import type { Caller } from "../users/index.ts";

/** A finished course similar to a request. */
export interface SimilarCourse {
  readonly courseId: string;
  readonly title: string;
  readonly topic: string;
  readonly ownerId: string | null;
  readonly createdAt: Date;
  /** Cosine similarity of the normalised topics' embeddings, in [-1, 1]. */
  readonly similarity: number;
}

/**
 * Similar-course reuse (docs/cost.md): each finished course's normalised request is embedded and
 * stored; a new request is matched against the courses its caller may read. Level, language,
 * audience and size must agree exactly; the topic must be at least `threshold` similar.
 */
export interface CourseSimilarity {
  /** The similarity a topic must reach (chosen on the labelled set: `npm run bench -- reuse`). */
  readonly threshold: number;
  readonly embeddingModel: string;
  /** Stores a finished course's request embedding; `private`: built from its owner's material. */
  remember(
    course: { readonly id: string; readonly ownerId: string | null; readonly private: boolean },
    request: CourseRequest,
    signal?: AbortSignal,
  ): Promise<void>;
  /** The courses the caller may read that match `request`, most similar first. */
  findSimilar(
    caller: Caller,
    request: CourseRequest,
    options?: { readonly limit?: number; readonly signal?: AbortSignal },
  ): Promise<SimilarCourse[]>;
}

/** Builds {@link CourseSimilarity} on the database and the embeddings port. */
export function createCourseSimilarity(options: {
  readonly database: Queryable;
  readonly embedder: Embedder;
  readonly threshold: number;
  /** Candidates compared per request (newest first); default 500. */
  readonly maxCandidates?: number;
}): CourseSimilarity {
  const { database, embedder, threshold } = options;
  if (!(threshold > -1 && threshold <= 1))
    throw new RangeError(`The similarity threshold must be in (-1, 1], got ${threshold}`);
  const embedTopic = async (request: NormalisedRequest, signal: AbortSignal | undefined) => {
    const [vector] = await embedder.embed([request.topic], {
      signal: signal ?? new AbortController().signal,
      step: "course:similarity",
    });
    if (vector === undefined) throw new Error("The embeddings provider returned no vector.");
    return vector;
  };
  return {
    threshold,
    embeddingModel: embedder.model,
    async remember(course, request, signal) {
      const normalised = normaliseRequest(request);
      await storeCourseEmbedding(
        database,
        {
          courseId: course.id,
          userId: course.ownerId,
          request: normalised,
          private: course.private,
          embedding: await embedTopic(normalised, signal),
          embeddingModel: embedder.model,
        },
        signal,
      );
    },
    async findSimilar(caller, request, findOptions = {}) {
      const normalised = normaliseRequest(request);
      const candidates = await listCourseMatchCandidates(
        database,
        {
          request: normalised,
          embeddingModel: embedder.model,
          viewer: { userId: caller.userId, everyone: caller.role === "admin" },
          limit: options.maxCandidates ?? 500,
        },
        findOptions.signal,
      );
      if (candidates.length === 0) return [];
      const vector = await embedTopic(normalised, findOptions.signal);
      return candidates
        .map((candidate) => ({
          courseId: candidate.courseId,
          title: candidate.title,
          topic: candidate.topic,
          ownerId: candidate.userId,
          createdAt: candidate.createdAt,
          similarity: cosineSimilarity(vector, candidate.embedding),
        }))
        .filter((match) => match.similarity >= threshold)
        .sort((left, right) => right.similarity - left.similarity)
        .slice(0, findOptions.limit ?? 5);
    },
  };
}

/** The outline of a finished course, for a request that reuses it (the request's own topic and audience). */
export function outlineOfCourse(course: Course, request: CourseRequest) {
  return {
    title: course.title,
    description: course.description,
    topic: request.topic,
    audience: request.audience,
    level: request.level,
    language: request.language,
    modules: course.modules.map((module) => ({
      id: module.id,
      title: module.title,
      summary: module.summary,
      lessons: module.lessons.map((lesson) => ({
        id: lesson.id,
        title: lesson.title,
        summary: lesson.summary,
        objectives: lesson.objectives,
        keyPoints: lesson.keyPoints,
      })),
    })),
  };
}
