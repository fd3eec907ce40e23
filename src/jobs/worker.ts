import type { KnowledgeService } from "../knowledge/index.ts";
import type { Config } from "../config/index.ts";
import { databaseOutageWaitMs, retryWhileUnavailable } from "../db/index.ts";
import type { Database } from "../db/port.ts";
import { AbortedError } from "../errors/index.ts";
import type { AnswerCache, BatchLane, CallPolicy } from "../llm/index.ts";
import type { CourseSimilarity } from "./course-similarity.ts";
import type { ModelProvider } from "../llm/types.ts";
import { withLogContext } from "../observability/index.ts";
import type { Logger } from "pino";
import {
  claimJobs,
  createBatcher,
  createCompletionSizes,
  findJob,
  heartbeatJobs,
  type JobStatus,
} from "../store/index.ts";
import { budgetEnforcementOf, type BudgetEnforcement } from "./job-spending.ts";
import type { JobQueue } from "./queue.ts";
import { runClaimedJob, type JobControl, type StopReason } from "./run-claimed-job.ts";
import { sweepJobs } from "./sweeper.ts";

/** What a worker needs. */
export interface WorkerOptions {
  readonly database: Database;
  readonly queue: JobQueue;
  readonly provider: ModelProvider;
  /** The process's shared call policy (router, circuit breakers, budget, outage waiting). */
  readonly callPolicy?: CallPolicy;
  readonly config: Config;
  /** Whether the provider is the simulator (recorded in the courses). */
  readonly simulated: boolean;
  /** The process's Batch API lane for `mode: "economy"` requests (absent: they run in real time). */
  readonly economy?: Omit<BatchLane, "onProgress" | "onFallback">;
  /** Unique per process, e.g. `host:pid:random`; recorded in the rows of the jobs it runs. */
  readonly workerId: string;
  /** Jobs at once (default `config.jobs.workerConcurrency`). */
  readonly concurrency?: number;
  /** Stops the worker gracefully when it fires (like {@link RunningWorker.stop}). */
  readonly signal?: AbortSignal;
  /** Background failures (heartbeat, sweeper, a job's settlement): logged, never fatal. */
  readonly onError?: (error: Error) => void;
  /** Called when this worker leaves a job: `status` as it left it, `undefined` when another worker had taken it. */
  readonly onJobSettled?: (jobId: string, status: JobStatus | undefined) => void;
  /** The knowledge base, for requests grounded on a teacher's documents. */
  readonly knowledge?: KnowledgeService;
  /** The exact answer cache (docs/cost.md); absent: every step calls the model. */
  readonly answerCache?: AnswerCache;
  /** Similar-course reuse (docs/cost.md); absent: `reuse` requests are generated as usual. */
  readonly similarity?: CourseSimilarity;
  /**
   * USD budgets (docs/limits.md, "Budgets"). Default: enforced, with the caps stored in `database`
   * (seeded from `config.budgets`); `false`: none (a worker outside the service's accounting).
   */
  readonly budgets?: BudgetEnforcement | false;
  /** Structured log of job starts and ends (`job.started`, `job.succeeded`, `job.failed`, `job.requeued`, …). */
  readonly logger?: Logger;
}

