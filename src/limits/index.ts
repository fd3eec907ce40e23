// User rate limits and quotas of course generation (docs/limits.md).
export { createCourseLimits, tokensUsedSince } from "./limiter.ts";
export { jobAdmission } from "./course-admission.ts";
export type { AdmissionOutcome, JobAdmission } from "./course-admission.ts";
export type { CourseLimits, CourseLimitsOptions, Usage, UsageWindow } from "./limiter.ts";
export { LimitExceededError, rateLimitHeaders } from "./errors.ts";
export type { LimitReport } from "./errors.ts";
export {
  readLimitSettings,
  seedLimitDefaults,
  updateRoleLimits,
  updateUserLimits,
  clearUserLimits,
  updateGlobalLimit,
} from "./settings.ts";
export type {
  EffectiveLimits,
  LimitDefaults,
  LimitPatch,
  LimitSettings,
  RoleLimits,
  UserLimitOverrides,
} from "./settings.ts";
export {
  defaultModelAllowLists,
  modelAccessDefaultsOf,
  ModelNotAllowedError,
  selectableModels,
} from "./model-access.ts";
export type { ModelAccessDefaults, ModelAccessSettings, RoleModels } from "./model-access.ts";
export { createCourseBudgets } from "./budgets.ts";
export type { CourseBudgets, CourseBudgetsOptions, MoneyUsage, MoneyWindow } from "./budgets.ts";
export { releaseBudget, reserveBudget, settleBudget, windowKeys } from "./budget-ledger.ts";
export type { BudgetOwner, ReservationOutcome, ReservationRequest } from "./budget-ledger.ts";
export type { BudgetCaps, BudgetDefaults, BudgetPatch, BudgetSettings, EffectiveBudget } from "./budget-settings.ts";
export type { CostLine, CostReport } from "./cost-report.ts";
