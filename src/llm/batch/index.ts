// Economy mode: lesson and quiz calls as lines of the provider's Batch API (docs/cost.md).
export { createOpenAiBatchApi, batchKeyMetadata } from "./batch-api.ts";
export type { BatchApi, ProviderBatch } from "./batch-api.ts";
export { createBatchCoordinator } from "./coordinator.ts";
export type { BatchCoordinator, BatchCoordinatorOptions, BatchProgress, LineOutcome } from "./coordinator.ts";
export { BatchUnfinishedError, generateStructuredInBatch } from "./generate-in-batch.ts";
export type { BatchLane } from "./generate-in-batch.ts";
