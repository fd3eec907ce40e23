import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { Config } from "../config/index.ts";
import { databaseOutageWaitMs, retryWhileUnavailable } from "../db/index.ts";
import type { Database } from "../db/port.ts";
import { AbortedError, InvalidInputError } from "../errors/index.ts";
import type { ProgressEvent } from "../generation/index.ts";
import type { KnowledgeService } from "../knowledge/index.ts";
import type { CallAdmission, CallPolicy } from "../llm/index.ts";
import type { ModelProvider } from "../llm/types.ts";
import {
  claimJobs,
  countQueuedJobs,
  createCompletionSizes,
  heartbeatJobs,
  recentCallLatencies,
  type JobStatus,
} from "../store/index.ts";
import { createCallEstimator, type CallEstimator } from "./call-estimate.ts";
import type { JobQueue, TakenMessage } from "./queue.ts";
import { budgetEnforcementOf } from "./job-spending.ts";
import { runClaimedJob, type ClaimedJobOptions, type StopReason } from "./run-claimed-job.ts";
import { sweepJobs } from "./sweeper.ts";

/** The budgets a tick accepts, in milliseconds. */
export const tickBudgetRange = { minimum: 100, maximum: 900_000 } as const;

/** What one tick needs: what a worker needs, and its time. */
export interface TickOptions {
  readonly database: Database;
  readonly queue: JobQueue;
  readonly provider: ModelProvider;
  /** The process's shared call policy (router, breakers, provider budget and fair share). */
  readonly callPolicy?: CallPolicy;
  readonly config: Config;
  readonly simulated: boolean;
  readonly knowledge?: KnowledgeService;
  readonly logger?: Logger;
  /** Milliseconds the tick may take, answer included. */
  readonly budgetMs: number;
  /** Fires when the request is gone (client left, platform stopping it): the tick stops as at its deadline. */
  readonly signal?: AbortSignal;
  /** Milliseconds clock (default `performance.now`). */
  readonly now?: () => number;
}

/** What happened to one job during a tick. */
export interface TickJob {
  readonly jobId: string;
  /** As the tick left it (`queued`: released for the next tick; `undefined`: taken by another worker). */
  readonly status: JobStatus | undefined;
  /** Steps this tick ran and checkpointed for it. */
  readonly stepsRun: number;
}

/** The JSON summary a tick answers with. */
export interface TickSummary {
  readonly workerId: string;
  /**
   * `worked`: steps ran; `idle`: no job was waiting; `nothing_fitted`: jobs wait but no model call
   * could finish within the budget (a larger budget is needed, or the next tick will take them).
   */
  readonly outcome: "worked" | "idle" | "nothing_fitted";
  readonly budgetMs: number;
  readonly elapsedMs: number;
  readonly timeLeftMs: number;
  readonly stepsRun: number;
  /** Jobs of which this tick ran at least one step. */
  readonly jobsAdvanced: number;
  /** Jobs this tick ended: succeeded, failed, canceled, or paused for outline review. */
  readonly jobsFinished: number;
  /** Milliseconds during which at least one model call of this tick was in flight. */
  readonly modelCallMs: number;
  /** Model calls not started because they would not have finished in time. */
  readonly callsDeferred: number;
  readonly jobs: readonly TickJob[];
}

interface ActiveJob {
  readonly hard: AbortController;
  readonly drain: AbortController;
  reason: StopReason | undefined;
  stepsRun: number;
  readonly done: Promise<void>;
}

/**
 * Runs one serverless tick: sweeps for jobs of dead workers (and ticks), takes jobs from the same
 * queue regular workers use, claims them, and runs their steps while time remains. A model call is
 * started only when its estimate (from the recorded latencies of its model and task, capped by its
 * `max_tokens`) fits in the time left; a call that does not fit drains its job (steps in flight
 * finish and are checkpointed) and the tick takes no more jobs. What is still in flight at the
 * deadline is aborted; every job not ended goes back to `queued` for the next tick or any worker.
 */
