/**
 * `/v1/batches` (create, retrieve, cancel, list) over JSONL files of chat completion requests.
 * A batch moves with the clock: its lines are answered in order over `completionMs` (scaled), so
 * `request_counts` grow between polls; it completes, or expires half-way when told to, with the
 * answered lines in its output file and failed or unfinished ones in its error file.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { countChatTokens } from "../tokens/index.ts";
import type { BatchSettings } from "./batch-settings.ts";
import { lineFaultKinds, type LineFaultKind } from "./batch-settings.ts";
import { parseChatRequest } from "./chat-request.ts";
import { applyContentFault, cacheScope, encodePrompt, limitOutput, toChatMessage } from "./chat-completions.ts";
import { synthesizeAnswer } from "./content.ts";
import { chooseFault } from "./faults.ts";
import { HttpError, readJsonBody, sendJson } from "./http.ts";
import { chatCompletion, completionUsage, errorBody, listObject, randomId, requestId } from "./openai-shapes.ts";
import { extractPromptWords } from "./prompt-words.ts";
import { createRandom, hashString } from "./random.ts";
import type { SimulatorState } from "./state.ts";

const endpoints = ["/v1/chat/completions"] as const;

const createBody = z.looseObject({
  input_file_id: z.string().min(1),
  endpoint: z.string(),
  completion_window: z.literal("24h"),
  metadata: z.record(z.string().max(64), z.string().max(512)).nullable().optional(),
});

const inputLine = z.strictObject({
  custom_id: z.string().min(1).max(512),
  method: z.literal("POST"),
  url: z.string(),
  body: z.record(z.string(), z.unknown()),
});

type Status =
  "validating" | "failed" | "in_progress" | "finalizing" | "completed" | "expired" | "cancelling" | "cancelled";

interface LineResult {
  readonly ok: boolean;
  readonly json: string;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cachedTokens: number;
}

/** One simulated batch. */
interface SimulatedBatch {
  readonly id: string;
  readonly inputFileId: string;
  readonly endpoint: string;
  readonly metadata: Record<string, string> | null;
  readonly createdAtMs: number;
  readonly durationMs: number;
  /** When it stops: `durationMs`, or earlier when it expires. */
  readonly endMs: number;
  readonly expires: boolean;
  /** Lines answered by the end when it expires. */
  readonly answeredWhenExpired: number;
  readonly expiresAtMs: number;
  readonly lines: readonly z.output<typeof inputLine>[];
  readonly results: LineResult[];
  status: Status;
  errors: { code: string; message: string; line: number | null; param: string | null }[] | null;
  outputFileId: string | null;
  errorFileId: string | null;
  cancellingAtMs: number | null;
  endedAtMs: number | null;
}

/** Batches held in memory by one simulator, with the idempotency keys they were created under. */
export class BatchStore {
  readonly byId = new Map<string, SimulatedBatch>();
  readonly byIdempotencyKey = new Map<string, string>();
  settings: BatchSettings;
  lineFaultsRemaining: number;

  constructor(settings: BatchSettings) {
    this.settings = settings;
    this.lineFaultsRemaining = settings.lineFaultLimit ?? Number.POSITIVE_INFINITY;
  }

  /** Replaces the settings (and resets the line-fault cap). */
  configure(settings: BatchSettings): void {
    this.settings = settings;
    this.lineFaultsRemaining = settings.lineFaultLimit ?? Number.POSITIVE_INFINITY;
  }
}

/**
 * Answers a `/v1/batches` request; returns false when the path is not one of its routes.
 * @throws {HttpError} in OpenAI's shape for a bad body, an unknown file or batch
 */
