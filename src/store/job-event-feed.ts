import type { Database } from "../db/port.ts";

/**
 * The channel on which every statement storing progress events notifies, once per job it wrote
 * to, with the job id as payload (a trigger: migrations/009_event_notifications.sql).
 */
export const jobEventsChannel = "courseforge_job_events";

/** Default of {@link JobEventFeedOptions.sweepIntervalMs}. */
export const defaultSweepIntervalMs = 10_000;

const terminalStatuses: ReadonlySet<string> = new Set(["succeeded", "failed", "canceled"]);

/** Options of {@link createJobEventFeed}. */
export interface JobEventFeedOptions {
  /**
   * How often one statement checks every watched job at once (not one per watcher): a job whose
   * newest event id changed since the last check without a notification, or that has ended, wakes
   * its watchers. Default 10 s.
   */
  readonly sweepIntervalMs?: number;
  /** Called with a failed sweep (the next one tries again). */
  readonly onError?: (error: unknown) => void;
}

/** Wakes whoever follows a job's events when new ones may have been stored. */
export interface JobEventFeed {
  /**
   * Calls `onChange` whenever events of `jobId` may have been stored (after their transaction
   * committed), until the answer is called. Resolves once notifications are being listened for, so
   * events the caller reads after that are never missed: anything stored later wakes it.
   */
  watch(jobId: string, onChange: () => void, signal?: AbortSignal): Promise<() => void>;
  /** Jobs watched right now (for tests and metrics). */
  watchedJobs(): number;
}

/**
 * The feed of one process: one `LISTEN` on {@link jobEventsChannel} (the database's one listening
 * connection) fanned out in memory to the watchers of each job, so that watchers cost no
 * statement while nothing happens.
 *
 * The sweep is a safety net that costs one statement per interval whatever the number of
 * watchers. It catches what notifications never announce: a job that ended without a terminal
 * event (its worker died between marking it ended and storing the event), so its streams end; and
 * events whose notification did not arrive, e.g. stored by a writer that bypassed the trigger.
 */
export function createJobEventFeed(database: Database, options: JobEventFeedOptions = {}): JobEventFeed {
  const sweepIntervalMs = options.sweepIntervalMs ?? defaultSweepIntervalMs;
  const watchers = new Map<string, Set<() => void>>();
  // The newest event id of each watched job at the last sweep (absent: not swept yet).
  const lastSeen = new Map<string, number>();
  // Jobs notified since the last sweep: their watchers have read what changed already.
  const notified = new Set<string>();
  let listening: Promise<unknown> | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  let sweeping = false;

  const wake = (jobId: string) => {
    for (const onChange of watchers.get(jobId) ?? []) onChange();
  };
  const onNotification = (jobId: string) => {
    if (watchers.has(jobId)) notified.add(jobId);
    wake(jobId);
  };
  const wakeAll = () => {
    for (const jobId of watchers.keys()) wake(jobId);
  };

  const sweep = async () => {
    if (sweeping || watchers.size === 0) return;
    sweeping = true;
    try {
      const jobIds = [...watchers.keys()];
      const notifiedBefore = new Set(notified);
      notified.clear();
      const rows = await database.query<{ id: string; status: string; last_event_id: number | null }>(
        `SELECT j.id, j.status, (SELECT max(e.id) FROM course_generation_events e WHERE e.job_id = j.id) AS last_event_id
           FROM course_generation_jobs j WHERE j.id = ANY($1::text[])`,
        [jobIds],
      );
      const found = new Set<string>();
      for (const row of rows) {
        found.add(row.id);
        const lastEventId = row.last_event_id ?? 0;
        const previous = lastSeen.get(row.id);
        lastSeen.set(row.id, lastEventId);
        const unannounced = previous !== undefined && previous !== lastEventId && !notifiedBefore.has(row.id);
        if (terminalStatuses.has(row.status) || unannounced) wake(row.id);
      }
      // A job deleted while watched: its watchers find it gone.
      for (const jobId of jobIds) if (!found.has(jobId)) wake(jobId);
    } catch (error) {
      options.onError?.(error);
    } finally {
      sweeping = false;
    }
  };

  const startListening = () =>
    (listening ??= database
      .listen(jobEventsChannel, { onNotification, onReconnect: wakeAll })
      .catch((error: unknown) => {
        listening = undefined;
        throw error;
      }));

  return {
    async watch(jobId, onChange, signal) {
      await startListening();
      signal?.throwIfAborted();
      let set = watchers.get(jobId);
      if (set === undefined) watchers.set(jobId, (set = new Set()));
      set.add(onChange);
      if (sweepTimer === undefined && sweepIntervalMs > 0) {
        sweepTimer = setInterval(() => void sweep(), sweepIntervalMs);
        sweepTimer.unref();
      }
      let watching = true;
      return () => {
        if (!watching) return;
        watching = false;
        const current = watchers.get(jobId);
        current?.delete(onChange);
        if (current?.size === 0) {
          watchers.delete(jobId);
          lastSeen.delete(jobId);
          notified.delete(jobId);
        }
        if (watchers.size === 0 && sweepTimer !== undefined) {
          clearInterval(sweepTimer);
          sweepTimer = undefined;
        }
      };
    },
    watchedJobs: () => watchers.size,
  };
}
