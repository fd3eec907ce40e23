import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { NotFoundError, UnauthenticatedError } from "../errors.ts";
import { publicRoute, type RouteDefinition } from "../route.ts";
import { ErrorResponse, TickBudget, TickResponse } from "../schemas.ts";
import { parseInput, readJsonBody } from "../validation.ts";

const TickQuery = z.strictObject({ budgetMs: TickBudget.optional() });
const TickBody = z.strictObject({ budgetMs: TickBudget.optional() });

// Digests of equal length, so neither the secret's content nor its length shows in the timing.
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const bearer = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

function tickRoute(method: "get" | "post"): RouteDefinition {
  return publicRoute(
    {
      method,
      path: "/v1/worker/tick",
      operationId: method === "post" ? "runWorkerTick" : "runWorkerTickFromCron",
      summary:
        method === "post"
          ? "Serverless worker: run job steps for at most budgetMs, then release what is held"
          : "The same tick for Vercel Cron, which sends GET",
      description:
        "Off (404) unless COURSEFORGE_CRON_SECRET is set; needs `Authorization: Bearer <COURSEFORGE_CRON_SECRET>` (401 otherwise). " +
        "`budgetMs` (query, or a JSON body on POST) defaults to COURSEFORGE_TICK_BUDGET_MS. See docs/vercel.md.",
      tag: "worker",
      access: "public",
      query: TickQuery,
      responses: {
        200: {
          description: "What the tick did; outcome `nothing_fitted` when no call fitted the budget.",
          schema: TickResponse,
        },
        400: { description: "A bad budgetMs.", schema: ErrorResponse },
        401: { description: "Missing or wrong cron secret.", schema: ErrorResponse },
        404: { description: "The tick route is off (no COURSEFORGE_CRON_SECRET).", schema: ErrorResponse },
      },
    },
    async ({ context, query, dependencies }) => {
      const worker = dependencies.worker;
      if (worker === undefined || worker.cronSecret === undefined)
        throw new NotFoundError(`No route ${context.req.method} ${context.req.path}.`);
      const match = bearer.exec(context.req.header("authorization") ?? "");
      if (match === null || !sameSecret(match[1]!, worker.cronSecret))
        throw new UnauthenticatedError("The tick route needs `Authorization: Bearer <COURSEFORGE_CRON_SECRET>`.");
      let budgetMs = query.budgetMs;
      if (method === "post" && (context.req.header("content-length") ?? "0") !== "0") {
        const body = parseInput(TickBody, await readJsonBody(context.req.raw, dependencies.bodyLimitBytes), "body");
        budgetMs = body.budgetMs ?? budgetMs;
      }
      const summary = await worker.tick(budgetMs ?? worker.defaultBudgetMs, context.req.raw.signal);
      return context.json(
        { ...summary, jobs: summary.jobs.map((job) => ({ ...job, status: job.status ?? null })) },
        200,
      );
    },
  );
}

/** The serverless worker mode (docs/vercel.md). */
export const workerRoutes: readonly RouteDefinition[] = [tickRoute("post"), tickRoute("get")];
