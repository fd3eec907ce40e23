import { countTokens, encode } from "gpt-tokenizer/encoding/o200k_base";
import { LRUCache } from "lru-cache";

/** Counts tokens of a text with the o200k_base encoding (GPT-4o, GPT-4.1, GPT-5 families). */
export function countTextTokens(text: string): number {
  return countTokens(text);
}

// Every lesson and quiz call of a course repeats its system prompt and outline (the cacheable
// prefix), and each call's prompt is counted before it is queued (the simulator counts and encodes
// it again): tokenizing those messages again took ~40 % of a worker's CPU when a hundred courses'
// lessons started at once. Long texts only (a short one is tokenized faster than it is hashed);
// bounded by the characters held.
const minimumRememberedLength = 512;
const countedTexts = new LRUCache<string, number>({
  maxSize: 8_000_000,
  sizeCalculation: (_count, text) => text.length,
});
const encodedTexts = new LRUCache<string, readonly number[]>({
  maxSize: 8_000_000,
  sizeCalculation: (_ids, text) => text.length,
});

function remembered<T extends number | readonly number[]>(
  cache: LRUCache<string, T>,
  text: string,
  tokenize: (text: string) => T,
): T {
  if (text.length < minimumRememberedLength) return tokenize(text);
  let value = cache.get(text);
  if (value === undefined) {
    value = tokenize(text);
    cache.set(text, value);
  }
  return value;
}

/**
 * Encodes texts one after another, each on its own (token boundaries never span two texts), and
 * remembers long texts' ids: for prompts whose messages repeat from call to call.
 */
export function encodeTexts(texts: readonly string[]): number[] {
  return texts.flatMap((text) => remembered(encodedTexts, text, encode));
}

// OpenAI's documented per-message overhead for chat formats: 3 tokens per message, 3 to prime the reply.
const tokensPerMessage = 3;
const tokensToPrimeReply = 3;

/** A chat message as far as counting goes: any `{ role, content }` (the llm and simulator shapes both fit). */
export interface CountedMessage {
  readonly role: string;
  readonly content: string;
}

/** Counts the prompt tokens of chat messages the way OpenAI bills them (o200k, per-message overhead). */
export function countChatTokens(messages: readonly CountedMessage[]): number {
  let total = tokensToPrimeReply;
  for (const message of messages)
    total += tokensPerMessage + countTokens(message.role) + remembered(countedTexts, message.content, countTokens);
  return total;
}
