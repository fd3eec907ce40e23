import { randomUUID } from "node:crypto";
import type { Queryable } from "../db/index.ts";
import type { Chunk } from "./chunking.ts";
import { KnowledgeNotFoundError } from "./errors.ts";

/** Who is asking: a user reads their own collections and those an admin shared. */
export interface KnowledgeViewer {
  readonly userId: string;
  readonly isAdmin: boolean;
}

/** A named set of documents of one owner. */
export interface Collection {
  readonly id: string;
  readonly ownerId: string;
  readonly name: string;
  readonly shared: boolean;
  /** The Postgres text-search configuration of its chunks (`english`, `simple`, …). */
  readonly language: string;
  readonly documentCount: number;
  readonly createdAt: Date;
}

/** Where a document is in ingestion. */
export type DocumentStatus = "pending" | "ready" | "failed";

/** A stored document (without its file). */
export interface KnowledgeDocument {
  readonly id: string;
  readonly ownerId: string;
  readonly collectionId: string;
  readonly title: string;
  readonly fileName: string;
  readonly mime: string;
  readonly bytes: number;
  readonly contentHash: string;
  readonly status: DocumentStatus;
  /** Why ingestion failed, in words a teacher understands; `null` unless `failed`. */
  readonly failureReason: string | null;
  readonly chunkCount: number;
  /**
   * Ingestion progress: what the job is doing (`null` while queued and once ended) and chunks
   * embedded of all chunks.
   */
  readonly progress: {
    readonly phase: "parsing" | "chunking" | "embedding" | "storing" | null;
    readonly done: number;
    readonly total: number;
  };
  readonly pageCount: number | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A chunk's embedding and the model that made it. */
export interface ChunkEmbedding {
  readonly vector: readonly number[];
  readonly model: string;
}

/** A stored chunk as retrieval and citations see it. */
export interface StoredChunk {
  readonly id: string;
  readonly documentId: string;
  readonly documentTitle: string;
  readonly collectionId: string;
  readonly ordinal: number;
  readonly text: string;
  readonly headingPath: readonly string[];
  readonly page: number | null;
  readonly tokenCount: number;
  readonly startOffset: number;
  readonly endOffset: number;
}

// Readable: the viewer's own, or in a collection shared with everyone.
const readableCollection = `(k.owner_id = $1 OR k.shared)`;

const collectionColumns = `k.id, k.owner_id AS "ownerId", k.name, k.shared, k.language, k.created_at AS "createdAt",
  (SELECT count(*) FROM knowledge_documents d WHERE d.collection_id = k.id)::int AS "documentCount"`;

const documentColumns = `d.id, d.owner_id AS "ownerId", d.collection_id AS "collectionId", d.title, d.file_name AS "fileName",
  d.mime, d.bytes, d.content_hash AS "contentHash", d.status, d.failure_reason AS "failureReason",
  d.chunk_count AS "chunkCount", json_build_object('phase', d.progress_phase, 'done', d.progress_done, 'total', d.progress_total) AS progress, d.page_count AS "pageCount", d.created_at AS "createdAt", d.updated_at AS "updatedAt"`;

function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 20)}`;
}

/** The viewer's collection of this name, created when missing. */
export async function ensureCollection(
  database: Queryable,
  owner: KnowledgeViewer,
  name: string,
  options: { language?: string; signal?: AbortSignal } = {},
): Promise<Collection> {
  await database.query(
    `INSERT INTO knowledge_collections (id, owner_id, name, language) VALUES ($1, $2, $3, $4) ON CONFLICT (owner_id, name) DO NOTHING`,
    [newId("col"), owner.userId, name, options.language ?? "english"],
    { signal: options.signal },
  );
  const [collection] = await database.query<Collection & Record<string, unknown>>(
    `SELECT ${collectionColumns} FROM knowledge_collections k WHERE k.owner_id = $1 AND k.name = $2`,
    [owner.userId, name],
    { signal: options.signal },
  );
  return collection!;
}

/** The collections the viewer may read: their own first, then shared ones, by name. */
export async function listCollections(
  database: Queryable,
  viewer: KnowledgeViewer,
  signal?: AbortSignal,
): Promise<Collection[]> {
  return database.query<Collection & Record<string, unknown>>(
    `SELECT ${collectionColumns} FROM knowledge_collections k WHERE ${readableCollection}
      ORDER BY (k.owner_id = $1) DESC, k.name, k.id`,
    [viewer.userId],
    { signal },
  );
}

/**
 * Finds readable collections by id or name (the viewer's own name first, then a shared one).
 * Throws {@link KnowledgeNotFoundError} naming the first that does not exist for this viewer.
 */
export async function resolveCollections(
  database: Queryable,
  viewer: KnowledgeViewer,
  references: readonly string[],
  signal?: AbortSignal,
): Promise<Collection[]> {
  if (references.length === 0) return [];
  const rows = await database.query<Collection & Record<string, unknown>>(
    `SELECT ${collectionColumns} FROM knowledge_collections k
      WHERE ${readableCollection} AND (k.id = ANY($2::text[]) OR k.name = ANY($2::text[]))
      ORDER BY (k.owner_id = $1) DESC`,
    [viewer.userId, references],
    { signal },
  );
  return references.map((reference) => {
    const found = rows.find((row) => row.id === reference) ?? rows.find((row) => row.name === reference);
    if (found === undefined)
      throw new KnowledgeNotFoundError(`Collection "${reference}" does not exist.`, {
        details: { collection: reference },
      });
    return found;
  });
}

/** Marks a collection shared with everyone (or not). Admins only (the caller checks); false when it does not exist. */
export async function setCollectionShared(
  database: Queryable,
  collectionId: string,
  shared: boolean,
  signal?: AbortSignal,
): Promise<boolean> {
  const rows = await database.query(
    `UPDATE knowledge_collections SET shared = $2 WHERE id = $1 RETURNING id`,
    [collectionId, shared],
    {
      signal,
    },
  );
  return rows.length > 0;
}

/** A new upload, before ingestion. */
export interface NewDocument {
  readonly collectionId: string;
  readonly title: string;
  readonly fileName: string;
  readonly mime: string;
  readonly content: Uint8Array;
  readonly contentHash: string;
}

/**
 * Stores an upload as `pending` with its file; the same content in the same collection is the
 * same document (`created: false`, the stored one returned).
 */
export async function insertDocument(
  database: Queryable,
  owner: KnowledgeViewer,
  document: NewDocument,
  signal?: AbortSignal,
): Promise<{ document: KnowledgeDocument; created: boolean }> {
  const inserted = await database.query<KnowledgeDocument & Record<string, unknown>>(
    `INSERT INTO knowledge_documents AS d (id, owner_id, collection_id, title, file_name, mime, bytes, content_hash, status, content)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9)
     ON CONFLICT (collection_id, content_hash) DO NOTHING
     RETURNING ${documentColumns}`,
    [
      newId("doc"),
      owner.userId,
      document.collectionId,
      document.title,
      document.fileName,
      document.mime,
      document.content.byteLength,
      document.contentHash,
      Buffer.from(document.content),
    ],
    { signal },
  );
  if (inserted[0] !== undefined) return { document: inserted[0], created: true };
  const [existing] = await database.query<KnowledgeDocument & Record<string, unknown>>(
    `SELECT ${documentColumns} FROM knowledge_documents d WHERE d.collection_id = $1 AND d.content_hash = $2`,
    [document.collectionId, document.contentHash],
    { signal },
  );
  return { document: existing!, created: false };
}

/** A document the viewer may read, or `undefined` (someone else's private document included). */
export async function findDocument(
  database: Queryable,
  viewer: KnowledgeViewer,
  id: string,
  signal?: AbortSignal,
): Promise<KnowledgeDocument | undefined> {
  const [row] = await database.query<KnowledgeDocument & Record<string, unknown>>(
    `SELECT ${documentColumns} FROM knowledge_documents d JOIN knowledge_collections k ON k.id = d.collection_id
      WHERE d.id = $2 AND ${readableCollection}`,
    [viewer.userId, id],
    { signal },
  );
  return row;
}

/** The documents the viewer may read, newest first, optionally of some collections only. */
export async function listDocuments(
  database: Queryable,
  viewer: KnowledgeViewer,
  options: { collectionIds?: readonly string[]; signal?: AbortSignal } = {},
): Promise<KnowledgeDocument[]> {
  return database.query<KnowledgeDocument & Record<string, unknown>>(
    `SELECT ${documentColumns} FROM knowledge_documents d JOIN knowledge_collections k ON k.id = d.collection_id
      WHERE ${readableCollection} AND ($2::text[] IS NULL OR d.collection_id = ANY($2::text[]))
      ORDER BY d.created_at DESC, d.id`,
    [viewer.userId, options.collectionIds === undefined ? null : [...options.collectionIds]],
    { signal: options.signal },
  );
}

/** Deletes one of the viewer's own documents with its chunks; false when there is none (or it is not theirs). */
export async function deleteDocument(
  database: Queryable,
  viewer: KnowledgeViewer,
  id: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const rows = await database.query(
    `DELETE FROM knowledge_documents WHERE id = $1 AND owner_id = $2 RETURNING id`,
    [id, viewer.userId],
    {
      signal,
    },
  );
  return rows.length > 0;
}

/** The stored file of a pending document and what ingestion needs to know about it. */
export async function loadPendingDocument(
  database: Queryable,
  id: string,
  signal?: AbortSignal,
): Promise<{ document: KnowledgeDocument; content: Uint8Array; language: string } | undefined> {
  const [row] = await database.query<
    KnowledgeDocument & { content: Uint8Array | null; language: string } & Record<string, unknown>
  >(
    `SELECT ${documentColumns}, d.content, k.language FROM knowledge_documents d
      JOIN knowledge_collections k ON k.id = d.collection_id WHERE d.id = $1 AND d.status = 'pending'`,
    [id],
    { signal },
  );
  if (row === undefined || row.content === null) return undefined;
  const { content, language, ...document } = row;
  return { document, content: new Uint8Array(content), language };
}

/**
 * Stores a document's chunks with their embeddings and search vectors and marks it `ready`, in
 * one transaction's worth of statements (the caller passes a transaction): all or nothing.
 */
export async function storeChunks(
  database: Queryable,
  document: { id: string; collectionId: string; language: string; title: string; pageCount: number | undefined },
  chunks: readonly Chunk[],
  embeddings: readonly ChunkEmbedding[],
  signal?: AbortSignal,
): Promise<void> {
  await database.query(`DELETE FROM knowledge_chunks WHERE document_id = $1`, [document.id], { signal });
  const batch = 200;
  for (let start = 0; start < chunks.length; start += batch) {
    const rows = chunks.slice(start, start + batch).map((chunk, offset) => {
      const embedding = embeddings[start + offset];
      return {
        id: `${document.id}_${chunk.ordinal}`,
        ordinal: chunk.ordinal,
        text: chunk.text,
        heading_path: chunk.headingPath,
        page: chunk.page ?? null,
        token_count: chunk.tokenCount,
        start_offset: chunk.startOffset,
        end_offset: chunk.endOffset,
        embedding: embedding?.vector ?? null,
        embedding_model: embedding?.model ?? null,
        embedding_dimensions: embedding?.vector.length ?? null,
      };
    });
    await database.query(
      `INSERT INTO knowledge_chunks (id, document_id, collection_id, ordinal, text, heading_path, page, token_count,
         start_offset, end_offset, search_vector, embedding, embedding_model, embedding_dimensions)
       SELECT r.id, $2, $3, r.ordinal, r.text, r.heading_path, r.page, r.token_count, r.start_offset, r.end_offset,
              to_tsvector($4::regconfig, $5 || ' ' || array_to_string(r.heading_path, ' ') || ' ' || r.text),
              r.embedding, r.embedding_model, r.embedding_dimensions
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, ordinal int, text text, heading_path text[], page int,
              token_count int, start_offset int, end_offset int, embedding real[], embedding_model text, embedding_dimensions int)`,
      [JSON.stringify(rows), document.id, document.collectionId, document.language, document.title],
      { signal },
    );
  }
  await database.query(
    `UPDATE knowledge_documents SET status = 'ready', failure_reason = NULL, chunk_count = $2, page_count = $3,
            progress_phase = NULL, progress_done = $2, progress_total = $2,
            content = NULL, updated_at = now() WHERE id = $1`,
    [document.id, chunks.length, document.pageCount ?? null],
    { signal },
  );
}

/** Marks a document `failed` with the reason a teacher is shown; its file is dropped. */
export async function markDocumentFailed(
  database: Queryable,
  id: string,
  reason: string,
  signal?: AbortSignal,
): Promise<void> {
  await database.query(
    `UPDATE knowledge_documents SET status = 'failed', failure_reason = $2, progress_phase = NULL, content = NULL, updated_at = now() WHERE id = $1`,
    [id, reason],
    { signal },
  );
}

/** Chunks by id that the viewer may read (others are left out). */
export async function findChunks(
  database: Queryable,
  viewer: KnowledgeViewer,
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<StoredChunk[]> {
  if (ids.length === 0) return [];
  return database.query<StoredChunk & Record<string, unknown>>(
    `SELECT c.id, c.document_id AS "documentId", d.title AS "documentTitle", c.collection_id AS "collectionId", c.ordinal,
            c.text, c.heading_path AS "headingPath", c.page, c.token_count AS "tokenCount",
            c.start_offset AS "startOffset", c.end_offset AS "endOffset"
       FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
       JOIN knowledge_collections k ON k.id = c.collection_id
      WHERE c.id = ANY($2::text[]) AND ${readableCollection}`,
    [viewer.userId, [...ids]],
    { signal },
  );
}

/** Records how far ingestion of a pending document is. */
export async function recordProgress(
  database: Queryable,
  id: string,
  progress: { phase: string; done: number; total: number },
  signal?: AbortSignal,
): Promise<void> {
  await database.query(
    `UPDATE knowledge_documents SET progress_phase = $2, progress_done = $3, progress_total = $4, updated_at = now()
      WHERE id = $1 AND status = 'pending'`,
    [id, progress.phase, progress.done, progress.total],
    { signal },
  );
}

/** Ids of documents still waiting for ingestion, oldest first (sent to the queue again at start). */
export async function listPendingDocumentIds(database: Queryable, signal?: AbortSignal): Promise<string[]> {
  const rows = await database.query<{ id: string }>(
    `SELECT id FROM knowledge_documents WHERE status = 'pending' ORDER BY created_at, id`,
    [],
    { signal },
  );
  return rows.map((row) => row.id);
}
