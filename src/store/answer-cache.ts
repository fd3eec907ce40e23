import type { Queryable } from "../db/port.ts";
import type { AnswerCache, AnswerCacheEntry, CachedAnswer } from "../llm/index.ts";

/** Time to live and size cap of the answer cache. */
export interface AnswerCacheSettings {
  /** An entry older than this is never served, and is deleted by the next write. */
  readonly ttlMs: number;
  /** Most entries kept: a write past it evicts the least recently used. */
  readonly maxEntries: number;
  /** The clock the entries are stamped with (default: now); injectable for tests. */
  readonly now?: () => Date;
}

interface EntryRow extends Record<string, unknown> {
  answer: unknown;
  model: string;
  prompt_tokens_saved: number;
  completion_tokens_saved: number;
  cost_usd_saved: number;
}

// One statement per lookup: a fresh entry is stamped as used (for LRU), and the task's counters
// count the lookup, the hit and what it saved.
const lookupSql = `WITH found AS (
    UPDATE course_generation_cache
       SET hits = hits + 1, last_hit_at = $3::timestamptz, last_used_at = $3::timestamptz
     WHERE key = $1 AND expires_at > $3::timestamptz
    RETURNING answer, model, prompt_tokens_saved, completion_tokens_saved, cost_usd_saved
  ), counted AS (
    INSERT INTO course_generation_cache_counters AS counter
      (task, lookups, hits, prompt_tokens_saved, completion_tokens_saved, cost_usd_saved)
    SELECT $2, 1, count(*), coalesce(sum(prompt_tokens_saved), 0), coalesce(sum(completion_tokens_saved), 0),
           coalesce(sum(cost_usd_saved), 0)
      FROM found
    ON CONFLICT (task) DO UPDATE SET lookups = counter.lookups + 1, hits = counter.hits + EXCLUDED.hits,
      prompt_tokens_saved = counter.prompt_tokens_saved + EXCLUDED.prompt_tokens_saved,
      completion_tokens_saved = counter.completion_tokens_saved + EXCLUDED.completion_tokens_saved,
      cost_usd_saved = counter.cost_usd_saved + EXCLUDED.cost_usd_saved
  )
  SELECT * FROM found`;

// One statement per write: the entry (a refresh replaces it), expired entries deleted, and past
// the cap the least recently used others evicted (newest maxEntries − 1 kept beside this one).
const storeSql = `WITH stored AS (
    INSERT INTO course_generation_cache AS entry
      (key, task, model, owner_id, answer, prompt_tokens_saved, completion_tokens_saved, cost_usd_saved,
       created_at, last_used_at, expires_at)
    VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9::timestamptz, $9::timestamptz, $10::timestamptz)
    ON CONFLICT (key) DO UPDATE SET task = EXCLUDED.task, model = EXCLUDED.model, owner_id = EXCLUDED.owner_id,
      answer = EXCLUDED.answer, prompt_tokens_saved = EXCLUDED.prompt_tokens_saved,
      completion_tokens_saved = EXCLUDED.completion_tokens_saved, cost_usd_saved = EXCLUDED.cost_usd_saved,
      created_at = EXCLUDED.created_at, last_used_at = EXCLUDED.last_used_at, expires_at = EXCLUDED.expires_at
    RETURNING key
  ), expired AS (
    DELETE FROM course_generation_cache WHERE expires_at <= $9::timestamptz AND key <> $1 RETURNING key
  ), evicted AS (
    DELETE FROM course_generation_cache
     WHERE key IN (SELECT key FROM course_generation_cache
                    WHERE key <> $1 AND expires_at > $9::timestamptz
                    ORDER BY last_used_at DESC, key DESC OFFSET $11)
    RETURNING key
  )
  SELECT (SELECT count(*) FROM stored) AS stored, (SELECT count(*) FROM expired) AS expired,
         (SELECT count(*) FROM evicted) AS evicted`;

