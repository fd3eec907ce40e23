/** The SQL of economy mode: batch lines and the batches that carry them (migration 015). */
import type { Queryable, Database } from "../../db/port.ts";

/** A line's state: waiting for a batch, in one, or ended one way or another. */
export type LineStatus = "pending" | "submitted" | "answered" | "errored" | "unfinished";

/** One stored line with what its waiter needs. */
export interface StoredLine {
  readonly id: string;
  readonly status: LineStatus;
  readonly batchId: string | null;
  readonly response: unknown;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly recorded: boolean;
  readonly createdAt: Date;
  readonly linesTotal: number | null;
  readonly linesDone: number | null;
}

/** A line to add. */
export interface NewLine {
  readonly id: string;
  readonly jobId: string;
  readonly step: string;
  readonly task: string;
  readonly attempt: number;
  readonly model: string;
  readonly body: unknown;
}

/** A stored batch that is not yet at its end. */
export interface OpenBatch {
  readonly id: string;
  readonly status: "submitting" | "in_progress";
  readonly model: string;
  readonly inputFileId: string | null;
  readonly providerBatchId: string | null;
}

const lineColumns = `l.id, l.status, l.batch_id, l.response, l.error_code, l.error_message, l.recorded, l.created_at,
  b.lines_total, b.lines_done`;

function toLine(row: Record<string, unknown>): StoredLine {
  return {
    id: row.id as string,
    status: row.status as LineStatus,
    batchId: (row.batch_id as string | null) ?? null,
    response: row.response ?? null,
    errorCode: (row.error_code as string | null) ?? null,
    errorMessage: (row.error_message as string | null) ?? null,
    recorded: row.recorded === true,
    createdAt: row.created_at as Date,
    linesTotal: (row.lines_total as number | null) ?? null,
    linesDone: (row.lines_done as number | null) ?? null,
  };
}

/** Adds a line unless this attempt of this step already has one (a resumed job), and returns the stored line. */
export async function addLine(database: Queryable, line: NewLine, signal: AbortSignal): Promise<StoredLine> {
  await database.query(
    `INSERT INTO course_generation_batch_lines (id, job_id, step, task, attempt, model, body, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending') ON CONFLICT DO NOTHING`,
    [line.id, line.jobId, line.step, line.task, line.attempt, line.model, JSON.stringify(line.body)],
    { signal },
  );
  const rows = await database.query(
    `SELECT ${lineColumns} FROM course_generation_batch_lines l
     LEFT JOIN course_generation_batches b ON b.id = l.batch_id
     WHERE l.job_id = $1 AND l.step = $2 AND l.attempt = $3`,
    [line.jobId, line.step, line.attempt],
    { signal },
  );
  return toLine(rows[0]!);
}

/** The lines with these ids, with their batch's progress. */
export async function findLines(
  database: Queryable,
  ids: readonly string[],
  signal: AbortSignal,
): Promise<StoredLine[]> {
  if (ids.length === 0) return [];
  const rows = await database.query(
    `SELECT ${lineColumns} FROM course_generation_batch_lines l
     LEFT JOIN course_generation_batches b ON b.id = l.batch_id WHERE l.id = ANY($1::text[])`,
    [ids],
    { signal },
  );
  return rows.map(toLine);
}

/** Marks a line's failed attempt recorded; true only for the first caller (its llm_calls row is written once). */
export async function claimLineRecord(database: Queryable, id: string): Promise<boolean> {
  const rows = await database.query(
    `UPDATE course_generation_batch_lines SET recorded = true WHERE id = $1 AND NOT recorded RETURNING id`,
    [id],
  );
  return rows.length > 0;
}

/** Per model: pending lines, and whether the oldest has waited `windowMs` (database time). */
export async function pendingByModel(
  database: Queryable,
  windowMs: number,
  signal: AbortSignal,
): Promise<{ model: string; lines: number; due: boolean }[]> {
  const rows = await database.query(
    `SELECT model, count(*)::int AS lines,
            min(created_at) <= now() - make_interval(secs => $1::double precision / 1000) AS due
     FROM course_generation_batch_lines WHERE status = 'pending' GROUP BY model`,
    [windowMs],
    { signal },
  );
  return rows.map((row) => ({ model: row.model as string, lines: row.lines as number, due: row.due === true }));
}

/**
 * Opens a batch for up to `maxLines` pending lines of `model` (oldest first) and moves them into it,
 * in one transaction; lines another process is taking are skipped. Leased to `owner` while it is
 * submitted. Returns undefined when no line was left.
 */