export async function runTick(options: TickOptions): Promise<TickSummary> {
  const { database, config, queue } = options;
  validateBudget(options.budgetMs);
  if (queue.take === undefined) throw new InvalidInputError("This job queue cannot be taken from by a tick.");
  const now = options.now ?? (() => performance.now());
  const started = now();
  const deadline = started + options.budgetMs;
  // Kept back to release the jobs and answer (a tenth of the budget, 100 ms to 2 s): no call is planned into it.
  const workEnd = deadline - Math.min(2_000, Math.max(100, options.budgetMs * 0.1));
  const workerId = `tick:${randomBytes(6).toString("hex")}`;
  const active = new Map<string, ActiveJob>();
  const settled: TickJob[] = [];
  const messages = new Map<string, TakenMessage>();
  let takingStopped = false;
  let callsDeferred = 0;
  let callsStarted = 0;
  const probed = new Set<string>();

  const stopJob = (entry: ActiveJob, reason: StopReason, hard: boolean) => {
    entry.reason ??= reason;
    entry.drain.abort(new AbortedError("The tick's time is up."));
    if (hard || reason !== "shutdown")
      entry.hard.abort(new AbortedError(reason === "canceled" ? "Canceled on request." : "The tick's time is up."));
  };
  const stopAll = () => {
    takingStopped = true;
    for (const entry of active.values()) stopJob(entry, "shutdown", true);
  };
  const deadlineTimer = setTimeout(stopAll, Math.max(0, workEnd - now()));
  options.signal?.addEventListener("abort", stopAll, { once: true });

  await sweepJobs({ database, queue, staleAfterSeconds: config.jobs.staleAfterSeconds });
  const estimator = createLiveEstimator(await recentCallLatencies(database, { perTask: 50, window: 5_000 }));
  const busy = busyClock(now);

  const admit = (call: CallAdmission): boolean => {
    const left = workEnd - now();
    const estimate = estimator.estimateMs(call.model, call.task, call.maxOutputTokens);
    // A task never recorded on its model has no estimate of its own (at most the model's
    // throughput at max_tokens, far above a usual answer): one such call per task and tick is
    // sent with at least half the budget left, so the next calls have a latency to go by.
    const key = `${call.model}\u0000${call.task}`;
    const probe =
      (estimate === undefined || estimate > left) &&
      !estimator.knows(call.model, call.task) &&
      !probed.has(key) &&
      left >= options.budgetMs / 2;
    if (probe) probed.add(key);
    if (probe || (estimate !== undefined && estimate <= left)) {
      callsStarted += 1;
      return true;
    }
    callsDeferred += 1;
    takingStopped = true;
    const entry = call.jobId === null ? undefined : active.get(call.jobId);
    if (entry !== undefined) stopJob(entry, "shutdown", false);
    return false;
  };

  const claimedJobOptions: ClaimedJobOptions = {
    database: retryWhileUnavailable(database, { maxWaitMs: databaseOutageWaitMs }),
    queue,
    workerId,
    models: config.models,
    ...(options.knowledge === undefined ? {} : { knowledge: options.knowledge }),
    // USD budgets as in a long-running worker (docs/limits.md, "Budgets").
    budgets: budgetEnforcementOf(retryWhileUnavailable(database, { maxWaitMs: databaseOutageWaitMs }), config),
    run: {
      completionSizes: createCompletionSizes(database),
      provider: measuredProvider(options.provider, estimator, busy, now),
      concurrency: config.generation.concurrency,
      maxAttempts: config.llm.maxAttempts,
      timeoutMs: config.llm.timeoutMs,
      callPolicy: { ...options.callPolicy, admit },
      temperature: config.llm.temperature,
      prices: config.prices,
      simulated: options.simulated,
    },
    onProgress: (jobId: string, event: ProgressEvent) => {
      if (event.type === "step.finished" && !event.fromCheckpoint) {
        const entry = active.get(jobId);
        if (entry !== undefined) entry.stepsRun += 1;
      }
    },
  };

  let wakeUp: () => void = () => {};
  const start = (jobId: string, job: NonNullable<Awaited<ReturnType<typeof claimJobs>>[number]>) => {
    let finish!: () => void;
    const entry: ActiveJob = {
      hard: new AbortController(),
      drain: new AbortController(),
      reason: undefined,
      stepsRun: 0,
      done: new Promise((resolve) => (finish = resolve)),
    };
    active.set(jobId, entry);
    if (takingStopped) stopJob(entry, "shutdown", now() >= workEnd);
    const control = { signal: entry.hard.signal, drainSignal: entry.drain.signal, stopReason: () => entry.reason };
    void (async () => {
      const message = messages.get(jobId);
      try {
        const status = await runClaimedJob(job, control, claimedJobOptions);
        settled.push({ jobId, status, stepsRun: entry.stepsRun });
        options.logger?.info({ event: "tick.job", workerId, jobId, status }, `Tick left job ${jobId} ${status}`);
        await message?.complete();
      } catch (error) {
        settled.push({ jobId, status: "running", stepsRun: entry.stepsRun });
        options.logger?.error({ event: "tick.job_error", workerId, jobId, error }, `Tick failed on job ${jobId}`);
        await message?.fail(error instanceof Error ? error : new Error(String(error))).catch(() => undefined);
      } finally {
        messages.delete(jobId);
        active.delete(jobId);
        finish();
        wakeUp();
      }
    })();
  };

  const heartbeat = setInterval(() => {
    const ids = [...active.keys()];
    heartbeatJobs(database, workerId, ids)
      .then((rows) => {
        const held = new Map(rows.map((row) => [row.id, row.cancelRequested]));
        for (const id of ids) {
          const entry = active.get(id);
          if (entry === undefined) continue;
          if (!held.has(id)) stopJob(entry, "lost", true);
          else if (held.get(id) === true) stopJob(entry, "canceled", true);
        }
      })
      .catch((error: unknown) =>
        options.logger?.warn({ event: "tick.heartbeat_failed", error }, "Tick heartbeat failed"),
      );
  }, config.jobs.heartbeatSeconds * 1_000);

  let sawWork = false;
  try {
    const smallest = estimator.smallestMs();
    if (smallest !== undefined && smallest > workEnd - now()) {
      takingStopped = true;
      sawWork = (await countQueuedJobs(database)) > 0;
    }
    while (!takingStopped) {
      const free = config.jobs.workerConcurrency - active.size;
      let taken: TakenMessage[] = [];
      if (free > 0) taken = await queue.take(free, options.signal);
      if (taken.length > 0) {
        sawWork = true;
        const claimed = await claimJobs(
          database,
          taken.map((message) => message.jobId),
          workerId,
        );
        for (const [index, message] of taken.entries()) {
          const job = claimed[index];
          if (job === undefined || active.has(message.jobId)) {
            await message.complete(); // ended, or held by another worker: its row says so
            continue;
          }
          messages.set(message.jobId, message);
          start(message.jobId, job);
        }
      } else if (active.size === 0) break; // nothing waits and nothing runs: done early
      if (takingStopped) break;
      // Look again when a job ends (a slot frees) or after the polling interval (new jobs).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, taken.length === free ? 0 : config.jobs.pollingSeconds * 1_000);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        wakeUp = done;
      });
    }
    while (active.size > 0) await Promise.all([...active.values()].map((entry) => entry.done));
  } finally {
    clearTimeout(deadlineTimer);
    clearInterval(heartbeat);
    options.signal?.removeEventListener("abort", stopAll);
  }

  const ended = now();
  const stepsRun = settled.reduce((sum, job) => sum + job.stepsRun, 0);
  const outcome =
    stepsRun > 0 || callsStarted > 0 ? "worked" : callsDeferred > 0 || sawWork ? "nothing_fitted" : "idle";
  return {
    workerId,
    outcome,
    budgetMs: options.budgetMs,
    elapsedMs: Math.round(ended - started),
    timeLeftMs: Math.max(0, Math.round(deadline - ended)),
    stepsRun,
    jobsAdvanced: settled.filter((job) => job.stepsRun > 0).length,
    jobsFinished: settled.filter(
      (job) => job.status !== undefined && job.status !== "queued" && job.status !== "running",
    ).length,
    modelCallMs: Math.round(busy.totalMs()),
    callsDeferred,
    jobs: settled,
  };
}

