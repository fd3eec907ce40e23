import type { Config } from "../config/index.ts";
import type { Database } from "../db/port.ts";
import { createCourseSimilarity, type CourseSimilarity } from "../jobs/index.ts";
import type { AnswerCache, Embedder } from "../llm/index.ts";
import { createDatabaseAnswerCache } from "../store/index.ts";

/**
 * The cost savings the config describes (docs/cost.md): the exact answer cache in the database,
 * and similar-course reuse embedding requests with the knowledge base's embeddings port.
 */
export function openCostSavings(
  config: Config,
  database: Database,
  embedder: Embedder,
): { readonly answerCache: AnswerCache; readonly similarity: CourseSimilarity } {
  return {
    answerCache: createDatabaseAnswerCache(database, {
      ttlMs: config.cache.ttlHours * 3_600_000,
      maxEntries: config.cache.maxEntries,
    }),
    similarity: createCourseSimilarity({ database, embedder, threshold: config.cache.reuseThreshold }),
  };
}
