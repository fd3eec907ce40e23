import { countTokens, encode } from "gpt-tokenizer/encoding/o200k_base";
import type { ChatMessage } from "../llm/types.ts";

/** Counts tokens of a text with the o200k_base encoding (GPT-4o, GPT-4.1, GPT-5 families). */
export function countTextTokens(text: string): number {
  return countTokens(text);
}

/** Encodes a text to o200k_base token ids. */
export function encodeText(text: string): number[] {
  return encode(text);
}

// OpenAI's documented per-message overhead for chat formats: 3 tokens per message, 3 to prime the reply.
const tokensPerMessage = 3;
const tokensToPrimeReply = 3;

/** Counts the prompt tokens of chat messages the way OpenAI bills them (o200k, per-message overhead). */
export function countChatTokens(messages: readonly ChatMessage[]): number {
  let total = tokensToPrimeReply;
  for (const message of messages) total += tokensPerMessage + countTokens(message.role) + countTokens(message.content);
  return total;
}
