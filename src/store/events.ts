import type { Queryable } from "../db/port.ts";

/** A stored progress event, as replayed to a reconnecting client. */
export interface StoredEvent {
  readonly id: number;
  readonly jobId: string;
  readonly type: string;
  readonly data: unknown;
  readonly createdAt: Date;
}

/** Appends one progress event to a job's stream and returns its id (monotonic per database). */
export async function appendEvent(database: Queryable, jobId: string, event: { type: string; data: unknown }, signal?: AbortSignal): Promise<number> {
  const [record] = await database.query<{ id: number }>(
    `INSERT INTO course_generation_events (job_id, type, data) VALUES ($1, $2, $3::jsonb) RETURNING id`,
    [jobId, event.type, JSON.stringify(event.data)],
    { signal },
  );
  return record!.id;
}

/** Reads a job's events after `afterId` (0 for all), oldest first. */
export async function listEvents(database: Queryable, jobId: string, afterId = 0, signal?: AbortSignal): Promise<StoredEvent[]> {
  const records = await database.query<{ id: number; job_id: string; type: string; data: unknown; created_at: Date }>(
    `SELECT id, job_id, type, data, created_at FROM course_generation_events WHERE job_id = $1 AND id > $2 ORDER BY id`,
    [jobId, afterId],
    { signal },
  );
  return records.map((record) => ({ id: record.id, jobId: record.job_id, type: record.type, data: record.data, createdAt: record.created_at }));
}
