/**
 * The speed half of `bench knowledge`: synthetic chunks (random words, random unit embeddings)
 * inserted in bulk by SQL, then query latency of the real retriever at each size, with the exact
 * scan and with pgvector's HNSW index.
 */
import type { Database } from "../src/db/index.ts";
import {
  createRetriever,
  ensureCollection,
  ensureVectorIndex,
  type KnowledgeViewer,
  type RetrievalMode,
  type VectorSearchMode,
} from "../src/knowledge/index.ts";
import type { Embedder } from "../src/llm/index.ts";
import { createRandom, type Random } from "../src/simulator/random.ts";
import { percentile } from "./knowledge-metrics.ts";
import { round } from "./support/stats.ts";

/** Latency of one retrieval mode on one search path. */
export interface LatencyFigures {
  readonly queries: number;
  readonly p50_ms: number;
  readonly p95_ms: number;
}

/** One size's figures. */
export interface SizeFigures {
  readonly chunks: number;
  readonly insert_ms: number;
  readonly exact: { readonly vector: LatencyFigures; readonly hybrid: LatencyFigures };
  readonly pgvector:
    | { readonly index_build_ms: number; readonly vector: LatencyFigures; readonly hybrid: LatencyFigures }
    | { readonly skipped: string };
}

const embeddingModel = "bench-random";

/** Made-up words of the synthetic chunks: a vocabulary of a few thousand, as in a real collection. */
export function vocabulary(random: Random, size: number): string[] {
  const letters = "abcdefghiklmnoprstuvw";
  const words = new Set<string>();
  while (words.size < size) {
    let word = "";
    for (let length = random.integer(4, 9); word.length < length;)
      word += letters[random.integer(0, letters.length - 1)];
    words.add(word);
  }
  return [...words];
}

/** A query embedder without a provider: seeded random unit vectors (speed only; no meaning). */
export function randomEmbedder(dimensions: number, random: Random): Embedder {
  return {
    model: embeddingModel,
    dimensions,
    async embed(texts) {
      return texts.map(() => {
        const vector = Array.from({ length: dimensions }, () => random.next() - 0.5);
        const norm = Math.hypot(...vector);
        return vector.map((value) => value / norm);
      });
    },
  };
}

export async function insertChunks(
  database: Database,
  target: { collectionId: string; documentId: string },
  range: { from: number; to: number },
  words: readonly string[],
  dimensions: number,
  signal: AbortSignal,
): Promise<void> {
  const batch = 5_000;
  for (let start = range.from; start < range.to; start += batch) {
    const end = Math.min(range.to, start + batch) - 1;
    // Sixty random words and a random unit vector per chunk; the lateral subqueries mention g so
    // that each row gets its own.
    await database.query(
      `INSERT INTO knowledge_chunks (id, document_id, collection_id, ordinal, text, heading_path, token_count,
         start_offset, end_offset, search_vector, embedding, embedding_model, embedding_dimensions)
       SELECT 'chunk_bench_' || g, $1, $2, g, t.body, '{}', 80, g * 1000, g * 1000 + 999,
              to_tsvector('english', t.body),
              ARRAY(SELECT x / sqrt(e.norm) FROM unnest(e.raw) WITH ORDINALITY AS u(x, i) ORDER BY i)::real[],
              $3, $4
         FROM generate_series($5::int, $6::int) AS g
         CROSS JOIN LATERAL (SELECT string_agg(($7::text[])[1 + floor(random() * cardinality($7::text[]))::int], ' ') AS body
                               FROM generate_series(1, 60) AS w WHERE g >= 0) AS t
         CROSS JOIN LATERAL (SELECT array_agg(r) AS raw, sum(r * r) AS norm
                               FROM (SELECT random() - 0.5 AS r FROM generate_series(1, $4::int) AS d WHERE g >= 0) AS s) AS e`,
      [target.documentId, target.collectionId, embeddingModel, dimensions, start, end, words],
      { signal },
    );
  }
  // As ingestion does: retrieval reads the scope's size from the documents' chunk counts.
  await database.query(
    `UPDATE knowledge_documents SET chunk_count = (SELECT count(*) FROM knowledge_chunks WHERE document_id = $1) WHERE id = $1`,
    [target.documentId],
    { signal },
  );
  await database.query(`ANALYZE knowledge_chunks`, [], { signal });
}

