import type { NormalisedRequest } from "../course/index.ts";
import type { Queryable } from "../db/port.ts";

/** A finished course's normalised request and its embedding (`course_request_embeddings`). */
export interface CourseRequestEmbedding {
  readonly courseId: string;
  readonly userId: string | null;
  readonly request: NormalisedRequest;
  /** Built from private material: suggested to its owner alone. */
  readonly private: boolean;
  readonly embedding: readonly number[];
  readonly embeddingModel: string;
}

/** Stores (or replaces) the embedding of a course's request. */
export async function storeCourseEmbedding(
  database: Queryable,
  entry: CourseRequestEmbedding,
  signal?: AbortSignal,
): Promise<void> {
  const { request } = entry;
  await database.query(
    `INSERT INTO course_request_embeddings
       (course_id, user_id, topic, audience, level, language, modules, lessons_per_module, private, embedding, embedding_model)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::real[], $11)
     ON CONFLICT (course_id) DO UPDATE SET embedding = EXCLUDED.embedding, embedding_model = EXCLUDED.embedding_model,
       topic = EXCLUDED.topic, audience = EXCLUDED.audience, private = EXCLUDED.private`,
    [
      entry.courseId,
      entry.userId,
      request.topic,
      request.audience,
      request.level,
      request.language,
      request.modules,
      request.lessonsPerModule,
      entry.private,
      [...entry.embedding],
      entry.embeddingModel,
    ],
    { signal },
  );
}

/** A course that may match a request: its summary and its topic embedding. */
export interface CourseMatchCandidate {
  readonly courseId: string;
  readonly userId: string | null;
  readonly title: string;
  readonly topic: string;
  readonly createdAt: Date;
  readonly embedding: readonly number[];
}

/**
 * The courses whose request has the same level, language, audience and size as `request`, made
 * with `embeddingModel`, and that `viewer` may reuse: their own, or (`viewer.userId` `null`: an
 * admin) anyone's that was not built from private material. Newest first, at most `limit`.
 */
export async function listCourseMatchCandidates(
  database: Queryable,
  query: {
    readonly request: NormalisedRequest;
    readonly embeddingModel: string;
    /** The caller; `everyone`: an admin, who may read every course. */
    readonly viewer: { readonly userId: string; readonly everyone: boolean };
    readonly limit: number;
  },
  signal?: AbortSignal,
): Promise<CourseMatchCandidate[]> {
  const { request, viewer } = query;
  const rows = await database.query<{
    course_id: string;
    user_id: string | null;
    title: string;
    topic: string;
    created_at: Date;
    embedding: number[];
  }>(
    `SELECT embedding_row.course_id, embedding_row.user_id, course.title, course.topic, course.created_at,
            embedding_row.embedding
       FROM course_request_embeddings AS embedding_row
       JOIN courses AS course ON course.id = embedding_row.course_id
      WHERE embedding_row.level = $1 AND embedding_row.language = $2 AND embedding_row.audience = $3
        AND embedding_row.modules = $4 AND embedding_row.lessons_per_module = $5 AND embedding_row.embedding_model = $6
        AND (embedding_row.user_id = $7 OR ($8::boolean AND NOT embedding_row.private))
      ORDER BY course.created_at DESC, course.id DESC
      LIMIT $9`,
    [
      request.level,
      request.language,
      request.audience,
      request.modules,
      request.lessonsPerModule,
      query.embeddingModel,
      viewer.userId,
      viewer.everyone,
      query.limit,
    ],
    { signal },
  );
  return rows.map((row) => ({
    courseId: row.course_id,
    userId: row.user_id,
    title: row.title,
    topic: row.topic,
    createdAt: row.created_at,
    embedding: row.embedding,
  }));
}

/** What the outline step of the job that made a course cost (what reusing that outline saves). */
export async function outlineCostOfCourse(
  database: Queryable,
  courseId: string,
  signal?: AbortSignal,
): Promise<{ promptTokens: number; completionTokens: number; costUsd: number }> {
  const [row] = await database.query<{ prompt_tokens: number; completion_tokens: number; cost_usd: number }>(
    `SELECT step.prompt_tokens + step.saved_prompt_tokens AS prompt_tokens,
            step.completion_tokens + step.saved_completion_tokens AS completion_tokens,
            step.cost_usd + step.saved_cost_usd AS cost_usd
       FROM courses AS course
       JOIN course_generation_job_steps AS step ON step.job_id = course.job_id AND step.step = 'outline'
      WHERE course.id = $1`,
    [courseId],
    { signal },
  );
  return {
    promptTokens: row?.prompt_tokens ?? 0,
    completionTokens: row?.completion_tokens ?? 0,
    costUsd: row?.cost_usd ?? 0,
  };
}
