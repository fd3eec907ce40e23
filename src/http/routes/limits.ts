import { route, type RouteDefinition } from "../route.ts";
import {
  BudgetCapsResponse,
  BudgetSettingsResponse,
  CostReportQuery,
  CostReportResponse,
  GlobalBudgetBody,
  GlobalBudgetResponse,
  RoleBudgetBody,
  UserBudgetBody,
  ClearedUserLimitsResponse,
  ErrorResponse,
  GlobalLimitsBody,
  GlobalLimitsResponse,
  LimitSettingsResponse,
  LimitUserParams,
  ModelAccessResponse,
  RoleLimitsBody,
  RoleLimitsResponse,
  RoleModelsBody,
  RoleModelsResponse,
  RoleParams,
  UsageResponse,
  UserLimitsBody,
  UserLimitsResponse,
} from "../schemas.ts";

// Usage and limits: `GET /v1/me/usage` for everyone, the rest for admins (docs/limits.md).

const forbidden = { description: "The caller is not an admin.", schema: ErrorResponse };
const invalid = { description: "A bad or unknown field; `details.field` names it.", schema: ErrorResponse };

/** `GET /v1/me/usage` and the admin limit routes. */
export const limitRoutes: readonly RouteDefinition[] = [
  route(
    {
      method: "get",
      path: "/v1/me/usage",
      operationId: "getMyUsage",
      summary: "Your limits, what you used and when it comes back",
      tag: "limits",
      access: "user",
      responses: {
        200: {
          description: "Courses per hour (with burst) and per day, tokens today (UTC), knowledge-base storage.",
          schema: UsageResponse,
        },
      },
    },
    async ({ context, caller, dependencies }) => {
      const signal = context.req.raw.signal;
      const usage = await dependencies.limits.usage(caller, signal);
      const knowledge = dependencies.knowledge;
      if (knowledge === undefined) return context.json(usage, 200);
      const stored = await knowledge.usage({ userId: caller.userId, isAdmin: caller.role === "admin" }, signal);
      const { quota } = knowledge.settings;
      return context.json(
        {
          ...usage,
          knowledge: {
            documents: { used: stored.documents, limit: quota.maxDocuments },
            bytes: { used: Number(stored.bytes), limit: quota.maxBytes },
          },
        },
        200,
      );
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/admin/limits",
      operationId: "getLimits",
      summary: "Every role's limits, the global limit and the per-user overrides",
      tag: "limits",
      access: "admin",
      responses: { 200: { description: "The stored limits.", schema: LimitSettingsResponse }, 403: forbidden },
    },
    async ({ context, dependencies }) => context.json(await dependencies.limits.settings(context.req.raw.signal), 200),
  ),
  route(
    {
      method: "put",
      path: "/v1/admin/limits/roles/:role",
      operationId: "setRoleLimits",
      summary: "Change a role's limits (takes effect at once, in every process)",
      tag: "limits",
      access: "admin",
      params: RoleParams,
      body: RoleLimitsBody,
      responses: {
        200: { description: "The role's limits now.", schema: RoleLimitsResponse },
        400: invalid,
        403: forbidden,
      },
    },
    async ({ context, params, body, dependencies }) =>
      context.json(await dependencies.limits.setRole(params.role, body, context.req.raw.signal), 200),
  ),
  route(
    {
      method: "put",
      path: "/v1/admin/limits/users/:userId",
      operationId: "setUserLimits",
      summary: "Override limits for one user (they beat the role's)",
      tag: "limits",
      access: "admin",
      params: LimitUserParams,
      body: UserLimitsBody,
      responses: {
        200: { description: "The user's overrides now (null: the role's value).", schema: UserLimitsResponse },
        400: invalid,
        403: forbidden,
        404: { description: "USER_NOT_FOUND.", schema: ErrorResponse },
      },
    },
    async ({ context, params, body, dependencies }) =>
      context.json(await dependencies.limits.setUser(params.userId, body, context.req.raw.signal), 200),
  ),
  route(
    {
      method: "delete",
      path: "/v1/admin/limits/users/:userId",
      operationId: "clearUserLimits",
      summary: "Remove a user's overrides (the role's limits apply again)",
      tag: "limits",
      access: "admin",
      params: LimitUserParams,
      responses: {
        200: {
          description: "`cleared`: whether there were overrides.",
          schema: ClearedUserLimitsResponse,
        },
        400: invalid,
        403: forbidden,
      },
    },
    async ({ context, params, dependencies }) =>
      context.json(
        { userId: params.userId, cleared: await dependencies.limits.clearUser(params.userId, context.req.raw.signal) },
        200,
      ),
  ),
  route(
    {
      method: "put",
      path: "/v1/admin/limits/global",
      operationId: "setGlobalLimit",
      summary: "Change the service-wide limit of courses per hour",
      tag: "limits",
      access: "admin",
      body: GlobalLimitsBody,
      responses: {
        200: { description: "The global limit now.", schema: GlobalLimitsResponse },
        400: invalid,
        403: forbidden,
      },
    },
    async ({ context, body, dependencies }) =>
      context.json(await dependencies.limits.setGlobal(body.coursesPerHour, context.req.raw.signal), 200),
  ),
  route(
    {
      method: "get",
      path: "/v1/admin/models",
      operationId: "getModelAllowLists",
      summary: "The models each role may name in a course request",
      tag: "limits",
      access: "admin",
      responses: { 200: { description: "Every role's allow-list.", schema: ModelAccessResponse }, 403: forbidden },
    },
    async ({ context, dependencies }) => context.json(await dependencies.limits.models(context.req.raw.signal), 200),
  ),
  route(
    {
      method: "put",
      path: "/v1/admin/models/:role",
      operationId: "setRoleModels",
      summary: "Change the models a role may name (takes effect at once, in every process)",
      description: "Every model must be priced (`prices`) or a configured step model; others are 400 INVALID_INPUT.",
      tag: "limits",
      access: "admin",
      params: RoleParams,
      body: RoleModelsBody,
      responses: {
        200: { description: "The role's allow-list now.", schema: RoleModelsResponse },
        400: invalid,
        403: forbidden,
      },
    },
    async ({ context, params, body, dependencies }) =>
      context.json(await dependencies.limits.setRoleModels(params.role, body.models, context.req.raw.signal), 200),
  ),
  route(
    {
      method: "delete",
      path: "/v1/admin/models/:role",
      operationId: "resetRoleModels",
      summary: "Give a role its default allow-list again",
      tag: "limits",
      access: "admin",
      params: RoleParams,
      responses: {
        200: { description: "The role's allow-list now (the default).", schema: RoleModelsResponse },
        400: invalid,
        403: forbidden,
      },
    },
    async ({ context, params, dependencies }) =>
      context.json(await dependencies.limits.setRoleModels(params.role, null, context.req.raw.signal), 200),
  ),
  route(
    {
      method: "get",
      path: "/v1/admin/budgets",
      operationId: "getBudgets",
      summary: "Every role's USD caps, the global daily budget and the per-user overrides",
      tag: "limits",
      access: "admin",
      responses: { 200: { description: "The stored budgets.", schema: BudgetSettingsResponse }, 403: forbidden },
    },
    async ({ context, dependencies }) =>
      context.json(await dependencies.limits.budgets.settings(context.req.raw.signal), 200),
  ),
  route(
    {
      method: "put",
      path: "/v1/admin/budgets/roles/:role",
      operationId: "setRoleBudget",
      summary: "Change what each user of a role may spend per day, month and course",
      tag: "limits",
      access: "admin",
      params: RoleParams,
      body: RoleBudgetBody,
      responses: {
        200: { description: "The role's caps now.", schema: BudgetCapsResponse },
        400: invalid,
        403: forbidden,
      },
    },
    async ({ context, params, body, dependencies }) =>
      context.json(await dependencies.limits.budgets.setRole(params.role, body, context.req.raw.signal), 200),
  ),
  route(
    {
      method: "put",
      path: "/v1/admin/budgets/users/:userId",
      operationId: "setUserBudget",
      summary: "Override one user's USD caps (they beat the role's)",
      tag: "limits",
      access: "admin",
      params: LimitUserParams,
      body: UserBudgetBody,
      responses: {
        200: { description: "The user's overrides now (null: the role's value).", schema: BudgetCapsResponse },
        400: invalid,
        403: forbidden,
        404: { description: "USER_NOT_FOUND.", schema: ErrorResponse },
      },
    },
    async ({ context, params, body, dependencies }) =>
      context.json(await dependencies.limits.budgets.setUser(params.userId, body, context.req.raw.signal), 200),
  ),
  route(
    {
      method: "delete",
      path: "/v1/admin/budgets/users/:userId",
      operationId: "clearUserBudget",
      summary: "Remove a user's USD overrides (the role's caps apply again)",
      tag: "limits",
      access: "admin",
      params: LimitUserParams,
      responses: {
        200: { description: "`cleared`: whether there were overrides.", schema: ClearedUserLimitsResponse },
        400: invalid,
        403: forbidden,
      },
    },
    async ({ context, params, dependencies }) =>
      context.json(
        {
          userId: params.userId,
          cleared: await dependencies.limits.budgets.clearUser(params.userId, context.req.raw.signal),
        },
        200,
      ),
  ),
  route(
    {
      method: "put",
      path: "/v1/admin/budgets/global",
      operationId: "setGlobalBudget",
      summary: "Change the service's daily USD budget",
      description: "Past it new jobs wait (or fail, COURSEFORGE_OVER_GLOBAL_BUDGET=refuse); running jobs finish.",
      tag: "limits",
      access: "admin",
      body: GlobalBudgetBody,
      responses: {
        200: { description: "The global budget now.", schema: GlobalBudgetResponse },
        400: invalid,
        403: forbidden,
      },
    },
    async ({ context, body, dependencies }) =>
      context.json(await dependencies.limits.budgets.setGlobal(body.usdPerDay, context.req.raw.signal), 200),
  ),
  route(
    {
      method: "get",
      path: "/v1/admin/costs",
      operationId: "getCostReport",
      summary: "Cost of model calls by user, role, model and UTC day",
      tag: "limits",
      access: "admin",
      query: CostReportQuery,
      responses: {
        200: { description: "The last `days` days (default 30).", schema: CostReportResponse },
        400: invalid,
        403: forbidden,
      },
    },
    async ({ context, query, dependencies }) =>
      context.json(await dependencies.limits.budgets.costReport(query.days, context.req.raw.signal), 200),
  ),
];
