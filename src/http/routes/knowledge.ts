import { z } from "zod";
import { CourseforgeError, InvalidInputError } from "../../errors/index.ts";
import {
  supportedTypesDescription,
  type KnowledgeDocument,
  type KnowledgeService,
  type KnowledgeViewer,
  type RetrievedChunk,
  type Upload,
} from "../../knowledge/index.ts";
import type { Caller } from "../../users/index.ts";
import { NotFoundError } from "../errors.ts";
import { route, type RouteDefinition } from "../route.ts";
import {
  CollectionResponse,
  ErrorResponse,
  KnowledgeDocumentResponse,
  SearchResponse,
  UploadResponse,
} from "../schemas.ts";
import { readBodyBytes } from "../validation.ts";

// The knowledge base: upload documents into collections, list, read, delete, and try retrieval
// (docs/knowledge.md). Everything is scoped to the caller: another user's documents are 404.

const documentId = z
  .string()
  .regex(/^doc_[A-Za-z0-9]{1,64}$/, { error: 'must be a document id like "doc_3f9c0d2b8e1a47c6b5d4"' });
const collectionId = z
  .string()
  .regex(/^col_[A-Za-z0-9]{1,64}$/, { error: 'must be a collection id like "col_3f9c0d2b8e1a47c6b5d4"' });
const collectionName = z
  .string()
  .trim()
  .min(1, { error: "must not be empty" })
  .max(100, { error: "must be at most 100 characters" })
  .regex(/^[^\p{Cc}\p{Cs}]+$/u, { error: "must not contain control characters" });
/** A collection by id (`col_…`) or by name. */
const collectionReference = collectionName;

const DocumentParams = z.strictObject({ id: documentId });
const CollectionParams = z.strictObject({ id: collectionId });
const DocumentListQuery = z.strictObject({ collection: collectionReference.optional() });
const SearchQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1, { error: "must not be empty" })
    .max(2_000, { error: "must be at most 2000 characters" })
    .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\p{Cs}]*$/u, {
      error: "must not contain control characters",
    }),
  collection: collectionReference.optional().describe("A collection id or name; several separated by commas."),
  document: z
    .string()
    .regex(/^[A-Za-z0-9_, ]*$/u, { error: 'must be document ids like "doc_3f9c0d2b8e1a47c6b5d4", separated by commas' })
    .optional()
    .describe("Document ids separated by commas."),
  limit: z.coerce.number().int().min(1).max(50).optional(),
  mode: z.enum(["hybrid", "fulltext", "vector"]).optional(),
});
const ShareBody = z.strictObject({ shared: z.boolean() });

const notFound = { description: "No such document for you (someone else's included).", schema: ErrorResponse };
const invalid = { description: "A bad field; `details.field` names it.", schema: ErrorResponse };

// Room for the form's boundaries and fields around the files.
const multipartOverheadBytes = 64 * 1024;
const maxFilesPerUpload = 10;

function viewerOf(caller: Caller): KnowledgeViewer {
  return { userId: caller.userId, isAdmin: caller.role === "admin" };
}

function knowledgeOf(service: KnowledgeService | undefined): KnowledgeService {
  if (service === undefined) throw new NotFoundError("The knowledge base is not enabled on this server.");
  return service;
}

function presentDocument(document: KnowledgeDocument): z.infer<typeof KnowledgeDocumentResponse> {
  return {
    id: document.id,
    collectionId: document.collectionId,
    title: document.title,
    fileName: document.fileName,
    mime: document.mime,
    bytes: document.bytes,
    contentHash: document.contentHash,
    status: document.status,
    failureReason: document.failureReason,
    chunkCount: document.chunkCount,
    pageCount: document.pageCount,
    progress: document.progress,
    createdAt: document.createdAt.toISOString(),
    updatedAt: document.updatedAt.toISOString(),
  };
}

function presentChunk(chunk: RetrievedChunk): z.infer<typeof SearchResponse>["results"][number] {
  return {
    chunkId: chunk.id,
    documentId: chunk.documentId,
    title: chunk.documentTitle,
    page: chunk.page,
    headingPath: [...chunk.headingPath],
    text: chunk.text,
    score: chunk.score,
  };
}

const splitList = (value: string | undefined): string[] =>
  value === undefined
    ? []
    : value
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== "");

