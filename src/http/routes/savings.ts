import type { z } from "zod";
import type { AnswerCacheStats } from "../../store/index.ts";
import { isoDate } from "../present.ts";
import { route, type RouteDefinition } from "../route.ts";
import { CreateCourseBody, ErrorResponse } from "../schemas.ts";
import { CachePurgeQuery, CachePurgeResponse, CacheStatsResponse, PreviewResponse } from "../savings-schemas.ts";

const forbidden = { description: "The caller is not an admin.", schema: ErrorResponse };

function presentCacheStats(stats: AnswerCacheStats): z.output<typeof CacheStatsResponse> {
  const rate = (hits: number, lookups: number) => (lookups === 0 ? 0 : hits / lookups);
  const tasks = stats.tasks.map((task) => ({
    task: task.task,
    lookups: task.lookups,
    hits: task.hits,
    hitRate: rate(task.hits, task.lookups),
    savedTokens: task.promptTokensSaved + task.completionTokensSaved,
    savedCostUsd: task.costUsdSaved,
  }));
  const lookups = tasks.reduce((sum, task) => sum + task.lookups, 0);
  const hits = tasks.reduce((sum, task) => sum + task.hits, 0);
  return {
    lookups,
    hits,
    hitRate: rate(hits, lookups),
    savedTokens: tasks.reduce((sum, task) => sum + task.savedTokens, 0),
    savedCostUsd: Math.round(tasks.reduce((sum, task) => sum + task.savedCostUsd, 0) * 1e6) / 1e6,
    tasks,
    entries: stats.entries,
    privateEntries: stats.privateEntries,
    expiredEntries: stats.expiredEntries,
    bytes: stats.bytes,
  };
}

/** Cost savings (docs/cost.md): the similar-course preview, and the answer cache's figures and purge for admins. */
export const savingsRoutes: readonly RouteDefinition[] = [
  route(
    {
      method: "post",
      path: "/v1/courses/preview",
      operationId: "previewCourse",
      summary: "Before spending: similar courses that already exist",
      description:
        'Takes the body of `POST /v1/courses` and stores nothing. Lists the finished courses you may read with the same level, language, audience and size and a topic at least `threshold` similar (another user\'s course built from their knowledge base is never listed). Submit with `reuse: "course"` (a copy at $0) or `reuse: "outline"` (its outline, then new lessons) and `reuseFrom` to start from one.',
      tag: "courses",
      access: "user",
      body: CreateCourseBody,
      responses: {
        200: { description: "Similar courses, most similar first (empty: none).", schema: PreviewResponse },
        400: { description: "A bad or unknown field; `details.field` names it.", schema: ErrorResponse },
      },
    },
    async ({ context, caller, body, dependencies }) => {
      const { reviewOutline: _reviewOutline, ...request } = body;
      const found = await dependencies.savings.similarCourses(caller, request, context.req.raw.signal);
      return context.json(
        {
          similarCoursesExist: found.courses.length > 0,
          threshold: found.threshold,
          similar: found.courses.map((course) => ({
            courseId: course.courseId,
            title: course.title,
            topic: course.topic,
            ownerId: course.ownerId,
            createdAt: isoDate(course.createdAt),
            similarity: Math.round(course.similarity * 1e4) / 1e4,
            links: dependencies.links.course(course.courseId),
          })),
        },
        200,
      );
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/admin/cache",
      operationId: "getAnswerCacheStats",
      summary: "The answer cache: hit rate and savings per task, entries now",
      tag: "admin",
      access: "admin",
      responses: {
        200: { description: "The figures now.", schema: CacheStatsResponse },
        403: forbidden,
      },
    },
    async ({ context, caller, dependencies }) => {
      const stats = await dependencies.savings.cacheStats(caller, context.req.raw.signal);
      context.header("Cache-Control", "no-store");
      return context.json(presentCacheStats(stats), 200);
    },
  ),
  route(
    {
      method: "delete",
      path: "/v1/admin/cache",
      operationId: "purgeAnswerCache",
      summary: "Purge the answer cache (all, one task's, or the expired entries)",
      description: "The hit and savings counters are kept; only entries are deleted.",
      tag: "admin",
      access: "admin",
      query: CachePurgeQuery,
      responses: {
        200: { description: "How many entries were deleted.", schema: CachePurgeResponse },
        400: { description: "A bad `task` or `expired`.", schema: ErrorResponse },
        403: forbidden,
      },
    },
    async ({ context, caller, query, dependencies }) => {
      const purged = await dependencies.savings.purgeCache(
        caller,
        { task: query.task, expiredOnly: query.expired === "true" },
        context.req.raw.signal,
      );
      return context.json({ purged }, 200);
    },
  ),
];