export async function handleBatches(
  request: IncomingMessage,
  response: ServerResponse,
  method: string,
  path: string,
  state: SimulatorState,
): Promise<boolean> {
  const { batches, files } = state;
  if (method === "POST" && path === "/v1/batches") {
    const key = request.headers["idempotency-key"];
    const known = typeof key === "string" ? batches.byIdempotencyKey.get(key) : undefined;
    if (known !== undefined) {
      // The same create sent again (a client that crashed before storing the id): the same batch.
      sendJson(response, 200, batchObject(advance(batches.byId.get(known)!, state)));
      return true;
    }
    const body = createBody.safeParse(await readJsonBody(request));
    if (!body.success) {
      const issue = body.error.issues[0];
      const param = issue?.path.join(".") ?? "body";
      throw new HttpError(400, `Invalid value for '${param}': ${issue?.message ?? "invalid"}.`, {
        param,
        code: "invalid_value",
      });
    }
    if (!(endpoints as readonly string[]).includes(body.data.endpoint))
      throw new HttpError(400, `The simulator runs batches of ${endpoints.join(", ")} only.`, {
        param: "endpoint",
        code: "invalid_value",
      });
    const input = files.get(body.data.input_file_id);
    if (input.purpose !== "batch")
      throw new HttpError(400, `File ${input.id} was uploaded with purpose '${input.purpose}', not 'batch'.`, {
        param: "input_file_id",
        code: "invalid_value",
      });
    const batch = createBatch(state, input.id, input.content, body.data.endpoint, body.data.metadata ?? null);
    if (typeof key === "string") batches.byIdempotencyKey.set(key, batch.id);
    state.stats.batchesCreated++;
    state.stats.batchLines += batch.lines.length;
    sendJson(response, 200, batchObject(batch));
    return true;
  }
  if (method === "GET" && path === "/v1/batches") {
    const all = [...batches.byId.values()].reverse().map((batch) => batchObject(advance(batch, state)));
    sendJson(response, 200, {
      ...listObject(all),
      first_id: all[0]?.id ?? null,
      last_id: all.at(-1)?.id ?? null,
      has_more: false,
    });
    return true;
  }
  const cancel = /^\/v1\/batches\/([^/]+)\/cancel$/.exec(path)?.[1];
  if (method === "POST" && cancel !== undefined) {
    const batch = advance(findBatch(batches, decodeURIComponent(cancel)), state);
    if (batch.status === "in_progress" || batch.status === "validating") {
      batch.status = "cancelling";
      batch.cancellingAtMs = state.now();
    } else if (batch.status !== "cancelling" && batch.status !== "cancelled") {
      throw new HttpError(409, `Cannot cancel a batch with status '${batch.status}'.`, { code: "invalid_state" });
    }
    sendJson(response, 200, batchObject(batch));
    return true;
  }
  const id = /^\/v1\/batches\/([^/]+)$/.exec(path)?.[1];
  if (method === "GET" && id !== undefined) {
    sendJson(response, 200, batchObject(advance(findBatch(batches, decodeURIComponent(id)), state)));
    return true;
  }
  return false;
}

function findBatch(batches: BatchStore, id: string): SimulatedBatch {
  const batch = batches.byId.get(id);
  if (batch === undefined) throw new HttpError(404, `No batch found with id '${id}'.`, { param: "batch_id" });
  return batch;
}

function createBatch(
  state: SimulatorState,
  inputFileId: string,
  content: string,
  endpoint: string,
  metadata: Record<string, string> | null,
): SimulatedBatch {
  const { settings } = state.batches;
  const now = state.now();
  const scale = state.timeScale;
  const durationMs = settings.completionMs * scale;
  const expiresAfterMs = settings.expireAfterMs * scale;
  const told = settings.expireNext > 0;
  if (told) state.batches.configure({ ...settings, expireNext: settings.expireNext - 1 });
  // Told to expire: half the lines are answered, then the window closes.
  const expires = told || expiresAfterMs < durationMs;
  const endMs = told ? Math.min(durationMs / 2, expiresAfterMs) : Math.min(durationMs, expiresAfterMs);
  const { lines, errors } = parseInput(content, endpoint);
  const answeredWhenExpired = told
    ? Math.floor(lines.length / 2)
    : Math.floor((lines.length * endMs) / Math.max(1, durationMs));
  const batch: SimulatedBatch = {
    id: randomId("batch_", 24),
    inputFileId,
    endpoint,
    metadata,
    createdAtMs: now,
    durationMs,
    endMs,
    expires,
    answeredWhenExpired,
    expiresAtMs: now + Math.max(expiresAfterMs, 86_400_000),
    lines,
    results: [],
    status: errors.length > 0 ? "failed" : "in_progress",
    errors: errors.length > 0 ? errors : null,
    outputFileId: null,
    errorFileId: null,
    cancellingAtMs: null,
    endedAtMs: errors.length > 0 ? now : null,
  };
  state.batches.byId.set(batch.id, batch);
  return batch;
}

