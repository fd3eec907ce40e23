/** `POST /v1/chat/completions`: validate, decide faults and limits, synthesize, wait, answer. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { countChatTokens, countTextTokens, encodeTexts } from "../tokens/index.ts";
import type { ChatMessage } from "../llm/types.ts";
import { parseChatRequest } from "./chat-request.ts";
import type { ChatRequest } from "./chat-request.ts";
import { synthesizeAnswer } from "./content.ts";
import { shapeCourseAnswer } from "./low-quality.ts";
import type { SimulatedAnswer } from "./content.ts";
import { breakJson, chooseFault, refusalMessage, truncateContent, violateSchema } from "./faults.ts";
import type { FaultKind } from "./faults.ts";
import { HttpError, readJsonBody, sendJson } from "./http.ts";
import { remainingLatency, scheduleLatency, sleep } from "./latency.ts";
import { chatCompletion, completionUsage, randomId } from "./openai-shapes.ts";
import type { CompletionParts, FinishReason } from "./openai-shapes.ts";
import { extractPromptWords } from "./prompt-words.ts";
import { createRandom, hashString } from "./random.ts";
import type { Random } from "./random.ts";
import { rateLimitedError } from "./rate-limit-errors.ts";
import type { SimulatorState } from "./state.ts";
import { timeoutHoldMs } from "./state.ts";
import { streamCompletion } from "./streaming.ts";

/** The assistant output after faults and `max_tokens` are applied. */
export interface Output {
  readonly content: string | null;
  readonly refusal: string | null;
  readonly finishReason: FinishReason;
}

/** Course-shaped touches and the `low_quality` fault (see low-quality.ts) applied to a JSON answer. */
function shapeForCourse(answer: SimulatedAnswer, chat: ChatRequest, state: SimulatorState): SimulatedAnswer {
  if (chat.responseFormat.type !== "json_schema" || answer.value === undefined) return answer;
  const rate = state.faults.kinds.includes("low_quality") ? state.faults.rate : 0;
  const before = state.planted.planted;
  const value = shapeCourseAnswer(
    answer.value,
    chat.responseFormat.json_schema.name,
    chat.messages.map((message) => ({ content: typeof message.content === "string" ? message.content : "" })),
    state.planted,
    rate,
  );
  state.stats.faultsInjected.low_quality += state.planted.planted - before;
  return { ...answer, value, content: JSON.stringify(value) };
}

/** Handles one chat completion request; throws {@link HttpError} for error answers. */
export async function handleChatCompletions(
  request: IncomingMessage,
  response: ServerResponse,
  state: SimulatorState,
  forcedFault: FaultKind | undefined,
  signal: AbortSignal,
): Promise<void> {
  const receivedAt = performance.now();
  // Rate limits count a request when it arrives, the moment its processing time (the
  // `openai-processing-ms` header) counts from: a client can tell from the answer when its
  // request entered the window, however long the body took to read on a busy event loop.
  const now = state.now();
  const chat = parseChatRequest(await readJsonBody(request));
  const profile = state.catalog.profileFor(chat.model);
  const rolled =
    forcedFault === undefined && state.faultsRemaining > 0 ? chooseFault(state.faults, state.faultRandom) : undefined;
  if (rolled !== undefined) state.faultsRemaining -= 1;
  const fault = forcedFault ?? rolled;
  if (fault !== undefined) state.stats.faultsInjected[fault]++;
  const faultHeader: Record<string, string> = fault === undefined ? {} : { "x-simulator-fault": fault };

  if (fault === "rate_limit")
    throw rateLimitedError(state, chat.model, undefined, {
      ...faultHeader,
      ...state.limiter.peek(chat.model, profile, now),
    });
  if (fault === "server_error") {
    throw new HttpError(500, "The server had an error while processing your request. Sorry about that!", {
      headers: faultHeader,
    });
  }

  const promptTokens = countChatTokens(chat.messages.map(toChatMessage));
  const admit = (charged: number) => {
    const decision = state.limiter.check(chat.model, profile, charged, now);
    if (!decision.allowed) {
      state.stats.rateLimited++;
      throw rateLimitedError(state, chat.model, decision, decision.headers);
    }
    state.stats.chargedTokens += charged;
    return decision;
  };
  // With max_tokens the charge is known before the answer: a refused request costs no synthesis
  // (a load test of many clients retrying 429s would otherwise spend the simulator's CPU on them).
  const early = chat.maxTokens === undefined ? undefined : admit(promptTokens + chat.maxTokens);
  const random = createRandom(hashString(chat.fingerprint, state.seed));
  const answer = shapeForCourse(
    synthesizeAnswer(chat.responseFormat, extractPromptWords(chat.messages), random),
    chat,
    state,
  );
  const { output, completionTokens } = limitOutput(
    applyContentFault(answer, fault, random.fork("fault")),
    chat.maxTokens,
  );
  const decision = early ?? admit(promptTokens + completionTokens);

  const cachedTokens =
    promptTokens >= 1024 ? state.cache.lookupAndStore(cacheScope(chat), encodePrompt(chat), promptTokens) : 0;
  const latency = scheduleLatency(profile, completionTokens, state.timeScale, fault === "slow_stream" ? 10 : 1);
  const headers = {
    ...faultHeader,
    ...decision.headers,
    "openai-processing-ms": String(chat.stream ? Math.round(latency.firstTokenMs) : latency.totalMs),
    "x-simulator-delay-ms": String(latency.totalMs),
  };

  // The modelled latency counts from the request's arrival: the simulator's own work (parsing,
  // synthesis, token counting) is spent inside it, so a burst of requests queued behind one
  // another's synthesis is not answered late by the simulator's CPU time.
  const wait = remainingLatency(latency, performance.now() - receivedAt);

  if (fault === "timeout") {
    await sleep(timeoutHoldMs(state.timeScale), signal);
    response.destroy();
    return;
  }

  const parts: CompletionParts = {
    id: randomId("chatcmpl-"),
    created: Math.floor(Date.now() / 1000),
    model: chat.model,
    systemFingerprint: `fp_${hashString(chat.model).toString(16).slice(0, 10)}`,
    ...output,
    usage: completionUsage(promptTokens, completionTokens, cachedTokens),
  };
  if (chat.stream) {
    await streamCompletion(response, parts, wait, headers, chat.includeUsage, signal);
  } else {
    await sleep(wait.totalMs, signal);
    sendJson(response, 200, chatCompletion(parts), headers);
  }
  state.stats.completions++;
  state.stats.promptTokens += promptTokens;
  state.stats.completionTokens += completionTokens;
  state.stats.cachedPromptTokens += cachedTokens;
}

