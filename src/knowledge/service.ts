import type { Database } from "../db/index.ts";
import { InvalidInputError } from "../errors/index.ts";
import type { Embedder } from "../llm/index.ts";
import type { ChunkingOptions } from "./chunking.ts";
import { KnowledgeFileTooLargeError, KnowledgeNotFoundError } from "./errors.ts";
import type { Grounding } from "../course/index.ts";
import { createCourseGrounding } from "./grounding.ts";
import { detectFormat } from "./extract/index.ts";
import {
  addDocument,
  ingestDocument,
  storageUsage,
  type IngestionProgress,
  type StorageQuota,
  type StorageUsage,
  type Upload,
} from "./ingest.ts";
import { reembedChunks, type ReembedOutcome, type ReembedProgress } from "./reembed.ts";
import { createRetriever, type RetrievalMode, type RetrievedChunk, type Retriever } from "./retrieval.ts";
import {
  deleteDocument,
  ensureCollection,
  findDocument,
  listCollections,
  listDocuments,
  recordProgress,
  resolveCollections,
  setCollectionShared,
  type Collection,
  type KnowledgeDocument,
  type KnowledgeViewer,
} from "./store.ts";
import type { VectorSearchMode } from "./vector-index.ts";

/** Limits and tuning of the knowledge base (`config.knowledge`). */
export interface KnowledgeSettings {
  readonly maxUploadBytes: number;
  readonly quota: StorageQuota;
  readonly minimumSimilarity: number;
  /** Tokens of excerpts given to the model per lesson. */
  readonly tokenBudget: number;
}

/** Which material a request names: collections (ids or names) and single documents (ids). */
export interface KnowledgeSources {
  readonly collections?: readonly string[];
  readonly documents?: readonly string[];
}

/** Sources resolved to ids the viewer may read. */
export interface ResolvedSources {
  readonly collectionIds: readonly string[];
  readonly documentIds: readonly string[];
}

/** The knowledge base as the API, the CLI and generation use it. */
export interface KnowledgeService {
  readonly settings: KnowledgeSettings;
  readonly retriever: Retriever;
  /**
   * Stores uploads as pending documents of the viewer's collection `collectionName` (created when
   * missing) and hands each new one to `schedule` (the durable queue), or ingests it at once.
   * Checks every file first: too large (413), unsupported (415), over quota (429): nothing is stored then.
   */
  upload(
    viewer: KnowledgeViewer,
    collectionName: string,
    uploads: readonly Upload[],
    signal?: AbortSignal,
  ): Promise<{ collection: Collection; documents: { document: KnowledgeDocument; created: boolean }[] }>;
  /** Runs ingestion of one pending document (the queue's job), recording its progress. */
  ingest(documentId: string, signal?: AbortSignal): Promise<void>;
  listCollections(viewer: KnowledgeViewer, signal?: AbortSignal): Promise<Collection[]>;
  listDocuments(
    viewer: KnowledgeViewer,
    collections?: readonly string[],
    signal?: AbortSignal,
  ): Promise<KnowledgeDocument[]>;
  /** @throws {KnowledgeNotFoundError} for a document that does not exist for this viewer. */
  getDocument(viewer: KnowledgeViewer, id: string, signal?: AbortSignal): Promise<KnowledgeDocument>;
  /** @throws {KnowledgeNotFoundError} for a document that is not the viewer's own. */
  deleteDocument(viewer: KnowledgeViewer, id: string, signal?: AbortSignal): Promise<void>;
  /**
   * Resolves a request's sources. Throws {@link InvalidInputError} (400) naming a collection that
   * does not exist or has no ready document, or a document that does not exist (deleted) or is not ready.
   */
  resolveSources(viewer: KnowledgeViewer, sources: KnowledgeSources, signal?: AbortSignal): Promise<ResolvedSources>;
  /** Retrieval over readable sources. @throws {KnowledgeNotFoundError} for a source that does not exist for this viewer. */
  search(
    viewer: KnowledgeViewer,
    request: { query: string; sources: KnowledgeSources; limit?: number; mode?: RetrievalMode; signal?: AbortSignal },
  ): Promise<RetrievedChunk[]>;
  usage(viewer: KnowledgeViewer, signal?: AbortSignal): Promise<StorageUsage>;
  /** The material of one course: resolved sources, read as `viewer`. */
  grounding(viewer: KnowledgeViewer, sources: ResolvedSources): Grounding;
  /**
   * Re-embeds the chunks embedded with another model or size than the configured one (every
   * user's: an operator's task after a model change); resumable (see {@link reembedChunks}).
   */
  reembed(options?: {
    signal?: AbortSignal;
    onProgress?: (progress: ReembedProgress) => void;
  }): Promise<ReembedOutcome>;
  /** Shares a collection with everyone or stops (the caller checks the admin role); false when it does not exist. */
  setShared(collectionId: string, shared: boolean, signal?: AbortSignal): Promise<boolean>;
}

/** Options of {@link createKnowledgeService}. */
export interface KnowledgeServiceOptions {
  readonly database: Database;
  readonly embedder: Embedder;
  readonly vectorSearch: VectorSearchMode;
  readonly settings: KnowledgeSettings;
  readonly chunking?: ChunkingOptions;
  /** Sends a document id to the ingestion queue; absent: ingestion runs inside `upload`. */
  readonly schedule?: (documentId: string, signal?: AbortSignal) => Promise<void>;
}

