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
  /** Reciprocal-rank-fusion score (higher is better). */
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

// The constant of reciprocal rank fusion (Cormack et al., 2009): 1 / (60 + rank).
const fusionConstant = 60;

interface Candidate {
  readonly id: string;
  fullTextRank?: number;
  vectorRank?: number;
  similarity?: number;
  matchedWords?: number;
  queryWords?: number;
}

/**
 * Hybrid retrieval: full text (`websearch_to_tsquery` in each collection's language, ranked by
 * how many of the query's words a chunk has) and vector similarity (pgvector HNSW where present,
 * an exact scan otherwise) fused by reciprocal rank; overlapping chunks of a document are
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
    // Any of the words finds candidates; all of them (the websearch query: phrases, exclusions) ranks
    // first, then the words' weight: a word found in few chunks of the scope (an inverse document
    // frequency, as BM25's) tells more than one found in most, so a question naming one rare thing
    // is not outranked by chunks sharing several of its common words. The weights are MATERIALIZED:
    // inlined, each candidate would count every word's chunks again.
    return database
      .query<Candidate & Record<string, unknown>>(
        `WITH q AS (SELECT websearch_to_tsquery($3::regconfig, $4) AS every_word,
                         to_tsquery('simple', array_to_string(ARRAY(SELECT quote_literal(w) FROM unnest($5::text[]) w), ' | ')) AS any_word),
       scoped AS (SELECT count(*) AS total FROM knowledge_chunks c WHERE ${scopeFilter}),
       weights AS MATERIALIZED (
         SELECT word.query, ln(1 + (scoped.total - found.chunks + 0.5) / (found.chunks + 0.5)) AS weight
           FROM (SELECT to_tsquery('simple', quote_literal(w)) AS query FROM unnest($5::text[]) w) AS word
          CROSS JOIN scoped
          CROSS JOIN LATERAL (SELECT count(*) AS chunks FROM knowledge_chunks c WHERE ${scopeFilter} AND c.search_vector @@ word.query) AS found),
       top AS (
         SELECT c.id, c.search_vector, (c.search_vector @@ q.every_word) AS all_words,
                (SELECT coalesce(sum(weights.weight), 0) FROM weights WHERE c.search_vector @@ weights.query) AS weight,
                ts_rank_cd(c.search_vector, q.any_word, 1) AS rank
           FROM knowledge_chunks c, q
          WHERE ${scopeFilter} AND c.search_vector @@ q.any_word
          ORDER BY all_words DESC, weight DESC, rank DESC, c.id LIMIT $6)
       SELECT id, cardinality(ARRAY(SELECT unnest(tsvector_to_array(search_vector)) INTERSECT SELECT unnest($5::text[]))) AS "matchedWords"
         FROM top ORDER BY all_words DESC, weight DESC, rank DESC, id`,
        [target.collectionIds, target.documentIds, language, query, words, candidates],
        { signal },
      )
      .then((rows) => rows.map((row) => ({ id: row.id, matchedWords: row.matchedWords!, queryWords: words.length })));
  }

  async function vector(
    query: string,
    target: Scope,
    viewer: KnowledgeViewer,
    signal?: AbortSignal,
  ): Promise<Candidate[]> {
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
        return rows.sort((left, right) => right.similarity - left.similarity || left.id.localeCompare(right.id));
      }
    }
    return database.query<{ id: string; similarity: number }>(
      `SELECT c.id, (SELECT sum(a * b) FROM unnest(c.embedding, $5::real[]) AS pair(a, b)) AS similarity
         FROM knowledge_chunks c
        WHERE ${scopeFilter} AND c.embedding_model = $3 AND c.embedding_dimensions = $4
        ORDER BY similarity DESC, c.id LIMIT $6`,
      [...parameters, embedding, candidates],
      { signal },
    );
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
      if (mode !== "vector") {
        const lists = await Promise.all(
          target.languages.map((language) => fullText(request.query, language, target, request.signal)),
        );
        // Several languages: interleave their rankings.
        const merged = interleave(lists);
        merged.forEach((found, index) => Object.assign(take(found.id), { ...found, fullTextRank: index + 1 }));
      }
      if (mode !== "fulltext") {
        const found = await vector(request.query, target, viewer, request.signal);
        found.forEach((row, index) =>
          Object.assign(take(row.id), { vectorRank: index + 1, similarity: row.similarity }),
        );
      }
      const relevantOnly = request.relevantOnly ?? true;
      const ranked = [...byId.values()]
        .filter((candidate) => !relevantOnly || isRelevant(candidate, minimumSimilarity))
        .map((candidate) => ({ candidate, score: fusedScore(candidate) }))
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

function fusedScore(candidate: Candidate): number {
  return (
    (candidate.fullTextRank === undefined ? 0 : 1 / (fusionConstant + candidate.fullTextRank)) +
    (candidate.vectorRank === undefined ? 0 : 1 / (fusionConstant + candidate.vectorRank))
  );
}

/** A chunk is relevant when it has two of the query's words (one of a one-word query) or is similar enough. */
export function isRelevant(
  candidate: { matchedWords?: number; queryWords?: number; similarity?: number },
  minimumSimilarity: number,
): boolean {
  const wordsNeeded = Math.min(2, candidate.queryWords ?? 0);
  if (candidate.matchedWords !== undefined && wordsNeeded > 0 && candidate.matchedWords >= wordsNeeded) return true;
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
