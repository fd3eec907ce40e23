/**
 * `POST /v1/embeddings`: deterministic unit vectors. Each word maps to a seeded random direction
 * and a text's vector is the normalized sum of its words', so texts sharing words are similar and
 * retrieval over simulated embeddings behaves sensibly.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { countTextTokens } from "../tokens/index.ts";
import { toHttpError } from "./chat-request.ts";
import { HttpError, readJsonBody, sendJson } from "./http.ts";
import { scheduleLatency, sleep } from "./latency.ts";
import { embeddingsList } from "./openai-shapes.ts";
import { createRandom, hashString } from "./random.ts";
import { rateLimitedError } from "./rate-limit-errors.ts";
import type { SimulatorState } from "./state.ts";

const tokenArray = z.array(z.int().min(0)).min(1);
const body = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()).min(1).max(2048), tokenArray, z.array(tokenArray).min(1).max(2048)]),
  dimensions: z.int().min(1).max(3072).optional(),
  encoding_format: z.enum(["float", "base64"]).optional(),
});

/** Embedding size when the request does not set `dimensions`. */
export const defaultDimensions = 1536;

/** Handles one embeddings request; throws {@link HttpError} for error answers. */
export async function handleEmbeddings(
  request: IncomingMessage,
  response: ServerResponse,
  state: SimulatorState,
  signal: AbortSignal,
): Promise<void> {
  const parsed = body.safeParse(await readJsonBody(request));
  if (!parsed.success) throw toHttpError(parsed.error);
  const { model, dimensions = defaultDimensions, encoding_format: encoding = "float" } = parsed.data;
  const inputs: (string | number[])[] =
    typeof parsed.data.input === "string"
      ? [parsed.data.input]
      : isTokenArray(parsed.data.input)
        ? [parsed.data.input]
        : parsed.data.input;
  if (inputs.some((input) => input.length === 0))
    throw new HttpError(400, "'$.input' is invalid: inputs must not be empty strings.", {
      param: "input",
      code: "invalid_value",
    });

  const promptTokens = inputs.reduce<number>(
    (sum, input) => sum + (typeof input === "string" ? countTextTokens(input) : input.length),
    0,
  );
  const profile = state.catalog.profileFor(model);
  const decision = state.limiter.check(model, profile, promptTokens, state.now());
  if (!decision.allowed) {
    state.stats.rateLimited++;
    throw rateLimitedError(state, model, decision, decision.headers);
  }
  const latency = scheduleLatency(profile, 0, state.timeScale);
  const wordVectors = new Map<string, Float64Array>();
  const vectors = inputs.map((input) =>
    embed(typeof input === "string" ? input : input.join(" "), dimensions, state.seed, wordVectors),
  );
  await sleep(latency.totalMs, signal);
  const encoded = vectors.map((vector) =>
    encoding === "base64" ? Buffer.from(Float32Array.from(vector).buffer).toString("base64") : vector,
  );
  sendJson(response, 200, embeddingsList(model, encoded, promptTokens), {
    ...decision.headers,
    "openai-processing-ms": String(latency.totalMs),
  });
}

function isTokenArray(input: unknown): input is number[] {
  return Array.isArray(input) && input.every((item) => typeof item === "number");
}

/** A unit vector for a text: the normalized sum of its words' seeded random directions. */
export function embed(
  text: string,
  dimensions: number,
  seed: number,
  cache = new Map<string, Float64Array>(),
): number[] {
  const sum = new Float64Array(dimensions);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [text];
  for (const word of words) {
    let vector = cache.get(word);
    if (!vector) {
      vector = new Float64Array(dimensions);
      const random = createRandom(hashString(word, seed));
      for (let index = 0; index < dimensions; index++) vector[index] = random.next() * 2 - 1;
      cache.set(word, vector);
    }
    for (let index = 0; index < dimensions; index++) sum[index] = (sum[index] as number) + (vector[index] as number);
  }
  let norm = 0;
  for (const value of sum) norm += value * value;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return Array.from(sum, (value) => value * scale);
}
