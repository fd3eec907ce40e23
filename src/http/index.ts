// The HTTP API (Hono): routes, auth, SSE, OpenAPI; served on Node or mounted in Next.js.
export { createApp, apiRoutes } from "./app.ts";
export type { CreateAppOptions } from "./app.ts";
export { startHttpServer } from "./server.ts";
export { withWebUi, defaultWebUiDirectory, webUiContentSecurityPolicy } from "./web-ui.ts";
export type { RunningHttpServer } from "./server.ts";
export type { CourseJobs, JobView, SubmitInput } from "./ports.ts";
export type { AppServices, EventStreamTiming, WorkerTicks } from "./dependencies.ts";
export { buildOpenApiDocument } from "./openapi.ts";
export { statusOfCode, errorResponse } from "./errors.ts";
export type { ErrorBody } from "./errors.ts";
export { terminalEventTypes } from "./event-stream.ts";
export type { AppEnv, RouteDefinition, RouteSpec } from "./route.ts";
