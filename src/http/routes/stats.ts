import type { z } from "zod";
import type { AdminStats } from "../../observability/index.ts";
import { isoDate } from "../present.ts";
import { route, type RouteDefinition } from "../route.ts";
import { ErrorResponse, StatsQuery, StatsResponse } from "../schemas.ts";

function presentStats(stats: AdminStats): z.output<typeof StatsResponse> {
  return {
    generatedAt: isoDate(stats.at),
    jobs: {
      byState: stats.jobsByState,
      queueDepth: stats.queueDepth,
      oldestQueuedAt: stats.oldestQueuedAt === null ? null : isoDate(stats.oldestQueuedAt),
      oldestQueuedAgeSeconds:
        stats.oldestQueuedAt === null
          ? null
          : Math.max(0, (stats.at.getTime() - stats.oldestQueuedAt.getTime()) / 1_000),
    },
    throughput: {
      finishedLast24Hours: stats.throughput.reduce(
        (sum, hour) => sum + hour.succeeded + hour.failed + hour.canceled,
        0,
      ),
      hours: stats.throughput.map((hour) => ({ ...hour, hourStart: isoDate(hour.hourStart) })),
    },
    modelCalls: {
      windowHours: stats.modelWindowHours,
      models: stats.modelCalls.map((model) => ({
        ...model,
        errorRate: model.calls === 0 ? 0 : model.errors / model.calls,
      })),
    },
    costPerDay: [...stats.costPerDay],
  };
}

/** `GET /v1/admin/stats`: what the admin dashboard shows. */
export const statsRoutes: readonly RouteDefinition[] = [
  route(
    {
      method: "get",
      path: "/v1/admin/stats",
      operationId: "getAdminStats",
      summary: "Jobs by state, queue, throughput, model calls by model and cost per day",
      tag: "admin",
      access: "admin",
      query: StatsQuery,
      responses: {
        200: { description: "The figures now.", schema: StatsResponse },
        400: { description: "A bad `hours`; `details.field` names it.", schema: ErrorResponse },
        403: { description: "The caller is not an admin.", schema: ErrorResponse },
      },
    },
    async ({ context, caller, query, dependencies }) => {
      const stats = await dependencies.monitoring.stats(
        caller,
        { modelWindowHours: query.hours ?? 24 },
        context.req.raw.signal,
      );
      context.header("Cache-Control", "no-store");
      return context.json(presentStats(stats), 200);
    },
  ),
];
