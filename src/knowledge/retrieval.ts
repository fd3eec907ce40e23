import type { Database } from "../db/index.ts";
import type { Embedder } from "../llm/index.ts";
import type { KnowledgeViewer, StoredChunk } from "./store.ts";
import { findChunks } from "./store.ts";
import { ensureVectorIndex, quoteIdentifier, vectorExpression, type VectorSearchMode } from "./vector-index.ts";

/** Which signals rank the chunks. */
export type RetrievalMode = "hybrid" | "fulltext" | "vector";

/** What to search and how much to return. */
export interface RetrievalRequest {
  readonly query: string;
  /** Collections to search (ids); those the viewer may not read are ignored. */
  readonly collectionIds?: readonly string[];
  /** Documents to search (ids), in addition to the collections. */
  readonly documentIds?: readonly string[];
  /** At most this many chunks (default 8). */
  readonly limit?: number;
  /** At most this many tokens of chunk text in all (default 3 000). */
  readonly tokenBudget?: number;
  readonly mode?: RetrievalMode;
  /**
   * Keep only relevant chunks (default true): those matching at least two of the query's words
   * (one for a one-word query) or with a cosine similarity of at least `minimumSimilarity`.
   * Nothing relevant: an empty answer, never filler.
   */
  readonly relevantOnly?: boolean;
  readonly signal?: AbortSignal;
}

/** A retrieved chunk, with how it ranked. */
export interface RetrievedChunk extends StoredChunk {
  /** The ranking score (higher is better): in hybrid mode both halves' normalized scores, combined. */
  readonly score: number;
  readonly fullTextRank: number | undefined;
  readonly vectorRank: number | undefined;
  /** Cosine similarity to the query, when the vector search ranked it. */
  readonly similarity: number | undefined;
}

/** Searches the knowledge base. */
export interface Retriever {
  retrieve(viewer: KnowledgeViewer, request: RetrievalRequest): Promise<RetrievedChunk[]>;
}

/** Options of {@link createRetriever}. */
export interface RetrieverOptions {
  readonly database: Database;
  readonly embedder: Embedder;
  readonly vectorSearch: VectorSearchMode;
  /** Cosine similarity from which a chunk counts as relevant on its own (default 0.3). */
  readonly minimumSimilarity?: number;
  /** Candidates taken from each ranking before fusion (default 50). */
  readonly candidates?: number;
}

interface Candidate {
  readonly id: string;
  fullTextRank?: number;
  vectorRank?: number;
  similarity?: number;
  matchedWords?: number;
  queryWords?: number;
  /** Whether the chunk has a query word found in few chunks of the scope (see {@link isRelevant}). */
  distinctiveWord?: boolean;
  /** The weight of the query words it has over the best chunk's (0 to 1). */
  lexicalScore?: number;
  /** Cosine similarity to the query, also for chunks only full text found (fusion only). */
  fusionSimilarity?: number;
}

/**
 * Hybrid retrieval: full text (`websearch_to_tsquery` in each collection's language, ranked by
 * how many of the query's words a chunk has) and vector similarity (pgvector HNSW where present,
 * an exact scan otherwise) fused by a convex combination of their normalized scores; overlapping chunks of a document are
 * deduplicated, best first, and the answer is cut at `limit` chunks and `tokenBudget` tokens.
 * Only chunks of collections the viewer may read are ever returned.
 */
