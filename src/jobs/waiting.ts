import type { Database } from "../db/port.ts";
import type { CallPolicy, OutageWait } from "../llm/index.ts";
import { appendJobEvent } from "./lifecycle-events.ts";

/** At most one `job.waiting` event per job this often: an outage makes every step wait again and again. */
export const waitingEventIntervalMs = 10_000;

/**
 * The process's call policy for one job: each outage wait of its calls is reported as a
 * `job.waiting` event (reason `provider_unavailable`), so clients see why the job is not moving.
 */
export function jobCallPolicy(
  policy: CallPolicy | undefined,
  database: Database,
  jobId: string,
  options: { now?: () => number; onError?: (error: unknown) => void } = {},
): CallPolicy | undefined {
  if (policy === undefined) return undefined;
  const now = options.now ?? Date.now;
  let lastReportedAt = Number.NEGATIVE_INFINITY;
  const onWaiting = (wait: OutageWait): void => {
    policy.onWaiting?.(wait);
    if (now() - lastReportedAt < waitingEventIntervalMs) return;
    lastReportedAt = now();
    const event = {
      type: "job.waiting",
      jobId,
      reason: wait.reason,
      step: wait.step,
      model: wait.model,
      code: wait.code,
      retryInMs: wait.waitMs,
    } as const;
    // Reporting must never stop the wait itself.
    appendJobEvent(database, event).catch((error: unknown) => options.onError?.(error));
  };
  return { ...policy, onWaiting };
}
