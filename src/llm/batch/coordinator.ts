import { randomBytes } from "node:crypto";
import type { Database } from "../../db/port.ts";
import { AbortedError, throwIfAborted } from "../../errors/index.ts";
import { sleep } from "../backoff.ts";
import { LlmError } from "../errors.ts";
import type { BatchApi, ProviderBatch } from "./batch-api.ts";
import {
  addLine,
  claimLineRecord,
  endBatch,
  findLines,
  leaseOpenBatches,
  linesOfBatch,
  openBatch,
  pendingByModel,
  setInputFile,
  setProgress,
  setSubmitted,
  type LineResult,
  type NewLine,
  type OpenBatch,
  type StoredLine,
  withdrawPendingLine,
} from "./batch-store.ts";

/** How a process batches lines. */
export interface BatchCoordinatorOptions {
  readonly database: Database;
  readonly api: BatchApi;
  /** A model's pending lines go out once the oldest has waited this long… */
  readonly windowMs: number;
  /** …or once this many are pending (also the most lines per batch). */
  readonly maxLines: number;
  /** How often open batches are polled and waiting lines checked. */
  readonly pollIntervalMs: number;
  /** Identifies this process in batch leases (default: random). */
  readonly owner?: string;
  /** Background failures (a poll that failed is tried again next round). */
  readonly onError?: (error: unknown) => void;
}

/** Where a line's batch is: for "waiting for the batch: n of m lines done". */
export interface BatchProgress {
  readonly batchId: string;
  readonly linesDone: number;
  readonly linesTotal: number;
}

/** What became of a line. */
export type LineOutcome =
  | { readonly kind: "answered"; readonly line: StoredLine }
  | { readonly kind: "errored"; readonly line: StoredLine }
  | { readonly kind: "unfinished"; readonly line: StoredLine };

/** The process-wide batcher: lines of every job in, few large batches out. */
export interface BatchCoordinator {
  readonly provider: string;
  /**
   * Adds a line (or finds the one an earlier run of the job added: a step is never submitted
   * twice) and resolves with its outcome once its batch has ended.
   */
  run(
    line: NewLine,
    options: { signal: AbortSignal; onProgress?: (progress: BatchProgress) => void },
  ): Promise<LineOutcome>;
  /** True for the first caller only: a failed attempt's `llm_calls` row is written once. */
  claimRecord(lineId: string): Promise<boolean>;
  /** One round now: submit due lines, poll open batches, settle waiting lines (tests drive it). */
  tick(signal?: AbortSignal): Promise<void>;
  /** Stops the background rounds; waiting lines reject with {@link AbortedError}. Safe to call twice. */
  stop(): Promise<void>;
}

interface Waiter {
  readonly resolve: (outcome: LineOutcome) => void;
  readonly reject: (error: unknown) => void;
  readonly onProgress: ((progress: BatchProgress) => void) | undefined;
  lastDone: number;
}

/**
 * Starts a coordinator. Rounds run every `pollIntervalMs` while lines are waiting in this process;
 * every state change is in the database first, so any process (or this one restarted) carries on
 * from there: leases keep two processes from submitting or ending one batch twice.
 */