export function createRetriever(options: RetrieverOptions): Retriever {
  const { database, embedder } = options;
  const minimumSimilarity = options.minimumSimilarity ?? 0.3;
  const candidates = options.candidates ?? 50;
  const indexedSizes = new Set<number>();

  async function scope(viewer: KnowledgeViewer, request: RetrievalRequest) {
    const rows = await database.query<{ id: string; language: string; documentId: string | null }>(
      `SELECT k.id, k.language, NULL AS "documentId" FROM knowledge_collections k
        WHERE k.id = ANY($2::text[]) AND (k.owner_id = $1 OR k.shared)
       UNION ALL
       SELECT k.id, k.language, d.id FROM knowledge_documents d JOIN knowledge_collections k ON k.id = d.collection_id
        WHERE d.id = ANY($3::text[]) AND (k.owner_id = $1 OR k.shared)`,
      [viewer.userId, [...(request.collectionIds ?? [])], [...(request.documentIds ?? [])]],
      { signal: request.signal },
    );
    const whole = rows.filter((row) => row.documentId === null);
    const documents = rows.filter(
      (row) => row.documentId !== null && !whole.some((collection) => collection.id === row.id),
    );
    return {
      collectionIds: whole.map((row) => row.id),
      documentIds: documents.map((row) => row.documentId!),
      languages: [...new Set(rows.map((row) => row.language))],
    };
  }

  // Chunks in scope: all of the whole collections, and the named documents.
  const scopeFilter = `(c.collection_id = ANY($1::text[]) OR c.document_id = ANY($2::text[]))`;

  async function fullText(query: string, language: string, target: Scope, signal?: AbortSignal): Promise<Candidate[]> {
    const [parsed] = await database.query<{ words: string[] | null }>(
      `SELECT ARRAY(SELECT w FROM unnest(tsvector_to_array(to_tsvector($1::regconfig, $2))) w WHERE w ~ '^[[:alnum:]_]+$') AS words`,
      [language, query],
      { signal },
    );
    const words = parsed?.words ?? [];
    if (words.length === 0) return [];
    // One GIN lookup per query word gives every (chunk, word) match, and with it each word's
    // chunk count: a word found in few chunks of the scope (an inverse document frequency, as
    // BM25's) tells more than one found in most. Chunks are ranked by the weight of the words they
    // share, and only a bounded pool of the best is read again (the whole websearch query, phrases
    // and exclusions included, then ts_rank_cd): at 100k chunks the matches of common words are
    // thousands, and reading each one's tsvector was most of a query's time. The scope's size is
    // the documents' chunk counts, not a count over the chunks.
    return database
      .query<{ id: string; matchedWords: number; distinctiveWord: boolean; matchedWeight: number }>(
        `WITH words AS (SELECT w AS word, to_tsquery('simple', quote_literal(w)) AS query FROM unnest($5::text[]) w),
       hits AS MATERIALIZED (
         SELECT c.id, words.word FROM words JOIN knowledge_chunks c ON c.search_vector @@ words.query WHERE ${scopeFilter}),
       found AS (SELECT word, count(*) AS chunks FROM hits GROUP BY word),
       scoped AS (SELECT greatest(
                    (SELECT coalesce(sum(d.chunk_count), 0) FROM knowledge_documents d
                      WHERE d.collection_id = ANY($1::text[]) OR d.id = ANY($2::text[])),
                    (SELECT coalesce(max(chunks), 0) FROM found)) AS total),
       weights AS MATERIALIZED (
         SELECT words.word, ln(1 + (scoped.total - coalesce(found.chunks, 0) + 0.5) / (coalesce(found.chunks, 0) + 0.5)) AS weight,
                coalesce(found.chunks, 0) * $8 <= scoped.total AS distinctive
           FROM words CROSS JOIN scoped LEFT JOIN found USING (word)),
       pool AS (
         SELECT hits.id, sum(weights.weight) AS weight, count(*)::int AS matched, bool_or(weights.distinctive) AS distinctive
           FROM hits JOIN weights USING (word) GROUP BY hits.id ORDER BY weight DESC, hits.id LIMIT $6),
       q AS (SELECT websearch_to_tsquery($3::regconfig, $4) AS every_word,
                    to_tsquery('simple', array_to_string(ARRAY(SELECT quote_literal(w) FROM unnest($5::text[]) w), ' | ')) AS any_word)
       SELECT pool.id, pool.matched AS "matchedWords", pool.distinctive AS "distinctiveWord", pool.weight::float8 AS "matchedWeight"
         FROM pool JOIN knowledge_chunks c ON c.id = pool.id CROSS JOIN q
        ORDER BY (c.search_vector @@ q.every_word) DESC, pool.weight DESC, ts_rank_cd(c.search_vector, q.any_word, 1) DESC, pool.id
        LIMIT $7`,
        [
          target.collectionIds,
          target.documentIds,
          language,
          query,
          words,
          candidates * 2,
          candidates,
          distinctiveRarity,
        ],
        { signal },
      )
      .then((rows) => {
        // Normalized as Bruch et al.'s TM2C2: the theoretical minimum (0) and the observed maximum.
        const best = Math.max(0, ...rows.map((row) => row.matchedWeight));
        return rows.map((row) => ({
          id: row.id,
          matchedWords: row.matchedWords,
          queryWords: words.length,
          distinctiveWord: row.distinctiveWord,
          lexicalScore: best > 0 ? row.matchedWeight / best : 0,
        }));
      });
  }

  async function vector(
    query: string,
    target: Scope,
    viewer: KnowledgeViewer,
    signal?: AbortSignal,
  ): Promise<{ embedding: readonly number[]; rows: { id: string; similarity: number }[] }> {
    const controller = signal ?? new AbortController().signal;
    const [embedding] = await embedder.embed([query], {
      signal: controller,
      step: "knowledge:query",
      caller: { userId: viewer.userId, priority: 20 },
    });
    const dimensions = embedding!.length;
    const parameters = [target.collectionIds, target.documentIds, embedder.model, dimensions];
    const mode = options.vectorSearch;
    if (mode.kind === "pgvector") {
      if (!indexedSizes.has(dimensions) && (await ensureVectorIndex(database, mode.schema, dimensions, signal)))
        indexedSizes.add(dimensions);
      if (indexedSizes.has(dimensions)) {
        const distance = `${vectorExpression(mode.schema, dimensions, "c.embedding")} OPERATOR(${quoteIdentifier(mode.schema)}.<=>) $5::${quoteIdentifier(mode.schema)}.vector(${dimensions})`;
        const rows = await database.transaction(
          async (transaction) => {
            // Filtered HNSW scans keep going until enough rows pass the filter (pgvector 0.8).
            await transaction.query(
              `SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', $1, true)`,
              [String(Math.max(40, candidates * 2))],
              { signal },
            );
            return transaction.query<{ id: string; similarity: number }>(
              `SELECT c.id, 1 - (${distance}) AS similarity FROM knowledge_chunks c
              WHERE ${scopeFilter} AND c.embedding_model = $3 AND c.embedding_dimensions = $4
              ORDER BY ${distance} LIMIT $6`,
              [...parameters, `[${embedding!.join(",")}]`, candidates],
              { signal },
            );
          },
          signal === undefined ? {} : { signal },
        );
        // Relaxed order: the index may return near neighbours slightly out of order.
        rows.sort((left, right) => right.similarity - left.similarity || left.id.localeCompare(right.id));
        return { embedding: embedding!, rows };
      }
    }
    const rows = await database.query<{ id: string; similarity: number }>(
      `SELECT c.id, (SELECT sum(a * b) FROM unnest(c.embedding, $5::real[]) AS pair(a, b)) AS similarity
         FROM knowledge_chunks c
        WHERE ${scopeFilter} AND c.embedding_model = $3 AND c.embedding_dimensions = $4
        ORDER BY similarity DESC, c.id LIMIT $6`,
      [...parameters, embedding, candidates],
      { signal },
    );
    return { embedding: embedding!, rows };
  }

  // The similarity of chunks full text found and the vector search did not (a handful: exact).
  async function similarities(
    ids: readonly string[],
    embedding: readonly number[],
    signal?: AbortSignal,
  ): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await database.query<{ id: string; similarity: number }>(
      `SELECT c.id, (SELECT sum(a * b) FROM unnest(c.embedding, $2::real[]) AS pair(a, b)) AS similarity
         FROM knowledge_chunks c WHERE c.id = ANY($1::text[]) AND c.embedding_model = $3 AND c.embedding_dimensions = $4`,
      [[...ids], [...embedding], embedder.model, embedding.length],
      { signal },
    );
    return new Map(rows.map((row) => [row.id, row.similarity]));
  }

  return {
    async retrieve(viewer, request) {
      const mode = request.mode ?? "hybrid";
      const target = await scope(viewer, request);
      if (target.collectionIds.length === 0 && target.documentIds.length === 0) return [];
      const byId = new Map<string, Candidate>();
      const take = (id: string): Candidate => {
        let candidate = byId.get(id);
        if (candidate === undefined) {
          candidate = { id };
          byId.set(id, candidate);
        }
        return candidate;
      };
      // Both halves at once: the query's embedding is a provider call, full text a database query.
      const [lists, vectorFound] = await Promise.all([
        mode === "vector"
          ? []
          : Promise.all(target.languages.map((language) => fullText(request.query, language, target, request.signal))),
        mode === "fulltext" ? undefined : vector(request.query, target, viewer, request.signal),
      ]);
      // Several languages: interleave their rankings.
      interleave(lists).forEach((found, index) => Object.assign(take(found.id), { ...found, fullTextRank: index + 1 }));
      if (vectorFound !== undefined) {
        vectorFound.rows.forEach((row, index) =>
          Object.assign(take(row.id), {
            vectorRank: index + 1,
            similarity: row.similarity,
            fusionSimilarity: row.similarity,
          }),
        );
        const missing = [...byId.values()].filter((candidate) => candidate.fusionSimilarity === undefined);
        const found = await similarities(
          missing.map((candidate) => candidate.id),
          vectorFound.embedding,
          request.signal,
        );
        for (const candidate of missing) candidate.fusionSimilarity = found.get(candidate.id);
      }
      const relevantOnly = request.relevantOnly ?? true;
      const bestSimilarity = Math.max(-1, ...[...byId.values()].map((candidate) => candidate.fusionSimilarity ?? -1));
      const ranked = [...byId.values()]
        .filter((candidate) => !relevantOnly || isRelevant(candidate, minimumSimilarity))
        .map((candidate) => ({ candidate, score: fusedScore(candidate, mode, bestSimilarity) }))
        .sort((left, right) => right.score - left.score || left.candidate.id.localeCompare(right.candidate.id));
      const chunks = new Map(
        (
          await findChunks(
            database,
            viewer,
            ranked.map((entry) => entry.candidate.id),
            request.signal,
          )
        ).map((chunk) => [chunk.id, chunk]),
      );
      return selectWithinBudget(
        ranked.flatMap(({ candidate, score }) => {
          const chunk = chunks.get(candidate.id);
          return chunk === undefined
            ? []
            : [
                {
                  ...chunk,
                  score,
                  fullTextRank: candidate.fullTextRank,
                  vectorRank: candidate.vectorRank,
                  similarity: candidate.similarity,
                },
              ];
        }),
        request.limit ?? 8,
        request.tokenBudget ?? 3_000,
      );
    },
  };
}

