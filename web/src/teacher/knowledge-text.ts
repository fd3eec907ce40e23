// What a teacher reads about documents and citations: pure, so it is tested without a browser.
import type { Citation, KnowledgeDocument, KnowledgeUpload } from "../api/types.ts";

/** True while a document is still being read and embedded. */
export function isIngesting(document: Pick<KnowledgeDocument, "status">): boolean {
  return document.status === "pending";
}

/** A document's state as its badge says it: `Ready`, `Failed`, `Ingesting 3/10 passages` or `Ingesting…`. */
export function documentStatusText(document: Pick<KnowledgeDocument, "status" | "progress">): string {
  if (document.status === "ready") return "Ready";
  if (document.status === "failed") return "Failed";
  const { done, total } = document.progress;
  return total > 0 ? `Ingesting ${done}/${total} passages` : "Ingesting…";
}

/** One sentence about an upload: how many documents went into which collection, and which were already there. */
export function uploadSummary(upload: KnowledgeUpload): string {
  const added = upload.documents.filter((document) => !document.duplicate).length;
  const duplicates = upload.documents.filter((document) => document.duplicate).map((document) => document.fileName);
  const parts = [`${added} ${added === 1 ? "document" : "documents"} added to “${upload.collection.name}”.`];
  if (duplicates.length > 0)
    parts.push(`Already there (the same file): ${duplicates.map((name) => `“${name}”`).join(", ")}.`);
  return parts.join(" ");
}

/** Where a citation comes from: `Title, page 3`, or the title alone when the document has no pages. */
export function citationSource(citation: Pick<Citation, "title" | "page">): string {
  return citation.page === null ? citation.title : `${citation.title}, page ${citation.page}`;
}