export async function openBatch(
  database: Database,
  batch: { id: string; provider: string; model: string; maxLines: number; owner: string; leaseMs: number },
): Promise<OpenBatch | undefined> {
  return database
    .transaction(async (transaction) => {
      await transaction.query(
        `INSERT INTO course_generation_batches (id, provider, model, status, lease_owner, lease_until)
       VALUES ($1, $2, $3, 'submitting', $4, now() + make_interval(secs => $5::double precision / 1000))`,
        [batch.id, batch.provider, batch.model, batch.owner, batch.leaseMs],
      );
      const moved = await transaction.query(
        `UPDATE course_generation_batch_lines SET status = 'submitted', batch_id = $1
       WHERE id IN (SELECT id FROM course_generation_batch_lines WHERE status = 'pending' AND model = $2
                    ORDER BY created_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
        [batch.id, batch.model, batch.maxLines],
      );
      if (moved.length === 0) throw new NothingToBatch();
      await transaction.query(`UPDATE course_generation_batches SET lines_total = $2 WHERE id = $1`, [
        batch.id,
        moved.length,
      ]);
      return {
        id: batch.id,
        status: "submitting" as const,
        model: batch.model,
        inputFileId: null,
        providerBatchId: null,
      };
    })
    .catch((error: unknown) => {
      if (error instanceof NothingToBatch) return undefined;
      throw error;
    });
}

class NothingToBatch extends Error {}

/** The request lines of a batch, as the JSONL file carries them (custom_id order). */
export async function linesOfBatch(
  database: Queryable,
  batchId: string,
  signal: AbortSignal,
): Promise<{ id: string; body: unknown }[]> {
  const rows = await database.query(
    `SELECT id, body FROM course_generation_batch_lines WHERE batch_id = $1 ORDER BY id`,
    [batchId],
    { signal },
  );
  return rows.map((row) => ({ id: row.id as string, body: row.body }));
}

/**
 * Takes the lease of open batches nobody holds (or whose holder let it lapse: a dead process), for
 * `leaseMs`; returns them.
 */
export async function leaseOpenBatches(
  database: Queryable,
  owner: string,
  leaseMs: number,
  signal: AbortSignal,
): Promise<OpenBatch[]> {
  const rows = await database.query(
    `UPDATE course_generation_batches
     SET lease_owner = $1, lease_until = now() + make_interval(secs => $2::double precision / 1000)
     WHERE status IN ('submitting', 'in_progress') AND (lease_until IS NULL OR lease_until < now() OR lease_owner = $1)
     RETURNING id, status, model, input_file_id, provider_batch_id`,
    [owner, leaseMs],
    { signal },
  );
  return rows.map((row) => ({
    id: row.id as string,
    status: row.status as OpenBatch["status"],
    model: row.model as string,
    inputFileId: (row.input_file_id as string | null) ?? null,
    providerBatchId: (row.provider_batch_id as string | null) ?? null,
  }));
}

/** Stores the uploaded input file's id. */
export async function setInputFile(database: Queryable, batchId: string, fileId: string): Promise<void> {
  await database.query(`UPDATE course_generation_batches SET input_file_id = $2, updated_at = now() WHERE id = $1`, [
    batchId,
    fileId,
  ]);
}

/** Stores the provider's batch id: the batch is submitted. */
export async function setSubmitted(database: Queryable, batchId: string, providerBatchId: string): Promise<void> {
  await database.query(
    `UPDATE course_generation_batches SET provider_batch_id = $2, status = 'in_progress', submitted_at = now(),
       updated_at = now() WHERE id = $1`,
    [batchId, providerBatchId],
  );
}

/** Stores the provider's progress counts. */
export async function setProgress(database: Queryable, batchId: string, done: number, failed: number): Promise<void> {
  await database.query(
    `UPDATE course_generation_batches SET lines_done = $2, lines_failed = $3, updated_at = now() WHERE id = $1`,
    [batchId, done, failed],
  );
}

/** One line's result from the output or error file. */
export interface LineResult {
  readonly id: string;
  readonly status: "answered" | "errored" | "unfinished";
  readonly response: unknown;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
}

/**
 * Ends a batch in one transaction: stores every line's result; lines with none are `unfinished`
 * with `reason`. Conditional on the batch being open, so two processes never both end it.
 */
export async function endBatch(
  database: Database,
  batch: { id: string; status: "completed" | "failed" | "expired" | "cancelled"; reason: string | null },
  results: readonly LineResult[],
  counts: { done: number; failed: number },
): Promise<boolean> {
  return database.transaction(async (transaction) => {
    const ended = await transaction.query(
      `UPDATE course_generation_batches SET status = $2, reason = $3, lines_done = $4, lines_failed = $5,
         ended_at = now(), updated_at = now(), lease_owner = NULL, lease_until = NULL
       WHERE id = $1 AND status IN ('submitting', 'in_progress') RETURNING id`,
      [batch.id, batch.status, batch.reason, counts.done, counts.failed],
    );
    if (ended.length === 0) return false;
    if (results.length > 0)
      await transaction.query(
        `UPDATE course_generation_batch_lines l SET status = r.status, response = r.response,
           error_code = r.error_code, error_message = r.error_message, answered_at = now()
         FROM jsonb_to_recordset($2::jsonb) AS r(id text, status text, response jsonb, error_code text, error_message text)
         WHERE l.id = r.id AND l.batch_id = $1 AND l.status = 'submitted'`,
        [
          batch.id,
          JSON.stringify(
            results.map((result) => ({
              id: result.id,
              status: result.status,
              response: result.response,
              error_code: result.errorCode,
              error_message: result.errorMessage,
            })),
          ),
        ],
      );
    await transaction.query(
      `UPDATE course_generation_batch_lines SET status = 'unfinished', error_code = $2, error_message = $3,
         answered_at = now() WHERE batch_id = $1 AND status = 'submitted'`,
      [
        batch.id,
        `batch_${batch.status}`,
        batch.reason ?? `The batch ended ${batch.status} without answering this line.`,
      ],
    );
    return true;
  });
}

/** Withdraws a line nobody waits for any more (its job stopped) unless it already went out in a batch. */
export async function withdrawPendingLine(database: Queryable, id: string): Promise<void> {
  await database.query(`DELETE FROM course_generation_batch_lines WHERE id = $1 AND status = 'pending'`, [id]);
}