/** Throws {@link InvalidInputError} unless `budgetMs` is a whole number of milliseconds in {@link tickBudgetRange}. */
export function validateBudget(budgetMs: number): void {
  if (!Number.isInteger(budgetMs) || budgetMs < tickBudgetRange.minimum || budgetMs > tickBudgetRange.maximum)
    throw new InvalidInputError(
      `budgetMs must be a whole number of milliseconds from ${tickBudgetRange.minimum} to ${tickBudgetRange.maximum}, got ${budgetMs}.`,
      { details: { budgetMs }, suggestion: "Give the tick a budget a few seconds below the function's time limit." },
    );
}

interface LiveEstimator extends CallEstimator {
  /** Adds a call this tick just saw succeed. */
  record(sample: { model: string; task: string; latencyMs: number; completionTokens: number }): void;
  /** The smallest estimate of any recorded model and task at its recorded output size; `undefined` with no record. */
  smallestMs(): number | undefined;
}

// The estimator learns from the tick's own calls too: a model first called in this tick (its probe)
// has an estimate for the rest of the tick.
function createLiveEstimator(
  samples: readonly { model: string; task: string; latencyMs: number; completionTokens: number }[],
): LiveEstimator {
  const all = [...samples];
  let estimator = createCallEstimator(all);
  return {
    estimateMs: (model, task, maxOutputTokens) => estimator.estimateMs(model, task, maxOutputTokens),
    knows: (model, task) => estimator.knows(model, task),
    record(sample) {
      all.push(sample);
      estimator = createCallEstimator(all);
    },
    smallestMs() {
      const estimates = all
        .map((sample) => estimator.estimateMs(sample.model, sample.task, sample.completionTokens))
        .filter((estimate): estimate is number => estimate !== undefined);
      return estimates.length === 0 ? undefined : Math.min(...estimates);
    },
  };
}

// Time with at least one call in flight: the share of the budget spent on model calls.
function busyClock(now: () => number) {
  let inFlight = 0;
  let since = 0;
  let total = 0;
  return {
    begin() {
      if (inFlight++ === 0) since = now();
    },
    end() {
      if (--inFlight === 0) total += now() - since;
    },
    totalMs: () => total + (inFlight > 0 ? now() - since : 0),
  };
}

function measuredProvider(
  provider: ModelProvider,
  estimator: LiveEstimator,
  busy: ReturnType<typeof busyClock>,
  now: () => number,
): ModelProvider {
  return {
    name: provider.name,
    close: () => provider.close(),
    ...(provider.answeredBySimulator === undefined
      ? {}
      : { answeredBySimulator: () => provider.answeredBySimulator?.() === true }),
    async complete(request) {
      const started = now();
      busy.begin();
      try {
        const response = await provider.complete(request);
        const completionTokens = response.usage?.completionTokens ?? 0;
        // The response format is named after the task (generateStructured's `schemaName`).
        estimator.record({
          model: request.model,
          task: request.responseFormat.name,
          latencyMs: now() - started,
          completionTokens,
        });
        return response;
      } finally {
        busy.end();
      }
    },
  };
}
