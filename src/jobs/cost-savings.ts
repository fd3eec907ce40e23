import type { CourseRequest } from "../course/index.ts";
import type { Queryable } from "../db/port.ts";
import { purgeAnswerCache, readAnswerCacheStats, type AnswerCacheStats } from "../store/index.ts";
import { requireAdmin, type Caller } from "../users/index.ts";
import type { CourseSimilarity, SimilarCourse } from "./course-similarity.ts";

/**
 * What the API offers of the cost savings (docs/cost.md): similar courses before a request is
 * spent on, and for admins the answer cache's figures and purge.
 */
export interface CostSavings {
  /** The finished courses the caller may read that match `request`, most similar first (none without an embeddings port). */
  similarCourses(
    caller: Caller,
    request: CourseRequest,
    signal?: AbortSignal,
  ): Promise<{ readonly threshold: number | null; readonly courses: readonly SimilarCourse[] }>;
  /** Admins: the cache's hit rate and savings per task, and its contents now. */
  cacheStats(caller: Caller, signal?: AbortSignal): Promise<AnswerCacheStats>;
  /** Admins: deletes cache entries (one task's, only the expired, or all); returns how many. */
  purgeCache(
    caller: Caller,
    options: { readonly task?: string | undefined; readonly expiredOnly?: boolean | undefined },
    signal?: AbortSignal,
  ): Promise<number>;
}

/** Builds {@link CostSavings} on the database and, when there is one, the similar-course index. */
export function createCostSavings(options: {
  readonly database: Queryable;
  readonly similarity?: CourseSimilarity | undefined;
}): CostSavings {
  const { database, similarity } = options;
  return {
    async similarCourses(caller, request, signal) {
      if (similarity === undefined) return { threshold: null, courses: [] };
      const courses = await similarity.findSimilar(caller, request, signal === undefined ? {} : { signal });
      return { threshold: similarity.threshold, courses };
    },
    async cacheStats(caller, signal) {
      requireAdmin(caller, "read the answer cache's figures");
      return readAnswerCacheStats(database, signal === undefined ? {} : { signal });
    },
    async purgeCache(caller, purge, signal) {
      requireAdmin(caller, "purge the answer cache");
      return purgeAnswerCache(database, {
        ...(purge.task === undefined ? {} : { task: purge.task }),
        ...(purge.expiredOnly === undefined ? {} : { expiredOnly: purge.expiredOnly }),
        ...(signal === undefined ? {} : { signal }),
      });
    },
  };
}