async function timeQueries(options: {
  database: Database;
  viewer: KnowledgeViewer;
  collectionId: string;
  vectorSearch: VectorSearchMode;
  mode: RetrievalMode;
  queries: number;
  words: readonly string[];
  random: Random;
  dimensions: number;
  signal: AbortSignal;
}): Promise<LatencyFigures> {
  const retriever = createRetriever({
    database: options.database,
    embedder: randomEmbedder(options.dimensions, options.random.fork("queries")),
    vectorSearch: options.vectorSearch,
  });
  const ask = () =>
    retriever.retrieve(options.viewer, {
      query: Array.from({ length: 4 }, () => options.random.pick(options.words)).join(" "),
      collectionIds: [options.collectionId],
      mode: options.mode,
      signal: options.signal,
    });
  // Warm the plan and buffer caches; not counted (one for a short, slow series).
  for (let index = 0; index < (options.queries < 10 ? 1 : 3); index++) await ask();
  const samples: number[] = [];
  for (let index = 0; index < options.queries; index++) {
    const started = performance.now();
    await ask();
    samples.push(performance.now() - started);
  }
  return { queries: samples.length, p50_ms: round(percentile(samples, 50)), p95_ms: round(percentile(samples, 95)) };
}

/** Inserts synthetic chunks up to each size in turn and times queries on each search path. */
export async function measureSpeed(options: {
  readonly database: Database;
  readonly viewer: KnowledgeViewer;
  readonly pgvector: VectorSearchMode;
  readonly sizes: readonly number[];
  readonly dimensions: number;
  /** Timed queries per mode and path (the exact scan gets fewer from 50k chunks: it is linear). */
  readonly queries: number;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}): Promise<SizeFigures[]> {
  const { database, viewer, signal, dimensions } = options;
  const random = createRandom(100_000);
  const words = vocabulary(random.fork("words"), 5_000);
  const collection = await ensureCollection(database, viewer, "bench-synthetic", { signal });
  const documentId = "doc_bench_synthetic";
  await database.query(
    `INSERT INTO knowledge_documents (id, owner_id, collection_id, title, file_name, mime, bytes, content_hash, status)
     VALUES ($1, $2, $3, 'Synthetic chunks', 'synthetic.txt', 'text/plain', 0, 'synthetic', 'ready')`,
    [documentId, viewer.userId, collection.id],
    { signal },
  );
  const exact: VectorSearchMode = { kind: "exact", reason: "measured against pgvector" };
  const indexName = `knowledge_chunks_embedding_hnsw_${dimensions}`;
  const figures: SizeFigures[] = [];
  let inserted = 0;
  for (const size of [...options.sizes].sort((left, right) => left - right)) {
    // Building HNSW once over all rows is far faster than growing it row by row.
    await database.query(`DROP INDEX IF EXISTS ${indexName}`, [], { signal });
    const insertStarted = performance.now();
    await insertChunks(
      database,
      { collectionId: collection.id, documentId },
      { from: inserted, to: size },
      words,
      dimensions,
      signal,
    );
    const insertMs = performance.now() - insertStarted;
    inserted = size;
    options.log(`${size} chunks: inserted in ${(insertMs / 1000).toFixed(1)} s`);
    const common = { database, viewer, collectionId: collection.id, words, random, dimensions, signal };
    const exactQueries = size >= 50_000 ? Math.max(5, Math.ceil(options.queries / 5)) : options.queries;
    const exactFigures = {
      vector: await timeQueries({ ...common, vectorSearch: exact, mode: "vector", queries: exactQueries }),
      hybrid: await timeQueries({ ...common, vectorSearch: exact, mode: "hybrid", queries: exactQueries }),
    };
    options.log(
      `${size} chunks, exact scan: vector p50 ${exactFigures.vector.p50_ms} / p95 ${exactFigures.vector.p95_ms} ms, hybrid p50 ${exactFigures.hybrid.p50_ms} / p95 ${exactFigures.hybrid.p95_ms} ms (${exactQueries} queries each)`,
    );
    let pgvectorFigures: SizeFigures["pgvector"];
    if (options.pgvector.kind === "pgvector") {
      const buildStarted = performance.now();
      await ensureVectorIndex(database, options.pgvector.schema, dimensions, signal);
      const buildMs = performance.now() - buildStarted;
      pgvectorFigures = {
        index_build_ms: round(buildMs, 0),
        vector: await timeQueries({
          ...common,
          vectorSearch: options.pgvector,
          mode: "vector",
          queries: options.queries,
        }),
        hybrid: await timeQueries({
          ...common,
          vectorSearch: options.pgvector,
          mode: "hybrid",
          queries: options.queries,
        }),
      };
      options.log(
        `${size} chunks, pgvector HNSW (built in ${(buildMs / 1000).toFixed(1)} s): vector p50 ${pgvectorFigures.vector.p50_ms} / p95 ${pgvectorFigures.vector.p95_ms} ms, hybrid p50 ${pgvectorFigures.hybrid.p50_ms} / p95 ${pgvectorFigures.hybrid.p95_ms} ms (${options.queries} queries each)`,
      );
    } else {
      pgvectorFigures = { skipped: options.pgvector.reason };
      options.log(`${size} chunks: pgvector skipped (${options.pgvector.reason})`);
    }
    figures.push({ chunks: size, insert_ms: round(insertMs, 0), exact: exactFigures, pgvector: pgvectorFigures });
  }
  return figures;
}