type Scope = { collectionIds: string[]; documentIds: string[]; languages: string[] };

// Hybrid: the convex combination of each half's normalized score (Bruch, Gai and Ingber, "An
// Analysis of Fusion Functions for Hybrid Retrieval", 2023), each normalized by its theoretical
// minimum and observed maximum. Reciprocal rank fusion (1 / (60 + rank)) was measured first: it
// throws the scores away, so a chunk ranked twentieth by both halves outranked the one chunk
// naming the thing asked about, first by far in full text (recall@5 0.83 on the labelled set).
function fusedScore(candidate: Candidate, mode: RetrievalMode, bestSimilarity: number): number {
  if (mode === "fulltext") return 1 / candidate.fullTextRank!;
  if (mode === "vector") return candidate.similarity ?? 0;
  const lexical = candidate.lexicalScore ?? 0;
  const semantic =
    candidate.fusionSimilarity === undefined || bestSimilarity <= -1
      ? 0
      : (candidate.fusionSimilarity + 1) / (bestSimilarity + 1);
  return fusionWeight * lexical + (1 - fusionWeight) * semantic;
}

// Full text and vectors count the same: no tuning on the labelled set.
const fusionWeight = 0.5;

// A word found in at most one of this many chunks of the scope is distinctive (a name, a term): a
// question naming one ("… of Kavalor?") is answered by the chunks naming it, although its other
// words are the asker's, not the text's. Never true in a scope of fewer chunks than this.
const distinctiveRarity = 50;

