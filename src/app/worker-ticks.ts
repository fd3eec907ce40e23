import type { Logger } from "pino";
import type { Config } from "../config/index.ts";
import type { Database } from "../db/port.ts";
import type { WorkerTicks } from "../http/index.ts";
import { runTick, type JobQueue } from "../jobs/index.ts";
import type { KnowledgeService } from "../knowledge/index.ts";
import type { CallPolicy } from "../llm/index.ts";
import type { ModelProvider } from "../llm/types.ts";

/** What the tick route runs on: the same parts a regular worker gets. */
export interface WorkerTicksOptions {
  readonly config: Config;
  readonly database: Database;
  readonly queue: JobQueue;
  readonly provider: ModelProvider;
  readonly callPolicy?: CallPolicy;
  readonly simulated: boolean;
  readonly knowledge?: KnowledgeService;
  readonly logger?: Logger;
}

/** The serverless worker mode behind `/v1/worker/tick` (docs/vercel.md). */
export function createWorkerTicks(options: WorkerTicksOptions): WorkerTicks {
  const { config, ...parts } = options;
  return {
    cronSecret: config.worker.cronSecret,
    defaultBudgetMs: config.worker.tickBudgetMs,
    tick: (budgetMs, signal) => runTick({ ...parts, config, budgetMs, signal }),
  };
}