// Validation as OpenAI does it before a batch starts: every line a request to the batch's
// endpoint, unique custom ids, one model per file. A bad file fails the whole batch.
function parseInput(content: string, endpoint: string) {
  const lines: z.output<typeof inputLine>[] = [];
  const errors: { code: string; message: string; line: number | null; param: string | null }[] = [];
  const seen = new Set<string>();
  const models = new Set<string>();
  content.split("\n").forEach((text, index) => {
    if (text.trim() === "") return;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      errors.push({ code: "invalid_json_line", message: `Line ${line} is not valid JSON.`, line, param: null });
      return;
    }
    const parsed = inputLine.safeParse(value);
    if (!parsed.success) {
      errors.push({ code: "invalid_request", message: z.prettifyError(parsed.error), line, param: null });
      return;
    }
    if (parsed.data.url !== endpoint)
      errors.push({
        code: "mismatched_endpoint",
        message: `Line ${line} is for ${parsed.data.url}, not ${endpoint}.`,
        line,
        param: "url",
      });
    if (seen.has(parsed.data.custom_id))
      errors.push({
        code: "duplicate_custom_id",
        message: `custom_id '${parsed.data.custom_id}' is used twice.`,
        line,
        param: "custom_id",
      });
    seen.add(parsed.data.custom_id);
    models.add(String(parsed.data.body.model));
    lines.push(parsed.data);
  });
  if (models.size > 1)
    errors.push({
      code: "mismatched_model",
      message: `A batch runs one model; the file names ${[...models].join(", ")}.`,
      line: null,
      param: "model",
    });
  if (lines.length === 0 && errors.length === 0)
    errors.push({ code: "empty_file", message: "The input file has no requests.", line: null, param: null });
  return { lines, errors };
}

/** Brings a batch up to the clock: answers the lines due, and ends it when its time is up. */
function advance(batch: SimulatedBatch, state: SimulatorState): SimulatedBatch {
  if (batch.status !== "in_progress" && batch.status !== "cancelling") return batch;
  const now = state.now();
  if (batch.status === "cancelling") {
    finish(batch, state, "cancelled", now, {
      code: "batch_cancelled",
      message: "This request was not executed because the batch was cancelled.",
    });
    return batch;
  }
  const elapsed = now - batch.createdAtMs;
  if (elapsed >= batch.endMs) {
    if (batch.expires)
      finish(batch, state, "expired", now, {
        code: "batch_expired",
        message: "This request could not be executed before the completion window expired.",
      });
    else finish(batch, state, "completed", now, undefined);
    return batch;
  }
  const due =
    batch.durationMs <= 0 ? batch.lines.length : Math.floor((batch.lines.length * elapsed) / batch.durationMs);
  answerUpTo(batch, state, due);
  return batch;
}

function finish(
  batch: SimulatedBatch,
  state: SimulatorState,
  status: "completed" | "expired" | "cancelled",
  now: number,
  unfinished: { code: string; message: string } | undefined,
): void {
  const done =
    status === "completed"
      ? batch.lines.length
      : status === "expired"
        ? batch.answeredWhenExpired
        : batch.results.length;
  answerUpTo(batch, state, done);
  const outputs = batch.results.filter((result) => result.ok).map((result) => result.json);
  const failures = batch.results.filter((result) => !result.ok).map((result) => result.json);
  if (unfinished !== undefined)
    for (const line of batch.lines.slice(batch.results.length))
      failures.push(
        JSON.stringify({
          id: randomId("batch_req_", 24),
          custom_id: line.custom_id,
          response: null,
          error: unfinished,
        }),
      );
  if (outputs.length > 0)
    batch.outputFileId = state.files.add(`${batch.id}_output.jsonl`, "batch_output", lines(outputs), now).id;
  if (failures.length > 0)
    batch.errorFileId = state.files.add(`${batch.id}_error.jsonl`, "batch_output", lines(failures), now).id;
  batch.status = status;
  batch.endedAtMs = now;
}

function lines(texts: readonly string[]): string {
  return `${texts.join("\n")}\n`;
}

function answerUpTo(batch: SimulatedBatch, state: SimulatorState, count: number): void {
  while (batch.results.length < Math.min(count, batch.lines.length))
    batch.results.push(answerLine(batch.lines[batch.results.length]!, state));
}

function rollLineFault(state: SimulatorState, customId: string): LineFaultKind | undefined {
  const { batches } = state;
  if (batches.lineFaultsRemaining <= 0 || batches.settings.lineFaultRate <= 0) return undefined;
  const random = createRandom(hashString(customId, state.seed ^ 0x2545f491));
  const kinds = batches.settings.lineFaultKinds.length > 0 ? batches.settings.lineFaultKinds : lineFaultKinds;
  const fault = chooseFault({ rate: batches.settings.lineFaultRate, kinds }, random) as LineFaultKind | undefined;
  if (fault !== undefined) batches.lineFaultsRemaining--;
  return fault;
}