export function createBatchCoordinator(options: BatchCoordinatorOptions): BatchCoordinator {
  const { database, api } = options;
  const owner = options.owner ?? `batch-${randomBytes(6).toString("hex")}`;
  const leaseMs = Math.max(options.pollIntervalMs * 5, 1_000);
  const waiters = new Map<string, Waiter[]>();
  const stopping = new AbortController();
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let running: Promise<void> | undefined;
  const report = (error: unknown) => {
    if (!stopping.signal.aborted) options.onError?.(error);
  };

  const tick = async (signal: AbortSignal = stopping.signal): Promise<void> => {
    // One round at a time in a process: a test's tick and the background loop never interleave.
    while (running) await running.catch(() => {});
    running = round(signal);
    try {
      await running;
    } finally {
      running = undefined;
    }
  };

  const round = async (signal: AbortSignal): Promise<void> => {
    for (const group of await pendingByModel(database, options.windowMs, signal)) {
      let left = group.lines;
      if (!group.due && left < options.maxLines) continue;
      while (left > 0) {
        const opened = await openBatch(database, {
          id: `cfb_${randomBytes(9).toString("hex")}`,
          provider: api.provider,
          model: group.model,
          maxLines: options.maxLines,
          owner,
          leaseMs,
        });
        if (opened === undefined) break;
        await submit(opened, signal).catch(report);
        left -= options.maxLines;
        // Only full batches go out before the window closes; the rest waits for more lines.
        if (!group.due && left < options.maxLines) break;
      }
    }
    for (const batch of await leaseOpenBatches(database, owner, leaseMs, signal)) {
      await (batch.status === "submitting" ? submit(batch, signal) : poll(batch, signal)).catch(report);
    }
    await settle(signal);
  };

  // Upload, then create; each id is stored as soon as it exists, so a restart picks up from there.
  const submit = async (batch: OpenBatch, signal: AbortSignal): Promise<void> => {
    let inputFileId = batch.inputFileId;
    if (inputFileId === null) {
      const lines = await linesOfBatch(database, batch.id, signal);
      const jsonl = lines
        .map((line) =>
          JSON.stringify({ custom_id: line.id, method: "POST", url: "/v1/chat/completions", body: line.body }),
        )
        .join("\n");
      inputFileId = await api.upload(`${batch.id}.jsonl`, `${jsonl}\n`, signal);
      await setInputFile(database, batch.id, inputFileId);
    }
    let created: ProviderBatch | undefined =
      batch.inputFileId === null ? undefined : await api.findByKey(batch.id, signal);
    try {
      created ??= await api.create(inputFileId, batch.id, signal);
    } catch (error) {
      if (LlmError.isInstance(error) && !error.retryable) {
        await endBatch(
          database,
          { id: batch.id, status: "failed", reason: `The provider refused the batch: ${error.message}` },
          [],
          {
            done: 0,
            failed: 0,
          },
        );
        return;
      }
      throw error;
    }
    await setSubmitted(database, batch.id, created.id);
  };

  const poll = async (batch: OpenBatch, signal: AbortSignal): Promise<void> => {
    const state = await api.retrieve(batch.providerBatchId!, signal);
    if (state.status === "failed" || state.status === "expired" || state.status === "cancelled") {
      const results = await readResults(state, signal);
      const reason =
        state.status === "failed"
          ? `The batch failed: ${state.errors ?? "no reason given"}`
          : state.status === "expired"
            ? "The batch expired before every line was answered."
            : "The batch was cancelled.";
      await endBatch(database, { id: batch.id, status: state.status, reason }, results, counts(results));
      return;
    }
    if (state.status !== "completed") {
      await setProgress(database, batch.id, state.completed + state.failed, state.failed);
      return;
    }
    const results = await readResults(state, signal);
    await endBatch(database, { id: batch.id, status: "completed", reason: null }, results, counts(results));
  };

  const readResults = async (state: ProviderBatch, signal: AbortSignal): Promise<LineResult[]> => {
    const texts = await Promise.all(
      [state.outputFileId, state.errorFileId].map((id) => (id === undefined ? "" : api.content(id, signal))),
    );
    return texts.flatMap((text) =>
      text
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map(parseResult),
    );
  };

  const settle = async (signal: AbortSignal): Promise<void> => {
    const lines = await findLines(database, [...waiters.keys()], signal);
    for (const line of lines) {
      const waiting = waiters.get(line.id) ?? [];
      if (line.status === "answered" || line.status === "errored" || line.status === "unfinished") {
        waiters.delete(line.id);
        for (const waiter of waiting) waiter.resolve({ kind: line.status, line });
        continue;
      }
      if (line.batchId === null || line.linesTotal === null) continue;
      for (const waiter of waiting) {
        if (waiter.lastDone === line.linesDone) continue;
        waiter.lastDone = line.linesDone ?? 0;
        waiter.onProgress?.({ batchId: line.batchId, linesDone: line.linesDone ?? 0, linesTotal: line.linesTotal });
      }
    }
  };

  const ensureLoop = () => {
    loop ??= (async () => {
      while (!stopping.signal.aborted && waiters.size > 0) {
        await tick().catch(report);
        if (waiters.size === 0) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
          void sleep(options.pollIntervalMs, stopping.signal).then(resolve, resolve);
        });
        wake = undefined;
      }
      loop = undefined;
      // A line added while the loop was ending.
      if (waiters.size > 0 && !stopping.signal.aborted) ensureLoop();
    })();
  };

  return {
    provider: api.provider,
    async run(line, runOptions) {
      throwIfAborted(runOptions.signal);
      if (stopping.signal.aborted) throw new AbortedError("The batch coordinator is stopping.");
      const stored = await addLine(database, line, runOptions.signal);
      if (stored.status === "answered" || stored.status === "errored" || stored.status === "unfinished")
        return { kind: stored.status, line: stored };
      return new Promise<LineOutcome>((resolve, reject) => {
        const waiter: Waiter = {
          resolve: (outcome) => {
            runOptions.signal.removeEventListener("abort", onAbort);
            resolve(outcome);
          },
          reject,
          onProgress: runOptions.onProgress,
          lastDone: -1,
        };
        const onAbort = () => {
          const list = (waiters.get(stored.id) ?? []).filter((entry) => entry !== waiter);
          if (list.length === 0) {
            waiters.delete(stored.id);
            // A canceled job's line is not paid for; a resumed job adds it again.
            withdrawPendingLine(database, stored.id).catch(report);
          } else waiters.set(stored.id, list);
          reject(new AbortedError(undefined, { cause: runOptions.signal.reason }));
        };
        waiters.set(stored.id, [...(waiters.get(stored.id) ?? []), waiter]);
        // Aborted while the line was being stored: no abort event will come any more.
        if (runOptions.signal.aborted) return onAbort();
        runOptions.signal.addEventListener("abort", onAbort, { once: true });
        ensureLoop();
        wake?.();
      });
    },
    claimRecord: (lineId) => claimLineRecord(database, lineId),
    tick: (signal) => tick(signal),
    async stop() {
      stopping.abort(new AbortedError("The batch coordinator is stopping."));
      wake?.();
      for (const list of waiters.values())
        for (const waiter of list) waiter.reject(new AbortedError("The batch coordinator is stopping."));
      waiters.clear();
      await loop?.catch(() => {});
      await api.close();
    },
  };
}

function counts(results: readonly LineResult[]): { done: number; failed: number } {
  const failed = results.filter((result) => result.status !== "answered").length;
  return { done: results.length, failed };
}

// A line of an output or error file: `{ custom_id, response: { status_code, body }, error }`.
function parseResult(text: string): LineResult {
  const line = JSON.parse(text) as {
    custom_id: string;
    response?: { status_code?: number; body?: unknown } | null;
    error?: { code?: string; message?: string } | null;
  };
  const status = line.response?.status_code;
  if (status === 200)
    return {
      id: line.custom_id,
      status: "answered",
      response: line.response!.body,
      errorCode: null,
      errorMessage: null,
    };
  const body = line.response?.body as { error?: { code?: string | null; message?: string } } | undefined;
  const code = line.error?.code ?? body?.error?.code ?? (status === undefined ? "batch_line_failed" : `http_${status}`);
  const message = line.error?.message ?? body?.error?.message ?? "The line failed without a message.";
  // Lines the batch never ran (its window closed, it was cancelled) run again in real time.
  const unfinished = code === "batch_expired" || code === "batch_cancelled";
  return {
    id: line.custom_id,
    status: unfinished ? "unfinished" : "errored",
    response: null,
    errorCode: code,
    errorMessage: message,
  };
}