/**
 * A chunk is relevant when it has two of the query's words (one of a one-word query), or one
 * distinctive word (found in at most 1 in 50 of the searched chunks), or is similar enough.
 */
export function isRelevant(
  candidate: { matchedWords?: number; queryWords?: number; distinctiveWord?: boolean; similarity?: number },
  minimumSimilarity: number,
): boolean {
  const wordsNeeded = Math.min(2, candidate.queryWords ?? 0);
  if (candidate.matchedWords !== undefined && wordsNeeded > 0 && candidate.matchedWords >= wordsNeeded) return true;
  if (candidate.distinctiveWord === true) return true;
  return candidate.similarity !== undefined && candidate.similarity >= minimumSimilarity;
}

/** Best first: skips a chunk overlapping one already taken (same document), stops at the limit, skips what exceeds the budget. */
export function selectWithinBudget<
  T extends { documentId: string; startOffset: number; endOffset: number; tokenCount: number },
>(ranked: readonly T[], limit: number, tokenBudget: number): T[] {
  const selected: T[] = [];
  let tokens = 0;
  for (const chunk of ranked) {
    if (selected.length >= limit) break;
    const overlaps = selected.some(
      (taken) =>
        taken.documentId === chunk.documentId &&
        taken.startOffset < chunk.endOffset &&
        chunk.startOffset < taken.endOffset,
    );
    if (overlaps || tokens + chunk.tokenCount > tokenBudget) continue;
    selected.push(chunk);
    tokens += chunk.tokenCount;
  }
  return selected;
}

function interleave<T>(lists: readonly (readonly T[])[]): T[] {
  const merged: T[] = [];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let index = 0; index < longest; index++)
    for (const list of lists) if (list[index] !== undefined) merged.push(list[index]!);
  return merged;
}