// One line as `/v1/chat/completions` would answer it (no latency, no rate limits: a batch has its own queue).
function answerLine(line: z.output<typeof inputLine>, state: SimulatorState): LineResult {
  const id = randomId("batch_req_", 24);
  const request_id = requestId();
  const failed = (status: number, message: string, type: string, code: string | null): LineResult => ({
    ok: false,
    json: JSON.stringify({
      id,
      custom_id: line.custom_id,
      response: { status_code: status, request_id, body: errorBody(message, type, null, code) },
      error: null,
    }),
    promptTokens: 0,
    completionTokens: 0,
    cachedTokens: 0,
  });
  let chat;
  try {
    chat = parseChatRequest(line.body);
  } catch (error) {
    if (error instanceof HttpError) return failed(error.status, error.message, error.type, error.code);
    throw error;
  }
  const fault = rollLineFault(state, line.custom_id);
  if (fault !== undefined) state.stats.faultsInjected[fault]++;
  if (fault === "server_error")
    return failed(
      500,
      "The server had an error while processing your request. Sorry about that!",
      "server_error",
      null,
    );
  const promptTokens = countChatTokens(chat.messages.map(toChatMessage));
  const random = createRandom(hashString(chat.fingerprint, state.seed));
  const answer = synthesizeAnswer(chat.responseFormat, extractPromptWords(chat.messages), random);
  const { output, completionTokens } = limitOutput(
    applyContentFault(answer, fault, random.fork("fault")),
    chat.maxTokens,
  );
  const cachedTokens =
    promptTokens >= 1024 ? state.cache.lookupAndStore(cacheScope(chat), encodePrompt(chat), promptTokens) : 0;
  state.stats.batchPromptTokens += promptTokens;
  state.stats.batchCompletionTokens += completionTokens;
  state.stats.batchCachedPromptTokens += cachedTokens;
  const body = chatCompletion({
    id: randomId("chatcmpl-"),
    created: Math.floor(state.now() / 1000),
    model: chat.model,
    systemFingerprint: `fp_${hashString(chat.model).toString(16).slice(0, 10)}`,
    ...output,
    usage: completionUsage(promptTokens, completionTokens, cachedTokens),
  });
  return {
    ok: true,
    json: JSON.stringify({
      id,
      custom_id: line.custom_id,
      response: { status_code: 200, request_id, body: { ...body, service_tier: "batch" } },
      error: null,
    }),
    promptTokens,
    completionTokens,
    cachedTokens,
  };
}

const seconds = (milliseconds: number | null) => (milliseconds === null ? null : Math.floor(milliseconds / 1000));

/** OpenAI's `batch` object. */
function batchObject(batch: SimulatedBatch) {
  const failed = batch.results.filter((result) => !result.ok).length;
  const ended = batch.endedAtMs;
  const usage = batch.results.reduce(
    (sum, result) => ({
      input: sum.input + result.promptTokens,
      cached: sum.cached + result.cachedTokens,
      output: sum.output + result.completionTokens,
    }),
    { input: 0, cached: 0, output: 0 },
  );
  const unfinished =
    batch.status === "expired" || batch.status === "cancelled" ? batch.lines.length - batch.results.length : 0;
  return {
    id: batch.id,
    object: "batch" as const,
    endpoint: batch.endpoint,
    model: batch.lines[0] === undefined ? null : String(batch.lines[0].body.model),
    errors: batch.errors === null ? null : { object: "list", data: batch.errors },
    input_file_id: batch.inputFileId,
    completion_window: "24h",
    status: batch.status,
    output_file_id: batch.outputFileId,
    error_file_id: batch.errorFileId,
    created_at: seconds(batch.createdAtMs)!,
    in_progress_at: batch.status === "failed" ? null : seconds(batch.createdAtMs),
    expires_at: seconds(batch.expiresAtMs),
    finalizing_at: batch.status === "completed" ? seconds(ended) : null,
    completed_at: batch.status === "completed" ? seconds(ended) : null,
    failed_at: batch.status === "failed" ? seconds(ended) : null,
    expired_at: batch.status === "expired" ? seconds(ended) : null,
    cancelling_at: seconds(batch.cancellingAtMs),
    cancelled_at: batch.status === "cancelled" ? seconds(ended) : null,
    request_counts: {
      total: batch.lines.length,
      completed: batch.results.length - failed,
      failed: failed + unfinished,
    },
    usage: {
      input_tokens: usage.input,
      input_tokens_details: { cached_tokens: usage.cached },
      output_tokens: usage.output,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: usage.input + usage.output,
    },
    metadata: batch.metadata,
  };
}
