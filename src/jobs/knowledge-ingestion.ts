import type { Database } from "../db/port.ts";
import { listPendingDocumentIds, type KnowledgeService } from "../knowledge/index.ts";
import type { JobQueue } from "./queue.ts";

/** What the ingestion worker needs. */
export interface IngestionWorkerOptions {
  readonly database: Database;
  /** A queue on {@link import("./queue.ts").knowledgeQueueName}. */
  readonly queue: JobQueue;
  readonly knowledge: KnowledgeService;
  /** Documents ingested at once (default 2: extraction is CPU work). */
  readonly concurrency?: number;
  readonly signal: AbortSignal;
}

/**
 * Ingests uploaded documents from the durable queue. The document row is the source of truth
 * (`pending` until ingested): at start every pending document is sent again, so uploads of a
 * process that stopped mid-ingestion are not lost; a message for a document already ingested or
 * deleted is skipped. A failure of the embedding provider throws, and the queue delivers the
 * message again later; an unreadable file ends as `failed` with its reason.
 */
export async function startIngestionWorker(options: IngestionWorkerOptions): Promise<void> {
  for (const documentId of await listPendingDocumentIds(options.database, options.signal))
    await options.queue.enqueue(documentId, 0, options.signal);
  await options.queue.work((documentId) => options.knowledge.ingest(documentId, options.signal), {
    concurrency: options.concurrency ?? 2,
    signal: options.signal,
  });
}
