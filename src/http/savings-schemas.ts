import { z } from "zod";

// Bodies of the cost-savings routes (docs/cost.md): the similar-course preview and the answer
// cache's admin figures.

const path = z.string().describe("A path on this API (including any base path).");

export const SimilarCourseResponse = z.object({
  courseId: z.string(),
  title: z.string(),
  topic: z.string(),
  ownerId: z.string().nullable(),
  createdAt: z.string(),
  similarity: z.number().describe("Cosine similarity of the normalised topics, at least `threshold`."),
  links: z.object({ self: path, export: path }),
});

export const PreviewResponse = z.object({
  similarCoursesExist: z.boolean(),
  threshold: z
    .number()
    .nullable()
    .describe("The topic similarity a course must reach; null without an embeddings port."),
  similar: z
    .array(SimilarCourseResponse)
    .describe(
      'Courses you may read with the same level, language, audience and size and a similar topic, most similar first. Send `reuse: "outline"` or `reuse: "course"` with `reuseFrom` to start from one.',
    ),
});

const count = z.int().min(0);

export const CacheStatsResponse = z.object({
  lookups: count,
  hits: count,
  hitRate: z.number().describe("hits ÷ lookups since install (0 before any lookup)."),
  savedTokens: count,
  savedCostUsd: z.number(),
  tasks: z.array(
    z.object({
      task: z.string(),
      lookups: count,
      hits: count,
      hitRate: z.number(),
      savedTokens: count,
      savedCostUsd: z.number(),
    }),
  ),
  entries: count,
  privateEntries: count.describe("Entries built from one user's private material, served to that user alone."),
  expiredEntries: count,
  bytes: count,
});

export const CachePurgeQuery = z.strictObject({
  task: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,63}$/, { error: "must be a task name such as outline, lesson or quiz" })
    .optional()
    .describe("Only this task's entries."),
  expired: z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .optional()
    .describe("true: only entries past their time to live."),
});

export const CachePurgeResponse = z.object({ purged: count });
