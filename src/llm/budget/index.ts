// Per-model provider budgets of the LLM call path: RPM/TPM buckets and an adaptive concurrency limit.
export { AdaptiveLimit } from "./adaptive-limit.ts";
export { FairQueue } from "./fair-queue.ts";
export type { FairQueueOptions, FairShare } from "./fair-queue.ts";
export { SlidingWindow } from "./sliding-window.ts";
export type { AdaptiveLimitOptions } from "./adaptive-limit.ts";
export { ProviderBudget } from "./provider-budget.ts";
export type { ModelBudgetState, ModelLimits, ProviderBudgetOptions } from "./provider-budget.ts";
export { parseModelLimits } from "./provider-limits.ts";
export { createDatabaseBudget } from "./shared-ledger.ts";
export type { DatabaseBudgetOptions, SharedBudget, SharedReservation } from "./shared-ledger.ts";
