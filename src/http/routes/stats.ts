import { z } from "zod";
import { costHistoryDays, type AdminStats } from "../../observability/index.ts";
import { isoDate } from "../present.ts";
import { route, type RouteDefinition } from "../route.ts";
import { ErrorResponse, jobStatuses } from "../schemas.ts";

const maxWindowHours = 24 * 30;
const hoursError = `must be a whole number of hours from 1 to ${maxWindowHours}`;

export const StatsQuery = z.strictObject({
  hours: z
    .string()
    .regex(/^\d+$/, { error: hoursError })
    .transform(Number)
    .pipe(z.int().min(1, { error: hoursError }).max(maxWindowHours, { error: hoursError }))
    .optional()
    .describe("Window of the model call figures, in hours (default 24)."),
});

const count = z.int().min(0);

export const StatsResponse = z.object({
  generatedAt: z.string(),
  jobs: z.object({
    byState: z.object(
      Object.fromEntries(jobStatuses.map((state) => [state, count])) as Record<
        (typeof jobStatuses)[number],
        typeof count
      >,
    ),
    queueDepth: count.describe("Jobs with status queued."),
    oldestQueuedAt: z.string().nullable(),
    oldestQueuedAgeSeconds: z.number().nullable().describe("Age of the oldest queued job; null when none is queued."),
  }),
  throughput: z.object({
    finishedLast24Hours: count,
    hours: z
      .array(z.object({ hourStart: z.string(), succeeded: count, failed: count, canceled: count }))
      .describe("Jobs finished in each of the last 24 UTC hours, oldest first; the current hour last."),
  }),
  modelCalls: z.object({
    windowHours: z.int(),
    models: z
      .array(
        z.object({
          model: z.string(),
          calls: count.describe("Attempts, retries included."),
          errors: count.describe("Attempts whose outcome is not success."),
          errorRate: z.number(),
          p50LatencyMs: z.number(),
          p95LatencyMs: z.number(),
          promptTokens: count,
          completionTokens: count,
          cachedPromptTokens: count,
          costUsd: z.number(),
        }),
      )
      .describe("By model, most expensive first."),
  }),
  costPerDay: z
    .array(z.object({ day: z.string().describe("YYYY-MM-DD (UTC)."), costUsd: z.number(), calls: count }))
    .describe(`The last ${costHistoryDays} UTC days, oldest first, today last; 0 on days without calls.`),
});

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
