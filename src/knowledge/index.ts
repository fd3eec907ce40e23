// The knowledge base: teachers' documents read (PDF, DOCX, HTML, Markdown, text), chunked,
// embedded and stored; hybrid retrieval (full text + vectors, fused) scoped to what a user may read.
export { chunkDocument, type Chunk, type ChunkedDocument, type ChunkingOptions } from "./chunking.ts";
export {
  KnowledgeFileTooLargeError,
  KnowledgeNotFoundError,
  KnowledgeQuotaExceededError,
  UnreadableDocumentError,
  UnsupportedDocumentTypeError,
} from "./errors.ts";
export {
  detectFormat,
  documentFormats,
  extractDocument,
  formatMimeTypes,
  supportedTypesDescription,
  type DocumentBlock,
  type DocumentFormat,
  type ExtractedDocument,
} from "./extract/index.ts";
export {
  addDocument,
  ingestDocument,
  storageUsage,
  type IngestionDependencies,
  type IngestionProgress,
  type StorageQuota,
  type StorageUsage,
  type Upload,
} from "./ingest.ts";
export {
  createRetriever,
  isRelevant,
  selectWithinBudget,
  type RetrievalMode,
  type RetrievalRequest,
  type RetrievedChunk,
  type Retriever,
  type RetrieverOptions,
} from "./retrieval.ts";
export {
  deleteDocument,
  ensureCollection,
  findChunks,
  findDocument,
  listCollections,
  listDocuments,
  resolveCollections,
  setCollectionShared,
  type Collection,
  type DocumentStatus,
  type KnowledgeDocument,
  type KnowledgeViewer,
  type StoredChunk,
} from "./store.ts";
export { detectVectorSearch, ensureVectorIndex, type VectorSearchMode } from "./vector-index.ts";
export {
  createKnowledgeService,
  type KnowledgeService,
  type KnowledgeServiceOptions,
  type KnowledgeSettings,
  type KnowledgeSources,
  type ResolvedSources,
} from "./service.ts";
export { listPendingDocumentIds, recordProgress } from "./store.ts";
export { createCourseGrounding } from "./grounding.ts";
export { reembedChunks, type ReembedOutcome, type ReembedProgress } from "./reembed.ts";