/** Damages a good answer into the one `fault` produces (none: the answer as it is). */
export function applyContentFault(answer: SimulatedAnswer, fault: FaultKind | undefined, random: Random): Output {
  const stop = { content: answer.content, refusal: null, finishReason: "stop" as const };
  switch (fault) {
    case "invalid_json":
      return { ...stop, content: breakJson(answer.content, random) };
    case "schema_violation":
      if (answer.value === undefined) return stop;
      return {
        ...stop,
        content: JSON.stringify(answer.schema ? violateSchema(answer.value, answer.schema) : ["not an object"]),
      };
    case "refusal":
      return { content: null, refusal: refusalMessage, finishReason: "stop" };
    case "truncation":
      return { content: truncateContent(answer.content, random), refusal: null, finishReason: "length" };
    case "content_filter":
      return { content: null, refusal: null, finishReason: "content_filter" };
    default:
      return stop;
  }
}

// A model stops at max_tokens with finish_reason "length", whatever it was writing. Returns the
// output's tokens too: counted here once, not again by the caller (the simulator's CPU per request
// sets how fast it admits a burst).
export function limitOutput(
  output: Output,
  maxTokens: number | undefined,
): { output: Output; completionTokens: number } {
  const tokens = countTextTokens(output.refusal ?? output.content ?? "");
  if (maxTokens === undefined || output.content === null || tokens <= maxTokens)
    return { output, completionTokens: tokens };
  const points = Array.from(output.content);
  let [low, high] = [0, points.length];
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (countTextTokens(points.slice(0, middle).join("")) <= maxTokens) low = middle;
    else high = middle - 1;
  }
  const content = points.slice(0, low).join("");
  return { output: { content, refusal: null, finishReason: "length" }, completionTokens: countTextTokens(content) };
}

// The tokenizer's role names are the three ChatMessage knows; the others count the same.
export function toChatMessage(message: { readonly role: string; readonly content: string }): ChatMessage {
  const role =
    message.role === "user" ? "user" : message.role === "assistant" || message.role === "tool" ? "assistant" : "system";
  return { role, content: message.content };
}

export function cacheScope(chat: ChatRequest): string {
  return `${chat.model}\u0000${chat.promptCacheKey ?? ""}`;
}

/** Message by message: the repeated prefix of a course's calls is encoded once (see encodeTexts). */
export function encodePrompt(chat: ChatRequest): number[] {
  return encodeTexts(chat.messages.map((message) => `<|${message.role}|>${message.content}<|end|>`));
}