async function readUploads(request: Request, limitBytes: number): Promise<{ collection: string; uploads: Upload[] }> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType))
    throw new CourseforgeError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Upload documents as multipart/form-data (one or more "file" fields); got ${contentType || "no content type"}.`,
      { details: { contentType } },
    );
  const bytes = await readBodyBytes(request, limitBytes * maxFilesPerUpload + multipartOverheadBytes);
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  } catch (error) {
    throw new InvalidInputError("The multipart body could not be parsed.", {
      cause: error,
      details: { field: "body" },
    });
  }
  const uploads: Upload[] = [];
  let collection = "default";
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") {
      if (field !== "collection")
        throw new InvalidInputError(`Unknown form field "${field}": send "file" (one or more) and "collection".`, {
          details: { field },
        });
      const parsed = collectionName.safeParse(value);
      if (!parsed.success)
        throw new InvalidInputError(`Invalid body: collection: ${parsed.error.issues[0]?.message ?? "is invalid"}.`, {
          details: { field: "collection" },
        });
      collection = parsed.data;
      continue;
    }
    const fileName = value.name.trim();
    if (fileName === "" || fileName.length > 255 || /[\p{Cc}\p{Cs}]/u.test(fileName))
      throw new InvalidInputError("Each file needs a name of 1 to 255 printable characters.", { details: { field } });
    uploads.push({ fileName, mimeType: value.type, content: new Uint8Array(await value.arrayBuffer()) });
  }
  if (uploads.length === 0)
    throw new InvalidInputError(`Send at least one file (a "file" field). Supported: ${supportedTypesDescription}.`, {
      details: { field: "file" },
    });
  if (uploads.length > maxFilesPerUpload)
    throw new InvalidInputError(`At most ${maxFilesPerUpload} files per upload.`, { details: { field: "file" } });
  return { collection, uploads };
}

/** The knowledge-base routes. */
export const knowledgeRoutes: readonly RouteDefinition[] = [
  route(
    {
      method: "post",
      path: "/v1/knowledge/documents",
      operationId: "uploadDocuments",
      summary: "Upload documents into a collection",
      description: `multipart/form-data with one or more \`file\` fields and an optional \`collection\` (a name; created when missing, default \`default\`). Supported: ${supportedTypesDescription}. Each document is ingested by a durable job: poll \`GET /v1/knowledge/documents/:id\` for \`status\` and \`progress\`. The same file twice in a collection is one document (\`duplicate: true\`).`,
      tag: "knowledge",
      access: "user",
      responses: {
        202: { description: "Stored; ingestion queued.", schema: UploadResponse },
        400: invalid,
        413: { description: "A file is larger than the upload limit.", schema: ErrorResponse },
        415: {
          description: "A file type that is not supported (the supported ones are listed).",
          schema: ErrorResponse,
        },
        429: { description: "Your knowledge-base storage quota is used up.", schema: ErrorResponse },
      },
    },
    async ({ context, caller, dependencies }) => {
      const knowledge = knowledgeOf(dependencies.knowledge);
      const signal = context.req.raw.signal;
      const { collection, uploads } = await readUploads(context.req.raw, knowledge.settings.maxUploadBytes);
      const stored = await knowledge.upload(viewerOf(caller), collection, uploads, signal);
      return context.json(
        {
          collection: { id: stored.collection.id, name: stored.collection.name },
          documents: stored.documents.map((entry) => ({
            ...presentDocument(entry.document),
            duplicate: !entry.created,
          })),
        },
        202,
      );
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/knowledge/documents",
      operationId: "listDocuments",
      summary: "Your documents (and those of collections shared with everyone), newest first",
      tag: "knowledge",
      access: "user",
      query: DocumentListQuery,
      responses: {
        200: { description: "The documents.", schema: z.object({ documents: z.array(KnowledgeDocumentResponse) }) },
        400: invalid,
        404: { description: "No such collection for you.", schema: ErrorResponse },
      },
    },
    async ({ context, caller, dependencies, query }) => {
      const knowledge = knowledgeOf(dependencies.knowledge);
      const documents = await knowledge.listDocuments(
        viewerOf(caller),
        query.collection === undefined ? undefined : [query.collection],
        context.req.raw.signal,
      );
      return context.json({ documents: documents.map(presentDocument) }, 200);
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/knowledge/documents/:id",
      operationId: "getDocument",
      summary: "One document: status, failure reason, ingestion progress",
      tag: "knowledge",
      access: "user",
      params: DocumentParams,
      responses: {
        200: { description: "The document.", schema: KnowledgeDocumentResponse },
        400: invalid,
        404: notFound,
      },
    },
    async ({ context, caller, dependencies, params }) => {
      const document = await knowledgeOf(dependencies.knowledge).getDocument(
        viewerOf(caller),
        params.id,
        context.req.raw.signal,
      );
      return context.json(presentDocument(document), 200);
    },
  ),
  route(
    {
      method: "delete",
      path: "/v1/knowledge/documents/:id",
      operationId: "deleteDocument",
      summary: "Delete one of your documents and its chunks",
      tag: "knowledge",
      access: "user",
      params: DocumentParams,
      responses: { 204: { description: "Deleted." }, 400: invalid, 404: notFound },
    },
    async ({ context, caller, dependencies, params }) => {
      await knowledgeOf(dependencies.knowledge).deleteDocument(viewerOf(caller), params.id, context.req.raw.signal);
      return context.body(null, 204);
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/knowledge/collections",
      operationId: "listCollections",
      summary: "Your collections, then those shared with everyone",
      tag: "knowledge",
      access: "user",
      responses: {
        200: { description: "The collections.", schema: z.object({ collections: z.array(CollectionResponse) }) },
      },
    },
    async ({ context, caller, dependencies }) => {
      const collections = await knowledgeOf(dependencies.knowledge).listCollections(
        viewerOf(caller),
        context.req.raw.signal,
      );
      return context.json(
        {
          collections: collections.map((collection) => ({
            id: collection.id,
            name: collection.name,
            shared: collection.shared,
            own: collection.ownerId === caller.userId,
            language: collection.language,
            documentCount: collection.documentCount,
            createdAt: collection.createdAt.toISOString(),
          })),
        },
        200,
      );
    },
  ),
  route(
    {
      method: "put",
      path: "/v1/knowledge/collections/:id/shared",
      operationId: "shareCollection",
      summary: "Share a collection with everyone, or stop sharing it (admins)",
      tag: "knowledge",
      access: "admin",
      params: CollectionParams,
      body: ShareBody,
      responses: {
        204: { description: "Done." },
        400: invalid,
        403: { description: "The caller is not an admin.", schema: ErrorResponse },
        404: { description: "No such collection.", schema: ErrorResponse },
      },
    },
    async ({ context, dependencies, params, body }) => {
      const knowledge = knowledgeOf(dependencies.knowledge);
      if (!(await knowledge.setShared(params.id, body.shared, context.req.raw.signal)))
        throw new NotFoundError(`No collection ${params.id}.`);
      return context.body(null, 204);
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/knowledge/search",
      operationId: "searchKnowledge",
      summary: "Try retrieval: the excerpts a lesson on `q` would be given",
      description:
        "Hybrid full-text and vector search over the named collections (ids or names) and documents, or all of yours when none is named.",
      tag: "knowledge",
      access: "user",
      query: SearchQuery,
      responses: {
        200: { description: "Best first; empty when nothing is relevant.", schema: SearchResponse },
        400: invalid,
        404: { description: "A collection or document that does not exist for you.", schema: ErrorResponse },
      },
    },
    async ({ context, caller, dependencies, query }) => {
      const knowledge = knowledgeOf(dependencies.knowledge);
      const viewer = viewerOf(caller);
      const signal = context.req.raw.signal;
      let collections = splitList(query.collection);
      const documents = splitList(query.document);
      if (collections.length === 0 && documents.length === 0)
        collections = (await knowledge.listCollections(viewer, signal)).map((collection) => collection.id);
      if (collections.length === 0 && documents.length === 0) return context.json({ results: [] }, 200);
      const results = await knowledge.search(viewer, {
        query: query.q,
        sources: { collections, documents },
        ...(query.limit === undefined ? {} : { limit: query.limit }),
        ...(query.mode === undefined ? {} : { mode: query.mode }),
        signal,
      });
      return context.json({ results: results.map(presentChunk) }, 200);
    },
  ),
];