/** Builds the {@link KnowledgeService}. */
export function createKnowledgeService(options: KnowledgeServiceOptions): KnowledgeService {
  const { database, embedder, settings } = options;
  const retriever = createRetriever({
    database,
    embedder,
    vectorSearch: options.vectorSearch,
    minimumSimilarity: settings.minimumSimilarity,
  });
  const dependencies = {
    database,
    embedder,
    ...(options.chunking === undefined ? {} : { chunking: options.chunking }),
  };

  async function ingest(documentId: string, signal?: AbortSignal): Promise<void> {
    // Progress is recorded in order, never holding ingestion up; the last record is awaited.
    let recorded = Promise.resolve();
    try {
      await ingestDocument(dependencies, documentId, {
        ...(signal === undefined ? {} : { signal }),
        onProgress: (progress: IngestionProgress) => {
          recorded = recorded.then(() => recordProgress(database, documentId, progress, signal).catch(() => undefined));
        },
      });
    } finally {
      await recorded;
    }
  }

  // Readable collections and documents, or KnowledgeNotFoundError naming the first missing one.
  async function resolve(viewer: KnowledgeViewer, sources: KnowledgeSources, signal?: AbortSignal) {
    const collections = await resolveCollections(database, viewer, sources.collections ?? [], signal);
    const documents: KnowledgeDocument[] = [];
    for (const id of sources.documents ?? []) {
      const document = await findDocument(database, viewer, id, signal);
      if (document === undefined)
        throw new KnowledgeNotFoundError(`Document "${id}" does not exist (or was deleted).`, {
          details: { document: id },
        });
      documents.push(document);
    }
    return { collections, documents };
  }

  async function resolveSources(
    viewer: KnowledgeViewer,
    sources: KnowledgeSources,
    signal?: AbortSignal,
  ): Promise<ResolvedSources> {
    let resolved: Awaited<ReturnType<typeof resolve>>;
    try {
      resolved = await resolve(viewer, sources, signal);
    } catch (error) {
      if (error instanceof KnowledgeNotFoundError)
        throw new InvalidInputError(error.message, { details: error.details });
      throw error;
    }
    for (const collection of resolved.collections) {
      const documents = await listDocuments(database, viewer, {
        collectionIds: [collection.id],
        ...(signal === undefined ? {} : { signal }),
      });
      if (!documents.some((document) => document.status === "ready"))
        throw new InvalidInputError(`Collection "${collection.name}" has no ready document to ground a course on.`, {
          details: { collection: collection.name },
          suggestion: "Upload documents to it (and wait until they are ready), or leave it out.",
        });
    }
    for (const document of resolved.documents)
      if (document.status !== "ready")
        throw new InvalidInputError(
          `Document "${document.id}" is ${document.status}${document.failureReason ? ` (${document.failureReason})` : ""}; only ready documents can be used.`,
          { details: { document: document.id, status: document.status } },
        );
    return {
      collectionIds: resolved.collections.map((collection) => collection.id),
      documentIds: resolved.documents.map((document) => document.id),
    };
  }

  return {
    settings,
    retriever,
    async upload(viewer, collectionName, uploads, signal) {
      for (const upload of uploads) {
        if (upload.content.byteLength > settings.maxUploadBytes)
          throw new KnowledgeFileTooLargeError(upload.fileName, settings.maxUploadBytes);
        detectFormat(upload.fileName, upload.mimeType);
      }
      const collection = await ensureCollection(database, viewer, collectionName, {
        ...(signal === undefined ? {} : { signal }),
      });
      const documents: { document: KnowledgeDocument; created: boolean }[] = [];
      for (const upload of uploads) {
        const added = await addDocument(database, viewer, collection.id, upload, {
          quota: settings.quota,
          ...(signal === undefined ? {} : { signal }),
        });
        documents.push(added);
        if (!added.created) continue;
        if (options.schedule !== undefined) await options.schedule(added.document.id, signal);
        else await ingest(added.document.id, signal);
      }
      const current = await Promise.all(
        documents.map(async (entry) => ({
          ...entry,
          document: (await findDocument(database, viewer, entry.document.id, signal)) ?? entry.document,
        })),
      );
      return { collection, documents: current };
    },
    ingest,
    listCollections: (viewer, signal) => listCollections(database, viewer, signal),
    async listDocuments(viewer, collections, signal) {
      const collectionIds =
        collections === undefined || collections.length === 0
          ? undefined
          : (await resolveCollections(database, viewer, collections, signal)).map((collection) => collection.id);
      return listDocuments(database, viewer, {
        ...(collectionIds === undefined ? {} : { collectionIds }),
        ...(signal === undefined ? {} : { signal }),
      });
    },
    async getDocument(viewer, id, signal) {
      const document = await findDocument(database, viewer, id, signal);
      if (document === undefined) throw new KnowledgeNotFoundError(`No document ${id}.`, { details: { document: id } });
      return document;
    },
    async deleteDocument(viewer, id, signal) {
      if (!(await deleteDocument(database, viewer, id, signal)))
        throw new KnowledgeNotFoundError(`No document ${id}.`, { details: { document: id } });
    },
    resolveSources,
    async search(viewer, request) {
      const resolved = await resolve(viewer, request.sources, request.signal);
      return retriever.retrieve(viewer, {
        query: request.query,
        collectionIds: resolved.collections.map((collection) => collection.id),
        documentIds: resolved.documents.map((document) => document.id),
        limit: request.limit ?? 8,
        tokenBudget: settings.tokenBudget,
        ...(request.mode === undefined ? {} : { mode: request.mode }),
        ...(request.signal === undefined ? {} : { signal: request.signal }),
      });
    },
    usage: (viewer, signal) => storageUsage(database, viewer.userId, signal),
    grounding: (viewer, sources) =>
      createCourseGrounding({ database, retriever, viewer, sources, tokenBudget: settings.tokenBudget }),
    reembed: (reembedOptions) => reembedChunks(database, embedder, reembedOptions),
    setShared: (collectionId, shared, signal) => setCollectionShared(database, collectionId, shared, signal),
  };
}