/** A started worker. */
export interface RunningWorker {
  readonly workerId: string;
  /** Ids of the jobs running here now. */
  activeJobs(): string[];
  /**
   * Stops taking jobs, lets the steps in flight finish and be checkpointed (the jobs go back to
   * `queued` for another worker), hard-aborts what is still running after `graceMs` (default
   * `config.jobs.shutdownGraceSeconds`), and resolves once every job has been settled. Does not
   * stop the queue or close the database: they belong to the caller. Safe to call twice.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
}

interface ActiveJob {
  readonly hard: AbortController;
  readonly drain: AbortController;
  reason: StopReason | undefined;
  readonly done: Promise<void>;
}

/**
 * Starts a worker: takes job ids from the queue, claims each job row (queued → running; ids of
 * jobs already taken or ended are acknowledged and skipped), runs it with {@link runClaimedJob},
 * heartbeats the jobs it runs (and learns of cancels that way), and sweeps for jobs of dead workers.
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const { database, config, workerId } = options;
  const concurrency = options.concurrency ?? config.jobs.workerConcurrency;
  const active = new Map<string, ActiveJob>();
  const taking = new AbortController();
  const budgets =
    options.budgets === false
      ? undefined
      : (options.budgets ??
        budgetEnforcementOf(retryWhileUnavailable(database, { maxWaitMs: databaseOutageWaitMs }), config));
  const report = (error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error)));
  const claimedJobOptions = {
    // A Postgres restart or failover pauses a running job's writes (checkpoints, events, call
    // records) instead of failing the job: they are retried while the server is away.
    database: retryWhileUnavailable(database, { maxWaitMs: databaseOutageWaitMs }),
    queue: options.queue,
    workerId,
    models: config.models,
    ...(options.knowledge === undefined ? {} : { knowledge: options.knowledge }),
    ...(options.similarity === undefined ? {} : { similarity: options.similarity }),
    onError: report,
    ...(budgets === undefined ? {} : { budgets }),
    run: {
      ...(options.answerCache === undefined ? {} : { answerCache: options.answerCache, onCacheError: report }),
      // One read of the recorded completion sizes serves every job of this worker for a few seconds.
      completionSizes: createCompletionSizes(database),
      provider: options.provider,
      concurrency: config.generation.concurrency,
      maxAttempts: config.llm.maxAttempts,
      timeoutMs: config.llm.timeoutMs,
      ...(options.callPolicy === undefined ? {} : { callPolicy: options.callPolicy }),
      temperature: config.llm.temperature,
      prices: config.prices,
      simulated: options.simulated,
      quality: config.quality,
      ...(options.economy === undefined ? {} : { economy: options.economy }),
    },
  };

  // The jobs of one fetch are claimed with one statement.
  const claim = createBatcher((jobIds: readonly string[]) => claimJobs(database, jobIds, workerId));
  const handle = async (jobId: string): Promise<void> => {
    if (taking.signal.aborted) throw new AbortedError("The worker is stopping."); // delivered again to another worker
    const job = await claim(jobId);
    if (!job) return;
    const hard = new AbortController();
    const drain = new AbortController();
    let settle!: () => void;
    const entry: ActiveJob = { hard, drain, reason: undefined, done: new Promise((resolve) => (settle = resolve)) };
    active.set(jobId, entry);
    // Claimed while the worker began stopping: drain it like the others.
    if (taking.signal.aborted) stopJob(entry, "shutdown");
    const control: JobControl = { signal: hard.signal, drainSignal: drain.signal, stopReason: () => entry.reason };
    try {
      const status = await withLogContext({ jobId, ...(job.userId ? { userId: job.userId } : {}) }, async () => {
        logger?.info({ event: "job.started", workerId }, `Job ${jobId} started`);
        const settled = await runClaimedJob(job, control, claimedJobOptions);
        await logSettled(jobId, settled, entry.reason);
        return settled;
      });
      options.onJobSettled?.(jobId, status);
    } finally {
      active.delete(jobId);
      settle();
    }
  };

  const logger = options.logger;
  const logSettled = async (jobId: string, status: JobStatus | undefined, reason: StopReason | undefined) => {
    if (logger === undefined) return;
    if (status === "failed") {
      // Logging never fails the job's settlement: without the row the line still says it failed.
      const row = await findJob(database, jobId).catch(() => undefined);
      logger.error(
        { event: "job.failed", code: row?.failureCode, workerId },
        `Job ${jobId} failed: ${row?.failureReason ?? "unknown reason"}`,
      );
    } else if (status === "queued") {
      logger.warn(
        { event: "job.requeued", reason: reason ?? "worker_stopped", workerId },
        `Job ${jobId} went back to the queue`,
      );
    } else if (status === undefined) {
      logger.warn({ event: "job.lost", workerId }, `Job ${jobId} was taken over by another worker`);
    } else {
      logger.info({ event: `job.${status}`, workerId }, `Job ${jobId} ${status.replace("_", " ")}`);
    }
  };

  const stopJob = (entry: ActiveJob, reason: StopReason) => {
    entry.reason ??= reason;
    if (reason === "shutdown") entry.drain.abort(new AbortedError("The worker is shutting down."));
    else
      entry.hard.abort(
        new AbortedError(reason === "canceled" ? "Canceled on request." : "Another worker took over this job."),
      );
  };

  const heartbeat = async () => {
    const ids = [...active.keys()];
    const held = new Map((await heartbeatJobs(database, workerId, ids)).map((row) => [row.id, row.cancelRequested]));
    for (const id of ids) {
      const entry = active.get(id);
      if (!entry) continue;
      if (!held.has(id)) stopJob(entry, "lost");
      else if (held.get(id) === true) stopJob(entry, "canceled");
    }
  };
  const sweep = () => sweepJobs({ database, queue: options.queue, staleAfterSeconds: config.jobs.staleAfterSeconds });

  const timers = [
    repeat(heartbeat, config.jobs.heartbeatSeconds * 1_000, report),
    repeat(sweep, Math.max(config.jobs.staleAfterSeconds / 2, config.jobs.heartbeatSeconds) * 1_000, report),
  ];
  void sweep().catch(report);
  await options.queue.work(
    async (jobId) => {
      try {
        await handle(jobId);
      } catch (error) {
        if (!(error instanceof AbortedError)) report(error);
        throw error;
      }
    },
    { concurrency, signal: taking.signal },
  );

  let stopping: Promise<void> | undefined;
  const stop = (stopOptions: { graceMs?: number } = {}): Promise<void> => {
    stopping ??= (async () => {
      taking.abort();
      for (const entry of active.values()) stopJob(entry, "shutdown");
      const graceMs = stopOptions.graceMs ?? config.jobs.shutdownGraceSeconds * 1_000;
      const grace = setTimeout(() => {
        for (const entry of active.values())
          entry.hard.abort(new AbortedError("The worker's shutdown grace period ended."));
      }, graceMs);
      // Heartbeats go on while the jobs settle, so no other worker takes them for dead meanwhile.
      while (active.size > 0) await Promise.all([...active.values()].map((entry) => entry.done));
      clearTimeout(grace);
      for (const timer of timers) timer.stop();
    })();
    return stopping;
  };
  options.signal?.addEventListener("abort", () => void stop(), { once: true });
  if (options.signal?.aborted) void stop();

  return { workerId, activeJobs: () => [...active.keys()], stop };
}

/** Runs `task` every `intervalMs` (never two at once) until stopped. */
function repeat(task: () => Promise<unknown>, intervalMs: number, onError: (error: unknown) => void): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      await task();
    } catch (error) {
      onError(error);
    }
    if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
  };
  timer = setTimeout(() => void tick(), intervalMs);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
