import { createHash } from "node:crypto";
import type { Database } from "../db/index.ts";
import type { Embedder } from "../llm/index.ts";
import { chunkDocument, type ChunkingOptions } from "./chunking.ts";
import { KnowledgeQuotaExceededError, UnreadableDocumentError } from "./errors.ts";
import { detectFormat, extractDocument, formatMimeTypes } from "./extract/index.ts";
import {
  insertDocument,
  loadPendingDocument,
  markDocumentFailed,
  storeChunks,
  type KnowledgeDocument,
  type KnowledgeViewer,
} from "./store.ts";

/** Per-user storage limits of the knowledge base. */
export interface StorageQuota {
  readonly maxDocuments: number;
  readonly maxBytes: number;
}

/** A user's knowledge-base storage in use. */
export interface StorageUsage {
  readonly documents: number;
  readonly bytes: number;
}

/** An uploaded file. */
export interface Upload {
  readonly fileName: string;
  /** The media type the client declared, if any. */
  readonly mimeType?: string;
  readonly content: Uint8Array;
}

/** What an ingestion job is doing: reading the file, cutting it into chunks, embedding them, storing them. */
export type IngestionPhase = "parsing" | "chunking" | "embedding" | "storing";

/** How far ingestion of one document is. */
export interface IngestionProgress {
  readonly phase: IngestionPhase;
  /** Chunks embedded so far (embedding), else 0. */
  readonly done: number;
  readonly total: number;
}

/** What ingestion needs. */
export interface IngestionDependencies {
  readonly database: Database;
  readonly embedder: Embedder;
  readonly chunking?: ChunkingOptions;
  /** Chunks per embedding call, and per progress report (default 64). */
  readonly embeddingBatch?: number;
}

/** The user's documents and bytes stored. */
export async function storageUsage(database: Database, userId: string, signal?: AbortSignal): Promise<StorageUsage> {
  const [row] = await database.query<{ documents: number; bytes: number }>(
    `SELECT count(*)::int AS documents, coalesce(sum(bytes), 0)::bigint AS bytes FROM knowledge_documents WHERE owner_id = $1`,
    [userId],
    { signal },
  );
  return { documents: row?.documents ?? 0, bytes: row?.bytes ?? 0 };
}

/**
 * Registers an upload as a `pending` document of a collection (the same content twice is one
 * document: `created: false`). Throws `KNOWLEDGE_UNSUPPORTED_TYPE` for a type it cannot read
 * and `KNOWLEDGE_QUOTA_EXCEEDED` beyond the owner's quota; nothing is stored then.
 */
export async function addDocument(
  database: Database,
  owner: KnowledgeViewer,
  collectionId: string,
  upload: Upload,
  options: { quota?: StorageQuota; signal?: AbortSignal } = {},
): Promise<{ document: KnowledgeDocument; created: boolean }> {
  const format = detectFormat(upload.fileName, upload.mimeType);
  const contentHash = createHash("sha256").update(upload.content).digest("hex");
  if (options.quota !== undefined) {
    const usage = await storageUsage(database, owner.userId, options.signal);
    const quota = options.quota;
    if (usage.documents + 1 > quota.maxDocuments || usage.bytes + upload.content.byteLength > quota.maxBytes)
      throw new KnowledgeQuotaExceededError(
        `Storing "${upload.fileName}" would exceed your knowledge-base quota of ${quota.maxDocuments} documents and ${quota.maxBytes} bytes (in use: ${usage.documents} documents, ${usage.bytes} bytes).`,
        {
          details: { usage, quota },
          suggestion: "Delete documents you no longer need, or ask an admin for a higher quota.",
        },
      );
  }
  return insertDocument(
    database,
    owner,
    {
      collectionId,
      title: upload.fileName.replace(/\.[a-z0-9]+$/iu, ""),
      fileName: upload.fileName,
      mime: formatMimeTypes[format],
      content: upload.content,
      contentHash,
    },
    options.signal,
  );
}

/**
 * Ingests a pending document: reads its text, chunks it, embeds the chunks and stores them, then
 * marks it `ready` (one transaction). A file with no usable text is marked `failed` with the
 * reason; other failures (the embedding provider down, …) are thrown and leave it `pending`, so
 * a durable job can try again. Returns the document's outcome; `undefined` when it is not pending.
 */
export async function ingestDocument(
  dependencies: IngestionDependencies,
  documentId: string,
  options: {
    signal?: AbortSignal;
    onProgress?: (progress: IngestionProgress) => void;
  } = {},
): Promise<{ status: "ready" | "failed"; chunkCount: number; failureReason: string | null } | undefined> {
  const { database, embedder } = dependencies;
  const signal = options.signal ?? new AbortController().signal;
  const pending = await loadPendingDocument(database, documentId, signal);
  if (pending === undefined) return undefined;
  const { document, content, language } = pending;
  options.onProgress?.({ phase: "parsing", done: 0, total: 0 });
  let extracted;
  try {
    const format = detectFormat(document.fileName, document.mime);
    extracted = await extractDocument(format, content, signal);
  } catch (error) {
    if (!(error instanceof UnreadableDocumentError)) throw error;
    await markDocumentFailed(database, documentId, error.message, signal);
    return { status: "failed", chunkCount: 0, failureReason: error.message };
  }
  const title = extracted.title ?? document.title;
  options.onProgress?.({ phase: "chunking", done: 0, total: 0 });
  const { chunks } = chunkDocument(extracted.blocks, dependencies.chunking ?? {});
  const batch = dependencies.embeddingBatch ?? 64;
  const vectors: number[][] = [];
  for (let start = 0; start < chunks.length; start += batch) {
    options.onProgress?.({ phase: "embedding", done: start, total: chunks.length });
    // The heading path is part of what a chunk is about.
    const texts = chunks
      .slice(start, start + batch)
      .map((chunk) => [title, ...chunk.headingPath, chunk.text].join("\n"));
    vectors.push(
      ...(await embedder.embed(texts, {
        signal,
        step: `knowledge:ingest:${documentId}`,
        caller: { userId: document.ownerId, priority: 20 },
      })),
    );
  }
  options.onProgress?.({ phase: "storing", done: chunks.length, total: chunks.length });
  await database.transaction(
    async (transaction) => {
      await storeChunks(
        transaction,
        { id: documentId, collectionId: document.collectionId, language, title, pageCount: extracted.pageCount },
        chunks,
        vectors.map((vector) => ({ vector, model: embedder.model })),
        signal,
      );
      await transaction.query(`UPDATE knowledge_documents SET title = $2 WHERE id = $1`, [documentId, title], {
        signal,
      });
    },
    { signal },
  );
  return { status: "ready", chunkCount: chunks.length, failureReason: null };
}
