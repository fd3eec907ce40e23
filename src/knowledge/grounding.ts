import type { Grounding } from "../course/index.ts";
import type { Queryable } from "../db/index.ts";
import type { Retriever } from "./retrieval.ts";
import type { KnowledgeViewer } from "./store.ts";
import type { ResolvedSources } from "./service.ts";

// Headings listed per document in the overview: enough to plan from, small enough for a prompt.
const headingsPerDocument = 30;

/**
 * Grounds a course on resolved sources the viewer may read: the overview lists each document's
 * title and headings; passages are retrieved per lesson (hybrid, relevant only, at most `limit`
 * under `tokenBudget` tokens).
 */
export function createCourseGrounding(options: {
  database: Queryable;
  retriever: Retriever;
  viewer: KnowledgeViewer;
  sources: ResolvedSources;
  tokenBudget: number;
  limit?: number;
}): Grounding {
  const { database, retriever, viewer, sources } = options;
  return {
    async overview(signal) {
      const rows = await database.query<{ title: string; headings: string[] }>(
        `SELECT d.title, ARRAY(SELECT DISTINCT array_to_string(c.heading_path, ' > ') FROM knowledge_chunks c
                                WHERE c.document_id = d.id AND cardinality(c.heading_path) > 0 LIMIT $4) AS headings
           FROM knowledge_documents d JOIN knowledge_collections k ON k.id = d.collection_id
          WHERE d.status = 'ready' AND (k.owner_id = $1 OR k.shared)
            AND (d.collection_id = ANY($2::text[]) OR d.id = ANY($3::text[]))
          ORDER BY d.title, d.id`,
        [viewer.userId, [...sources.collectionIds], [...sources.documentIds], headingsPerDocument],
        { signal },
      );
      return rows
        .map((row) => [`- ${row.title}`, ...row.headings.map((heading) => `  - ${heading}`)].join("\n"))
        .join("\n");
    },
    async passagesFor(query, signal) {
      const chunks = await retriever.retrieve(viewer, {
        query,
        collectionIds: sources.collectionIds,
        documentIds: sources.documentIds,
        limit: options.limit ?? 8,
        tokenBudget: options.tokenBudget,
        signal,
      });
      return chunks.map((chunk) => ({
        chunkId: chunk.id,
        documentId: chunk.documentId,
        title: chunk.documentTitle,
        page: chunk.page,
        text: chunk.text,
      }));
    },
  };
}
