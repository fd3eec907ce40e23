import { generateStructured } from "../generate-structured.ts";
import type { GenerateStructuredOptions, GenerateStructuredResult } from "../generate-structured.ts";
import { noUsage } from "../call-record.ts";
import { toStrictJsonSchema } from "../json-schema.ts";
import { answerCacheKey } from "./key.ts";
import type { AnswerCache, CacheMode, CacheSaving } from "./types.ts";

/** How one structured call uses the exact answer cache. */
export interface AnswerCachePolicy {
  readonly cache: AnswerCache;
  readonly mode: CacheMode;
  /** The prompt templates' version (part of the key). */
  readonly promptVersion: string;
  /** The user whose private material the prompt carries; `null` when it carries none (see {@link answerCacheKey}). */
  readonly ownerId: string | null;
  /** A cache that cannot be read or written never fails the call; its errors come here. */
  readonly onError?: (error: unknown) => void;
}

/** A structured call's result, and when it came from the cache, what that saved. */
export interface CachedStructuredResult<T> extends GenerateStructuredResult<T> {
  /** Present when the answer was served from the cache: the tokens and dollars it would have cost. */
  readonly fromCache?: CacheSaving;
}

/**
 * {@link generateStructured} behind the exact answer cache. With `use`, a fresh entry whose answer
 * still passes the schema and the semantic check is returned without a model call (0 attempts, $0).
 * Otherwise the model is called; its retries with feedback happen inside and never read the cache,
 * and only the validated answer it returns is written (with `use` and `refresh`).
 */
export async function generateStructuredCached<T>(
  options: GenerateStructuredOptions<T>,
  policy: AnswerCachePolicy | undefined,
): Promise<CachedStructuredResult<T>> {
  if (policy === undefined || policy.mode === "off") return generateStructured(options);
  const key = answerCacheKey({
    provider: options.provider.name,
    model: options.model,
    promptVersion: policy.promptVersion,
    messages: options.messages,
    schemaName: options.schemaName,
    schema: toStrictJsonSchema(options.schema),
    temperature: options.temperature,
    seed: options.seed,
    ownerId: policy.ownerId,
  });
  if (policy.mode === "use") {
    const hit = await policy.cache.lookup(key, options.task, { signal: options.signal }).catch((error: unknown) => {
      if (options.signal.aborted) throw error;
      policy.onError?.(error);
      return undefined;
    });
    if (hit !== undefined) {
      // An entry written under an older schema or rule is a miss (and is replaced below).
      const parsed = options.schema.safeParse(hit.answer);
      if (parsed.success && (options.semanticCheck?.(parsed.data) ?? []).length === 0) {
        return {
          value: parsed.data,
          attempts: 0,
          usage: noUsage,
          costUsd: 0,
          model: hit.model,
          fromCache: { usage: hit.usage, costUsd: hit.costUsd },
        };
      }
    }
  }
  const result = await generateStructured(options);
  // Paid for and validated: kept even when the caller is being canceled (no signal).
  await policy.cache
    .store(
      {
        key,
        task: options.task,
        ownerId: policy.ownerId,
        answer: result.value,
        model: result.model,
        usage: result.usage,
        costUsd: result.costUsd,
      },
      {},
    )
    .catch((error: unknown) => policy.onError?.(error));
  return result;
}
