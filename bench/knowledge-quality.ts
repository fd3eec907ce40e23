/**
 * The quality half of `bench knowledge`: ingests the labelled documents (bench/fixtures/knowledge/)
 * through the real ingestion path with the simulator's embeddings, then asks every question in
 * each retrieval mode and scores the rankings against the labels.
 */
import { readFile } from "node:fs/promises";
import type { Database } from "../src/db/index.ts";
import {
  addDocument,
  createRetriever,
  ensureCollection,
  ingestDocument,
  type KnowledgeViewer,
  type RetrievalMode,
  type VectorSearchMode,
} from "../src/knowledge/index.ts";
import type { Embedder } from "../src/llm/index.ts";
import type { LabelledQuestion } from "./knowledge-corpus.ts";
import { qualityOf, type QualityFigures } from "./knowledge-metrics.ts";

/** Where the committed labelled set is. */
export const fixtureFolder = new URL("fixtures/knowledge/", import.meta.url);

/** The modes compared side by side. */
export const retrievalModes: readonly RetrievalMode[] = ["hybrid", "fulltext", "vector"];

/** What the quality run measured. */
export interface QualityRun {
  readonly documents: number;
  readonly chunks: number;
  readonly tokens: number;
  readonly questions: number;
  /** Ingestion speed with the time spent waiting for embeddings taken out. */
  readonly ingestion: {
    readonly chunks_per_second: number;
    readonly total_ms: number;
    readonly embedding_ms_excluded: number;
  };
  readonly modes: Readonly<Record<RetrievalMode, QualityFigures>>;
}

/** An embedder that adds up the time its calls take (the provider's latency, excluded from ingestion speed). */
function timedEmbedder(inner: Embedder): Embedder & { readonly elapsedMs: () => number } {
  let elapsed = 0;
  return {
    model: inner.model,
    dimensions: inner.dimensions,
    async embed(texts, options) {
      const started = performance.now();
      try {
        return await inner.embed(texts, options);
      } finally {
        elapsed += performance.now() - started;
      }
    },
    elapsedMs: () => elapsed,
  };
}

/** Reads the committed questions and checks their shape (a hand-edited file must fail loudly). */
export async function readQuestions(): Promise<LabelledQuestion[]> {
  const parsed: unknown = JSON.parse(await readFile(new URL("questions.json", fixtureFolder), "utf8"));
  if (!Array.isArray(parsed)) throw new Error("bench/fixtures/knowledge/questions.json must be an array.");
  return parsed.map((item: unknown, index) => {
    const entry = item as Partial<LabelledQuestion> | null;
    for (const key of ["id", "document", "question", "section", "passage"] as const)
      if (typeof entry?.[key] !== "string" || entry[key] === "")
        throw new Error(`questions.json item ${index} has no "${key}" (a non-empty string is needed).`);
    return entry as LabelledQuestion;
  });
}

/**
 * The relevant chunk ids of each question: the chunks of its document under its section's
 * heading whose text contains its passage. @throws when a label matches no chunk
 */
export function relevantChunks(
  questions: readonly LabelledQuestion[],
  chunks: readonly { id: string; fileName: string; headingPath: readonly string[]; text: string }[],
): Map<string, Set<string>> {
  const relevant = new Map<string, Set<string>>();
  for (const question of questions) {
    const ids = chunks
      .filter(
        (chunk) =>
          chunk.fileName === question.document &&
          chunk.headingPath.includes(question.section) &&
          chunk.text.includes(question.passage),
      )
      .map((chunk) => chunk.id);
    if (ids.length === 0)
      throw new Error(
        `Question ${question.id}: no chunk of ${question.document} under "${question.section}" contains its passage; regenerate the fixtures (node bench/write-knowledge-fixtures.ts).`,
      );
    relevant.set(question.id, new Set(ids));
  }
  return relevant;
}

/** Ingests the labelled set into a new collection of `viewer` and scores every mode. */
export async function measureQuality(options: {
  readonly database: Database;
  readonly embedder: Embedder;
  readonly viewer: KnowledgeViewer;
  readonly vectorSearch: VectorSearchMode;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}): Promise<QualityRun> {
  const { database, viewer, signal } = options;
  const questions = await readQuestions();
  const fileNames = [...new Set(questions.map((question) => question.document))].sort();
  const collection = await ensureCollection(database, viewer, "bench-labelled-set", { signal });
  const embedder = timedEmbedder(options.embedder);
  let totalMs = 0;
  for (const fileName of fileNames) {
    const content = new Uint8Array(await readFile(new URL(fileName, fixtureFolder)));
    const started = performance.now();
    const { document } = await addDocument(database, viewer, collection.id, { fileName, content }, { signal });
    const outcome = await ingestDocument({ database, embedder }, document.id, { signal });
    totalMs += performance.now() - started;
    if (outcome?.status !== "ready") throw new Error(`Ingesting ${fileName} failed: ${outcome?.failureReason}`);
  }
  const chunks = await database.query<{
    id: string;
    fileName: string;
    headingPath: string[];
    text: string;
    tokens: number;
  }>(
    `SELECT c.id, d.file_name AS "fileName", c.heading_path AS "headingPath", c.text, c.token_count AS tokens
       FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id WHERE c.collection_id = $1`,
    [collection.id],
    { signal },
  );
  const embeddingMs = embedder.elapsedMs();
  const ingestion = {
    chunks_per_second: chunks.length / ((totalMs - embeddingMs) / 1000),
    total_ms: totalMs,
    embedding_ms_excluded: embeddingMs,
  };
  options.log(
    `ingested ${fileNames.length} documents, ${chunks.length} chunks in ${totalMs.toFixed(0)} ms (${embeddingMs.toFixed(0)} ms of it waiting for embeddings)`,
  );
  const relevant = relevantChunks(questions, chunks);
  const retriever = createRetriever({ database, embedder: options.embedder, vectorSearch: options.vectorSearch });
  const modes = {} as Record<RetrievalMode, QualityFigures>;
  for (const mode of retrievalModes) {
    const results = [];
    for (const question of questions) {
      // Ten with no token cap: recall@5 reads the first five, MRR the first relevant of ten.
      const found = await retriever.retrieve(viewer, {
        query: question.question,
        collectionIds: [collection.id],
        limit: 10,
        tokenBudget: Number.MAX_SAFE_INTEGER,
        mode,
        signal,
      });
      results.push({ ranked: found.map((chunk) => chunk.id), relevant: relevant.get(question.id)! });
    }
    modes[mode] = qualityOf(results);
    options.log(
      `${mode.padEnd(8)} recall@5 ${modes[mode].recall_at_5.toFixed(3)}  MRR ${modes[mode].mrr.toFixed(3)}  (${questions.length} questions)`,
    );
  }
  return {
    documents: fileNames.length,
    chunks: chunks.length,
    tokens: chunks.reduce((sum, chunk) => sum + chunk.tokens, 0),
    questions: questions.length,
    ingestion,
    modes,
  };
}
