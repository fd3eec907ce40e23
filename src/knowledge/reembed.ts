import type { Database } from "../db/index.ts";
import type { Embedder } from "../llm/index.ts";

/** How far a re-embedding run is: chunks re-embedded of those that needed it when it started. */
export interface ReembedProgress {
  readonly done: number;
  readonly total: number;
}

/** What {@link reembedChunks} did. */
export interface ReembedOutcome {
  /** Chunks re-embedded by this run. */
  readonly reembedded: number;
  /** Chunks whose model and size already matched (left alone). */
  readonly current: number;
}

// A chunk is stale when its model differs, or its size does when the embedder asks for a size.
const staleFilter = `(c.embedding IS NULL OR c.embedding_model IS DISTINCT FROM $1
  OR ($2::int IS NOT NULL AND c.embedding_dimensions IS DISTINCT FROM $2::int))`;

/**
 * Re-embeds every chunk of a ready document whose stored embedding model or size differs from
 * `embedder`'s (after `COURSEFORGE_EMBEDDING_MODEL` or `…_DIMENSIONS` changed), batch by batch in
 * chunk-id order. Each batch is stored before the next is asked for, so an interrupted run
 * loses at most one batch and the next run resumes with the chunks still stale. Until then a
 * stale chunk is found by full text only (vector search compares vectors of one model and size).
 */
export async function reembedChunks(
  database: Database,
  embedder: Embedder,
  options: { batch?: number; signal?: AbortSignal; onProgress?: (progress: ReembedProgress) => void } = {},
): Promise<ReembedOutcome> {
  const signal = options.signal ?? new AbortController().signal;
  const batch = options.batch ?? 64;
  const parameters = [embedder.model, embedder.dimensions ?? null];
  const [counts] = await database.query<{ stale: number; all: number }>(
    `SELECT count(*) FILTER (WHERE ${staleFilter})::int AS stale, count(*)::int AS "all"
       FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id WHERE d.status = 'ready'`,
    parameters,
    { signal },
  );
  const total = counts?.stale ?? 0;
  let done = 0;
  let after = "";
  options.onProgress?.({ done, total });
  for (;;) {
    signal.throwIfAborted();
    const rows = await database.query<{
      id: string;
      text: string;
      headingPath: string[];
      title: string;
      ownerId: string;
    }>(
      `SELECT c.id, c.text, c.heading_path AS "headingPath", d.title, d.owner_id AS "ownerId"
         FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
        WHERE d.status = 'ready' AND ${staleFilter} AND c.id > $3
        ORDER BY c.id LIMIT $4`,
      [...parameters, after, batch],
      { signal },
    );
    if (rows.length === 0) break;
    // The same text ingestion embeds: the document's title and heading path are part of what a chunk is about.
    const vectors = await embedder.embed(
      rows.map((row) => [row.title, ...row.headingPath, row.text].join("\n")),
      { signal, step: "knowledge:reembed", caller: { userId: rows[0]!.ownerId, priority: 10 } },
    );
    await database.query(
      `UPDATE knowledge_chunks c SET embedding = r.embedding, embedding_model = $2, embedding_dimensions = r.dimensions
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, embedding real[], dimensions int) WHERE c.id = r.id`,
      [
        JSON.stringify(
          rows.map((row, index) => ({ id: row.id, embedding: vectors[index], dimensions: vectors[index]!.length })),
        ),
        embedder.model,
      ],
      { signal },
    );
    done += rows.length;
    after = rows.at(-1)!.id;
    options.onProgress?.({ done, total: Math.max(total, done) });
  }
  return { reembedded: done, current: (counts?.all ?? 0) - total };
}
