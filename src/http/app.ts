import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { Caller } from "../users/index.ts";
import type { AppDependencies, AppServices, EventStreamTiming } from "./dependencies.ts";
import { errorResponse, ForbiddenError, NotFoundError, UnauthenticatedError } from "./errors.ts";
import { createLinks } from "./links.ts";
import { buildOpenApiDocument } from "./openapi.ts";
import type { AppEnv, RouteDefinition } from "./route.ts";
import { adminRoutes } from "./routes/admin.ts";
import { courseRoutes } from "./routes/courses.ts";
import { jobRoutes } from "./routes/jobs.ts";
import { revisionRoutes } from "./routes/revisions.ts";
import { observabilityRoutes } from "./routes/observability.ts";
import { statsRoutes } from "./routes/stats.ts";
import { savingsRoutes } from "./routes/savings.ts";
import { limitRoutes } from "./routes/limits.ts";
import { knowledgeRoutes } from "./routes/knowledge.ts";
import { systemRoutes } from "./routes/system.ts";
import { webhookRoutes } from "./routes/webhooks.ts";
import { workerRoutes } from "./routes/worker.ts";
import { createStreamSlots } from "./stream-slots.ts";
import { parseInput, readJsonBody } from "./validation.ts";
import packageJson from "../../package.json" with { type: "json" };

/** Every route the API serves, in the order of the OpenAPI document. */
export const apiRoutes: readonly RouteDefinition[] = [
  ...systemRoutes,
  ...jobRoutes,
  ...courseRoutes,
  ...revisionRoutes,
  ...savingsRoutes,
  ...adminRoutes,
  ...limitRoutes,
  ...observabilityRoutes,
  ...statsRoutes,
  ...knowledgeRoutes,
  ...webhookRoutes,
  ...workerRoutes,
];

/** What {@link createApp} needs: the services (built by the composition root, src/app) and HTTP settings. */
export interface CreateAppOptions {
  readonly services: AppServices;
  /** `COURSEFORGE_METRICS_TOKEN`: when set, `GET /metrics` needs it as a bearer token. */
  readonly metricsToken?: string | undefined;
  /** Path the app is mounted under, e.g. `/api` for a Next.js `app/api/[...route]/route.ts`. Default `""`. */
  readonly basePath?: string;
  /** Largest request body accepted (default 1 MiB); larger is 413. */
  readonly bodyLimitBytes?: number;
  readonly eventStream?: Partial<EventStreamTiming>;
  /** `COURSEFORGE_MAX_STREAMS_PER_USER`: open event streams per user in this process (default 20). */
  readonly maxStreamsPerUser?: number;
  /** Called with every error answered as a 500 (its details are not sent to the client). Default: one line on stderr. */
  readonly onError?: (error: unknown, request: { readonly method: string; readonly path: string }) => void;
}

const defaultBodyLimitBytes = 1024 * 1024;
const defaultMaxStreamsPerUser = 20;
const bearerPattern = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;
const noQuery = z.strictObject(
  {},
  { error: (issue) => (issue.code === "unrecognized_keys" ? "this route takes no query parameters" : undefined) },
);

function reportToStderr(error: unknown, request: { method: string; path: string }): void {
  const summary = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(`courseforge http: ${request.method} ${request.path} failed: ${summary}\n`);
}

async function authenticateRequest(context: Context<AppEnv>, dependencies: AppDependencies): Promise<Caller> {
  const header = context.req.header("authorization");
  if (header === undefined || header.trim() === "") throw new UnauthenticatedError();
  const match = bearerPattern.exec(header);
  if (match === null) throw new UnauthenticatedError("The Authorization header must be `Bearer <token>`.");
  const caller = await dependencies.accounts.authenticate(match[1]!, context.req.raw.signal);
  if (caller === undefined)
    throw new UnauthenticatedError("The token is invalid, expired or revoked, or its user is disabled.");
  return caller;
}

