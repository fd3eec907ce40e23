import type { Queryable } from "../db/port.ts";
import { createBatcher } from "./batcher.ts";

/** A stored progress event, as replayed to a reconnecting client. */
export interface StoredEvent {
  readonly id: number;
  readonly jobId: string;
  readonly type: string;
  readonly data: unknown;
  readonly createdAt: Date;
}

/** Appends one progress event to a job's stream and returns its id (monotonic per database). */
export async function appendEvent(
  database: Queryable,
  jobId: string,
  event: { type: string; data: unknown },
  signal?: AbortSignal,
): Promise<number> {
  const [record] = await database.query<{ id: number }>(
    `INSERT INTO course_generation_events (job_id, type, data) VALUES ($1, $2, $3::jsonb) RETURNING id`,
    [jobId, event.type, JSON.stringify(event.data)],
    { signal },
  );
  return record!.id;
}

/** Appends events to a job's stream in one statement; their ids ascend in the given order. */
export async function appendEvents(
  database: Queryable,
  jobId: string,
  events: readonly { type: string; data: unknown }[],
  signal?: AbortSignal,
): Promise<void> {
  if (events.length === 0) return;
  if (events.length === 1) {
    await appendEvent(database, jobId, events[0]!, signal);
    return;
  }
  await database.query(
    `INSERT INTO course_generation_events (job_id, type, data)
     SELECT $1, event->>'type', event->'data' FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS batch(event, position) ORDER BY position`,
    [jobId, JSON.stringify(events)],
    { signal },
  );
}

/**
 * An appender for one job's events that writes the events emitted together (in the same run of
 * promise jobs, e.g. the `step.started` of every lesson once the outline is stored) with one
 * statement, one write at a time ({@link createBatcher}), so a job's events keep the order they
 * were emitted in. Each call resolves once its event is stored, as {@link appendEvent} does; a
 * failed write rejects every event of its batch.
 */
export function createEventAppender(
  database: Queryable,
  jobId: string,
): (event: { type: string; data: unknown }) => Promise<void> {
  return createBatcher<{ type: string; data: unknown }, void>(async (events) => {
    await appendEvents(database, jobId, events);
    return events.map(() => undefined);
  });
}

/** Reads a job's events after `afterId` (0 for all), oldest first. */
export async function listEvents(
  database: Queryable,
  jobId: string,
  afterId = 0,
  signal?: AbortSignal,
): Promise<StoredEvent[]> {
  const records = await database.query<{ id: number; job_id: string; type: string; data: unknown; created_at: Date }>(
    `SELECT id, job_id, type, data, created_at FROM course_generation_events WHERE job_id = $1 AND id > $2 ORDER BY id`,
    [jobId, afterId],
    { signal },
  );
  return records.map((record) => ({
    id: record.id,
    jobId: record.job_id,
    type: record.type,
    data: record.data,
    createdAt: record.created_at,
  }));
}
