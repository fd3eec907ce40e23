import { UnauthenticatedError } from "../errors.ts";
import { route, publicRoute, type RouteDefinition } from "../route.ts";
import { HealthResponse, MeResponse, ReadyResponse } from "../schemas.ts";

/** Health, readiness, the OpenAPI document and the caller's identity. */
export const systemRoutes: readonly RouteDefinition[] = [
  publicRoute(
    {
      method: "get",
      path: "/healthz",
      operationId: "health",
      summary: "Liveness: the process answers",
      tag: "system",
      access: "public",
      responses: { 200: { description: "Up.", schema: HealthResponse } },
    },
    ({ context }) => context.json({ status: "ok" as const }, 200),
  ),
  publicRoute(
    {
      method: "get",
      path: "/readyz",
      operationId: "ready",
      summary: "Readiness: the database answers and its migrations are current",
      tag: "system",
      access: "public",
      responses: {
        200: { description: "Ready.", schema: ReadyResponse },
        503: { description: "Not ready.", schema: ReadyResponse },
      },
    },
    async ({ context, dependencies }) => {
      const signal = AbortSignal.any([context.req.raw.signal, AbortSignal.timeout(5_000)]);
      const checks = await dependencies.readiness.check(signal);
      const ready = checks.database === "ok" && checks.migrations === "ok";
      return context.json({ status: ready ? ("ready" as const) : ("not_ready" as const), checks }, ready ? 200 : 503);
    },
  ),
  publicRoute(
    {
      method: "get",
      path: "/v1/openapi.json",
      operationId: "openApiDocument",
      summary: "This API's OpenAPI 3.1 document",
      tag: "system",
      access: "public",
      responses: { 200: { description: "The OpenAPI 3.1 document.", contentType: "application/json" } },
    },
    ({ context, dependencies }) => context.json(dependencies.openApiDocument(), 200),
  ),
  route(
    {
      method: "get",
      path: "/v1/me",
      operationId: "getMe",
      summary: "Who the credentials belong to",
      tag: "system",
      access: "user",
      responses: { 200: { description: "The caller: id, email (from the users table) and role.", schema: MeResponse } },
    },
    async ({ context, caller, dependencies }) => {
      const user = await dependencies.accounts.me(caller, context.req.raw.signal);
      // Only if the user was deleted between authentication and this read.
      if (user === undefined) throw new UnauthenticatedError();
      return context.json({ userId: user.id, email: user.email, role: caller.role }, 200);
    },
  ),
];