/** The answer cache in `course_generation_cache` (docs/cost.md, "Exact cache"). */
export function createDatabaseAnswerCache(database: Queryable, settings: AnswerCacheSettings): AnswerCache {
  const now = settings.now ?? (() => new Date());
  if (!(settings.ttlMs > 0)) throw new RangeError(`The cache's time to live must be positive, got ${settings.ttlMs}`);
  if (!Number.isInteger(settings.maxEntries) || settings.maxEntries < 1)
    throw new RangeError(`The cache's size cap must be a whole number >= 1, got ${settings.maxEntries}`);
  return {
    async lookup(key, task, options): Promise<CachedAnswer | undefined> {
      const [row] = await database.query<EntryRow>(lookupSql, [key, task, now().toISOString()], options);
      if (row === undefined) return undefined;
      return {
        answer: row.answer,
        model: row.model,
        usage: {
          promptTokens: row.prompt_tokens_saved,
          completionTokens: row.completion_tokens_saved,
          cachedPromptTokens: 0,
        },
        costUsd: row.cost_usd_saved,
      };
    },
    async store(entry: AnswerCacheEntry, options) {
      const at = now();
      await database.query(
        storeSql,
        [
          entry.key,
          entry.task,
          entry.model,
          entry.ownerId,
          JSON.stringify(entry.answer),
          entry.usage.promptTokens,
          entry.usage.completionTokens,
          entry.costUsd,
          at.toISOString(),
          new Date(at.getTime() + settings.ttlMs).toISOString(),
          settings.maxEntries - 1,
        ],
        options,
      );
    },
  };
}

/** The cache's figures per task (lookups, hits, savings since install) and its contents now. */
export interface AnswerCacheStats {
  readonly tasks: readonly {
    readonly task: string;
    readonly lookups: number;
    readonly hits: number;
    readonly promptTokensSaved: number;
    readonly completionTokensSaved: number;
    readonly costUsdSaved: number;
  }[];
  readonly entries: number;
  /** Entries private to one user (built from their material). */
  readonly privateEntries: number;
  readonly expiredEntries: number;
  readonly bytes: number;
}

/** Reads {@link AnswerCacheStats}. */
export async function readAnswerCacheStats(
  database: Queryable,
  options: { readonly now?: Date; readonly signal?: AbortSignal } = {},
): Promise<AnswerCacheStats> {
  const at = (options.now ?? new Date()).toISOString();
  const [tasks, [contents]] = await Promise.all([
    database.query<{
      task: string;
      lookups: number;
      hits: number;
      prompt_tokens_saved: number;
      completion_tokens_saved: number;
      cost_usd_saved: number;
    }>(
      `SELECT task, lookups, hits, prompt_tokens_saved, completion_tokens_saved, cost_usd_saved
         FROM course_generation_cache_counters ORDER BY task`,
      [],
      { signal: options.signal },
    ),
    database.query<{ entries: number; private_entries: number; expired_entries: number; bytes: number }>(
      `SELECT count(*)::bigint AS entries,
              count(*) FILTER (WHERE owner_id IS NOT NULL)::bigint AS private_entries,
              count(*) FILTER (WHERE expires_at <= $1::timestamptz)::bigint AS expired_entries,
              coalesce(sum(octet_length(answer::text)), 0)::bigint AS bytes
         FROM course_generation_cache`,
      [at],
      { signal: options.signal },
    ),
  ]);
  return {
    tasks: tasks.map((row) => ({
      task: row.task,
      lookups: row.lookups,
      hits: row.hits,
      promptTokensSaved: row.prompt_tokens_saved,
      completionTokensSaved: row.completion_tokens_saved,
      costUsdSaved: row.cost_usd_saved,
    })),
    entries: contents?.entries ?? 0,
    privateEntries: contents?.private_entries ?? 0,
    expiredEntries: contents?.expired_entries ?? 0,
    bytes: contents?.bytes ?? 0,
  };
}

/** Deletes cache entries: all, one task's, or only the expired ones. Returns how many. */
export async function purgeAnswerCache(
  database: Queryable,
  options: {
    readonly task?: string;
    readonly expiredOnly?: boolean;
    readonly now?: Date;
    readonly signal?: AbortSignal;
  },
): Promise<number> {
  const rows = await database.query(
    `DELETE FROM course_generation_cache
      WHERE ($1::text IS NULL OR task = $1) AND (NOT $2::boolean OR expires_at <= $3::timestamptz)
     RETURNING key`,
    [options.task ?? null, options.expiredOnly === true, (options.now ?? new Date()).toISOString()],
    { signal: options.signal },
  );
  return rows.length;
}
