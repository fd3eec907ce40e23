import { createHash } from "node:crypto";
import type { ChatMessage, JsonSchema } from "../types.ts";

/** Everything that decides a model's answer, and so the key of a cached one. */
export interface AnswerKeyParts {
  readonly provider: string;
  readonly model: string;
  /** Changes whenever the prompt templates change, so no answer to an old prompt is served. */
  readonly promptVersion: string;
  readonly messages: readonly ChatMessage[];
  readonly schemaName: string;
  readonly schema: JsonSchema;
  readonly temperature: number | undefined;
  readonly seed: number | undefined;
  /**
   * The user whose private material is in the prompt (knowledge-base excerpts, an outline they
   * edited); `null` when the prompt holds nothing private. Part of the key, so a private answer
   * can only ever be found by the same user.
   */
  readonly ownerId: string | null;
}

/**
 * The cache key of an answer: SHA-256 of the canonical JSON of its parts. `max_tokens` is left
 * out on purpose: it bounds the answer's length, not its content, and a validated answer is valid
 * whatever limit it was produced under (the limit is sized per call by the budget).
 */
export function answerCacheKey(parts: AnswerKeyParts): string {
  const canonical = canonicalJson({
    v: 1,
    provider: parts.provider,
    model: parts.model,
    promptVersion: parts.promptVersion,
    messages: parts.messages.map((message) => [message.role, message.content]),
    schemaName: parts.schemaName,
    schema: parts.schema,
    temperature: parts.temperature ?? null,
    seed: parts.seed ?? null,
    ownerId: parts.ownerId,
  });
  return createHash("sha256").update(canonical).digest("hex");
}

// Object keys sorted, so that one schema written in another key order hashes the same.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : inner,
  );
}
