/** Server-sent events for `stream: true`: content in token-sized deltas spread over the generation time. */
import type { ServerResponse } from "node:http";
import type { ScheduledLatency } from "./latency.ts";
import { sleep } from "./latency.ts";
import type { ChunkDelta, CompletionParts } from "./openai-shapes.ts";
import { chatCompletionChunk } from "./openai-shapes.ts";

// A real stream sends one event per token; batching bounds the writes per response.
const maximumContentWrites = 48;

/** Splits text into token-sized pieces (words with their leading space, punctuation apart). */
export function splitIntoPieces(text: string): string[] {
  return text.match(/\s*[\p{L}\p{N}_]{1,6}|\s*[^\s\p{L}\p{N}_]|\s+/gu) ?? [];
}

/** Groups pieces into at most `maximum` batches of consecutive pieces. */
export function batchPieces(pieces: readonly string[], maximum: number): string[] {
  if (pieces.length <= maximum) return [...pieces];
  const batches: string[] = [];
  const size = pieces.length / maximum;
  for (let batch = 0; batch < maximum; batch++) {
    batches.push(pieces.slice(Math.round(batch * size), Math.round((batch + 1) * size)).join(""));
  }
  return batches;
}

/**
 * Streams one completion: headers and the role chunk after the time to first token, content
 * deltas across the generation time, the finish chunk, a usage chunk when asked, then `[DONE]`.
 */
export async function streamCompletion(
  response: ServerResponse,
  parts: CompletionParts,
  latency: ScheduledLatency,
  headers: Readonly<Record<string, string>>,
  includeUsage: boolean,
  signal: AbortSignal,
): Promise<void> {
  await sleep(latency.firstTokenMs, signal);
  response.writeHead(200, {
    ...headers,
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  const usage = includeUsage ? null : undefined;
  const send = (delta: ChunkDelta, finishReason: CompletionParts["finishReason"] | null) =>
    response.write(`data: ${JSON.stringify(chatCompletionChunk(parts, { delta, finishReason }, usage))}\n\n`);

  send({ role: "assistant", content: "", refusal: null }, null);
  const field = parts.refusal !== null ? "refusal" : "content";
  const batches = batchPieces(splitIntoPieces(parts.refusal ?? parts.content ?? ""), maximumContentWrites);
  for (const batch of batches) {
    await sleep(latency.generationMs / batches.length, signal);
    send({ [field]: batch }, null);
  }
  send({}, parts.finishReason);
  if (includeUsage) response.write(`data: ${JSON.stringify(chatCompletionChunk(parts, undefined, parts.usage))}\n\n`);
  response.end("data: [DONE]\n\n");
}
