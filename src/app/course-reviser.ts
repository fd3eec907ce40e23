import { randomUUID } from "node:crypto";
import type { Config } from "../config/index.ts";
import { CourseforgeError } from "../errors/index.ts";
import { createCourseRevisions, runClaimedJob, type JobQueue, type RevisionRequest } from "../jobs/index.ts";
import { claimJobs, findJob, listRevisions, sumCallsOfJob, type CallTotals } from "../store/index.ts";
import { localOwner } from "./knowledge.ts";
import type { Database } from "../db/port.ts";
import { openProvider, openResilience } from "./runtime.ts";

/** What one revision made in this process. */
export interface RevisionOutcome {
  readonly jobId: string;
  readonly revision: number;
  readonly changedParts: readonly { readonly kind: string; readonly id: string }[];
  readonly totals: CallTotals;
}

/** Regenerates parts of stored courses in this process, on the database and provider of the config. */
export interface CourseReviser {
  /** Stores a revision job and runs it here to its end; throws the job's failure. */
  revise(courseId: string, revision: RevisionRequest, signal: AbortSignal): Promise<RevisionOutcome | undefined>;
  close(): Promise<void>;
}

// The job runs here at once: nothing is sent to a queue (a service started later finds no message
// for it, and its sweeper never sees it queued for long).
const inProcess: JobQueue = {
  enqueue: async () => {},
  work: async () => {},
  stop: async () => {},
};

/**
 * Opens the model provider of the config and runs revision jobs in this process on `database` (the
 * caller's, left open), as the machine's operator (it may revise any course, as an admin does); the
 * jobs belong to the local teacher.
 */
export async function openCourseReviser(config: Config, database: Database): Promise<CourseReviser> {
  const { provider, simulator } = await openProvider(config);
  const resilience = openResilience(config, database);
  const revisions = createCourseRevisions({ database, queue: inProcess });
  return {
    async revise(courseId, revision, reviseSignal) {
      const owner = await localOwner(database, reviseSignal);
      const submitted = await revisions.submit(
        { userId: owner.userId, role: "admin" },
        courseId,
        revision,
        {},
        reviseSignal,
      );
      if (submitted === undefined) return undefined;
      const workerId = `cli:${process.pid}:${randomUUID().slice(0, 6)}`;
      const [job] = await claimJobs(database, [submitted.job.id], workerId, reviseSignal);
      if (job === undefined) throw new Error(`unreachable: job ${submitted.job.id} could not be claimed`);
      const status = await runClaimedJob(
        job,
        {
          signal: reviseSignal,
          drainSignal: new AbortController().signal,
          stopReason: () => (reviseSignal.aborted ? "canceled" : undefined),
        },
        {
          database,
          queue: inProcess,
          workerId,
          models: config.models,
          run: {
            provider,
            concurrency: config.generation.concurrency,
            maxAttempts: config.llm.maxAttempts,
            timeoutMs: config.llm.timeoutMs,
            callPolicy: resilience.callPolicy,
            temperature: config.llm.temperature,
            prices: config.prices,
            simulated: config.provider === "simulator",
          },
        },
      );
      if (status !== "succeeded") {
        const ended = await findJob(database, job.id);
        throw new CourseforgeError(
          ended?.failureCode ?? "REVISION_FAILED",
          `The revision job ${job.id} ${status ?? "stopped"}: ${ended?.failureReason ?? "no reason recorded"}. The course's current revision is unchanged.`,
          { details: { jobId: job.id, courseId } },
        );
      }
      const stored = (await listRevisions(database, courseId)).find((row) => row.jobId === job.id);
      if (stored === undefined) throw new Error(`unreachable: job ${job.id} succeeded without a revision`);
      return {
        jobId: job.id,
        revision: stored.number,
        changedParts: Array.isArray(stored.changedParts)
          ? (stored.changedParts as RevisionOutcome["changedParts"])
          : [],
        totals: await sumCallsOfJob(database, job.id),
      };
    },
    async close() {
      await provider.close();
      await simulator?.close();
    },
  };
}