// On every response, errors and 404s included (set where each is made, so the route table holds
// routes only): a browser must never sniff a JSON or Markdown body, which may hold generated
// text, into HTML.
const noSniff = ["X-Content-Type-Options", "nosniff"] as const;

function mount(app: Hono<AppEnv>, definition: RouteDefinition, dependencies: AppDependencies): void {
  const { spec } = definition;
  app.on(spec.method.toUpperCase(), spec.path, async (context) => {
    let caller: Caller | undefined;
    if (spec.access !== "public") {
      caller = await authenticateRequest(context, dependencies);
      if (spec.access === "admin" && caller.role !== "admin") throw new ForbiddenError();
      context.set("caller", caller);
    }
    const params = spec.params === undefined ? undefined : parseInput(spec.params, context.req.param(), "path");
    const query =
      spec.query !== undefined
        ? parseInput(spec.query, context.req.query(), "query")
        : spec.access === "public"
          ? undefined
          : parseInput(noQuery, context.req.query(), "query");
    const body =
      spec.body === undefined
        ? undefined
        : parseInput(spec.body, await readJsonBody(context.req.raw, dependencies.bodyLimitBytes), "body");
    const response = await definition.handle({
      context,
      caller,
      params,
      query: spec.query === undefined ? undefined : query,
      body,
      dependencies,
    });
    response.headers.set(noSniff[0], noSniff[1]);
    return response;
  });
}

/**
 * Builds the Courseforge HTTP API as a Hono app: serve it with `startHttpServer` (Node), or call
 * `app.fetch(request)` from any fetch-style host, e.g. a Next.js route handler (docs/nextjs.md).
 * Every error is JSON `{error: {code, message, details}}`; see docs/api.md.
 */
export function createApp(options: CreateAppOptions): Hono<AppEnv> {
  const basePath = (options.basePath ?? "").replace(/\/+$/, "");
  let document: Record<string, unknown> | undefined;
  const dependencies: AppDependencies = {
    ...options.services,
    metricsToken: options.metricsToken,
    links: createLinks(basePath),
    bodyLimitBytes: options.bodyLimitBytes ?? defaultBodyLimitBytes,
    eventStream: { terminalGraceMs: 1_000, keepAliveMs: 15_000, retryMs: 2_000, ...options.eventStream },
    streamSlots: createStreamSlots(options.maxStreamsPerUser ?? defaultMaxStreamsPerUser),
    openApiDocument: () => (document ??= buildOpenApiDocument(apiRoutes, { basePath, version: packageJson.version })),
  };
  const report = options.onError ?? reportToStderr;
  const app = basePath === "" ? new Hono<AppEnv>() : new Hono<AppEnv>().basePath(basePath);
  for (const definition of apiRoutes) mount(app, definition, dependencies);
  app.notFound((context) => {
    context.header(noSniff[0], noSniff[1]);
    const { status, body } = errorResponse(new NotFoundError(`No route ${context.req.method} ${context.req.path}.`));
    return context.json(body, status as 404);
  });
  app.onError((error, context) => {
    context.header(noSniff[0], noSniff[1]);
    if (error instanceof HTTPException && error.status < 500) {
      return context.json(
        {
          error: {
            code: error.status === 401 ? "UNAUTHENTICATED" : "INVALID_INPUT",
            message: error.message || "Bad request.",
            details: {},
          },
        },
        error.status,
      );
    }
    const { status, body, retryAfterSeconds } = errorResponse(error);
    if (status >= 500) report(error, { method: context.req.method, path: context.req.path });
    if (status === 401) context.header("WWW-Authenticate", 'Bearer realm="courseforge"');
    // The rest of an oversized body is never read: the connection cannot carry another request.
    if (status === 413) context.header("Connection", "close");
    if (retryAfterSeconds !== undefined) context.header("Retry-After", String(retryAfterSeconds));
    return context.json(body, status as 400);
  });
  return app;
}
