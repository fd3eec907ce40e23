/**
 * Zod schemas of the response objects OpenAI's API reference documents (chat.completion,
 * chat.completion.chunk, error, model list, embeddings list), written from the reference and the
 * official SDK's generated types, independently of the simulator's builders. Tests parse real
 * simulator responses with them; objects are strict so a misspelled or invented field fails.
 */
import { z } from "zod";

const count = z.int().nonnegative();
const finishReason = z.enum(["stop", "length", "tool_calls", "content_filter", "function_call"]);
const serviceTier = z.enum(["auto", "default", "flex", "scale", "priority"]).nullable().optional();
const logprobs = z
  .object({ content: z.array(z.unknown()).nullable(), refusal: z.array(z.unknown()).nullable() })
  .nullable();

/** `CompletionUsage`. */
export const completionUsageSchema = z
  .strictObject({
    prompt_tokens: count,
    completion_tokens: count,
    total_tokens: count,
    prompt_tokens_details: z
      .strictObject({ cached_tokens: count.optional(), audio_tokens: count.optional() })
      .optional(),
    completion_tokens_details: z
      .strictObject({
        reasoning_tokens: count.optional(),
        audio_tokens: count.optional(),
        accepted_prediction_tokens: count.optional(),
        rejected_prediction_tokens: count.optional(),
      })
      .optional(),
  })
  .refine(
    (usage) => usage.total_tokens === usage.prompt_tokens + usage.completion_tokens,
    "total_tokens = prompt_tokens + completion_tokens",
  )
  .refine(
    (usage) => (usage.prompt_tokens_details?.cached_tokens ?? 0) <= usage.prompt_tokens,
    "cached_tokens ≤ prompt_tokens",
  );

/** `ChatCompletion` (the `chat.completion` object). */
export const chatCompletionSchema = z.strictObject({
  id: z.string().regex(/^chatcmpl-\w+$/),
  object: z.literal("chat.completion"),
  created: z.int().positive(),
  model: z.string().min(1),
  choices: z
    .array(
      z.strictObject({
        index: count,
        finish_reason: finishReason,
        logprobs,
        message: z.strictObject({
          role: z.literal("assistant"),
          content: z.string().nullable(),
          refusal: z.string().nullable(),
          annotations: z.array(z.unknown()).optional(),
          audio: z.unknown().optional(),
          function_call: z.unknown().optional(),
          tool_calls: z.array(z.unknown()).optional(),
        }),
      }),
    )
    .min(1),
  usage: completionUsageSchema.optional(),
  service_tier: serviceTier,
  system_fingerprint: z.string().optional(),
});

/** `ChatCompletionChunk` (the `chat.completion.chunk` object of a stream). */
export const chatCompletionChunkSchema = z.strictObject({
  id: z.string().regex(/^chatcmpl-\w+$/),
  object: z.literal("chat.completion.chunk"),
  created: z.int().positive(),
  model: z.string().min(1),
  choices: z.array(
    z.strictObject({
      index: count,
      delta: z.strictObject({
        role: z.enum(["developer", "system", "user", "assistant", "tool"]).optional(),
        content: z.string().nullable().optional(),
        refusal: z.string().nullable().optional(),
        function_call: z.unknown().optional(),
        tool_calls: z.array(z.unknown()).optional(),
      }),
      finish_reason: finishReason.nullable(),
      logprobs: logprobs.optional(),
    }),
  ),
  usage: completionUsageSchema.nullable().optional(),
  service_tier: serviceTier,
  system_fingerprint: z.string().optional(),
  obfuscation: z.string().optional(),
});

/** The error body every failed request returns. */
export const errorResponseSchema = z.strictObject({
  error: z.strictObject({
    message: z.string().min(1),
    type: z.string().min(1),
    param: z.string().nullable(),
    code: z.string().nullable(),
  }),
});

/** `Model`. */
export const modelSchema = z.strictObject({
  id: z.string().min(1),
  object: z.literal("model"),
  created: z.int(),
  owned_by: z.string(),
});

/** The `list` of models. */
export const modelListSchema = z.strictObject({ object: z.literal("list"), data: z.array(modelSchema) });

/** `CreateEmbeddingResponse`. */
export const embeddingListSchema = z.strictObject({
  object: z.literal("list"),
  data: z.array(
    z.strictObject({
      object: z.literal("embedding"),
      index: count,
      embedding: z.union([z.array(z.number()), z.string()]),
    }),
  ),
  model: z.string(),
  usage: z.strictObject({ prompt_tokens: count, total_tokens: count }),
});
