import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { ApiError } from "../api/client.ts";
import type { KnowledgeCollection, KnowledgeDocument, KnowledgeSearch, KnowledgeUpload } from "../api/types.ts";
import { useSession } from "../session/index.tsx";
import { EmptyState, ErrorState, formatCount, formatDateTime, ResourceView, useApiResource } from "../ui/index.tsx";
import { documentStatusText, isIngesting, uploadSummary } from "./knowledge-text.ts";

// The file types the API reads (docs/knowledge.md); the API still says so when another is sent.
const acceptedFiles = ".pdf,.docx,.html,.htm,.md,.markdown,.txt,application/pdf,text/markdown,text/plain,text/html";
// While a document is being ingested, its progress is read again this often.
const progressPollMilliseconds = 1_500;

function useCollections() {
  return useApiResource("knowledge-collections", (api, signal) =>
    api.get<{ collections: KnowledgeCollection[] }>("/v1/knowledge/collections", { signal }),
  );
}

function UploadForm({ collections, onUploaded }: { collections: readonly KnowledgeCollection[]; onUploaded(): void }) {
  const { api } = useSession();
  const prefix = useId();
  const files = useRef<HTMLInputElement>(null);
  const [collection, setCollection] = useState("default");
  const [uploading, setUploading] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [collectionError, setCollectionError] = useState<string | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(undefined);
    setCollectionError(undefined);
    setDone(undefined);
    const chosen = [...(files.current?.files ?? [])];
    if (chosen.length === 0) {
      setFailure(new Error("Choose one or more files to upload (PDF, Word, HTML, Markdown or plain text)."));
      files.current?.focus();
      return;
    }
    const form = new FormData();
    form.append("collection", collection);
    for (const file of chosen) form.append("file", file, file.name);
    setUploading(true);
    try {
      const uploaded = await api.post<KnowledgeUpload>("/v1/knowledge/documents", form);
      setDone(uploadSummary(uploaded));
      if (files.current !== null) files.current.value = "";
      onUploaded();
    } catch (error) {
      if (error instanceof ApiError && error.field === "collection") setCollectionError(error.message);
      else setFailure(error);
    } finally {
      setUploading(false);
    }
  };

  return (
    <form className="card form-grid" onSubmit={submit} noValidate aria-busy={uploading} aria-label="Upload documents">
      <h2>Upload</h2>
      <div className={`field${collectionError === undefined ? "" : " has-error"}`}>
        <label htmlFor={`${prefix}-collection`}>Collection</label>
        <p className="hint" id={`${prefix}-collection-hint`}>
          A name for a group of documents, e.g. “biology”; a new name makes a new collection.
        </p>
        <input
          id={`${prefix}-collection`}
          list={`${prefix}-collections`}
          value={collection}
          onChange={(event) => setCollection(event.target.value)}
          aria-invalid={collectionError !== undefined}
          aria-describedby={
            `${prefix}-collection-hint` + (collectionError === undefined ? "" : ` ${prefix}-collection-error`)
          }
        />
        <datalist id={`${prefix}-collections`}>
          {collections
            .filter((entry) => entry.own)
            .map((entry) => (
              <option key={entry.id} value={entry.name} />
            ))}
        </datalist>
        {collectionError !== undefined && (
          <p className="field-error" id={`${prefix}-collection-error`}>
            {collectionError}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-files`}>Files</label>
        <p className="hint" id={`${prefix}-files-hint`}>
          PDF (with a text layer), Word (.docx), HTML, Markdown or plain text; up to 10 files at once.
        </p>
        <input
          id={`${prefix}-files`}
          ref={files}
          type="file"
          multiple
          accept={acceptedFiles}
          aria-describedby={`${prefix}-files-hint`}
        />
      </div>
      {failure !== undefined && <ErrorState error={failure} />}
      {done !== undefined && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={uploading}>
          {uploading ? "Uploading…" : "Upload"}
        </button>
      </div>
    </form>
  );
}

function DocumentItem({
  document,
  collectionName,
  onDeleted,
}: {
  document: KnowledgeDocument;
  collectionName: string | undefined;
  onDeleted(): void;
}) {
  const { api } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const remove = async () => {
    setDeleting(true);
    setFailure(undefined);
    try {
      await api.del(`/v1/knowledge/documents/${encodeURIComponent(document.id)}`);
      onDeleted();
    } catch (error) {
      setFailure(error);
      setDeleting(false);
    }
  };
  const { done, total } = document.progress;
  return (
    <li className="item" data-document-id={document.id}>
      <span className="item-title">{document.title}</span>
      <span className={`status status-document-${document.status}`}>{documentStatusText(document)}</span>
      <span className="muted">
        {document.fileName} · {collectionName ?? document.collectionId}
        {document.pageCount !== null ? ` · ${formatCount(document.pageCount)} pages` : ""}
        {document.status === "ready" ? ` · ${formatCount(document.chunkCount)} passages` : ""} ·{" "}
        {formatDateTime(document.createdAt, "minute")}
      </span>
      {isIngesting(document) && total > 0 && (
        <progress className="document-progress" max={total} value={done} aria-label={`Ingesting ${document.title}`} />
      )}
      {document.status === "failed" && document.failureReason !== null && (
        <span className="failure-reason">{document.failureReason}</span>
      )}
      <span className="item-actions">
        {confirming ? (
          <>
            <button type="button" className="danger" onClick={remove} disabled={deleting}>
              {deleting ? "Deleting…" : `Delete “${document.title}”`}
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={deleting}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} aria-label={`Delete ${document.title}`}>
            Delete
          </button>
        )}
      </span>
      {failure !== undefined && <ErrorState error={failure} />}
    </li>
  );
}

// A Markdown or HTML document's title is often its first heading: not said twice.
function headingsBelowTitle(result: KnowledgeSearch["results"][number]): readonly string[] {
  return result.headingPath[0] === result.title ? result.headingPath.slice(1) : result.headingPath;
}

function SearchForm({ collections }: { collections: readonly KnowledgeCollection[] }) {
  const { api } = useSession();
  const prefix = useId();
  const [query, setQuery] = useState("");
  const [collection, setCollection] = useState("");
  const [searching, setSearching] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [results, setResults] = useState<KnowledgeSearch["results"] | undefined>(undefined);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(undefined);
    setSearching(true);
    try {
      const parameters = new URLSearchParams({ q: query });
      if (collection !== "") parameters.set("collection", collection);
      const answer = await api.get<KnowledgeSearch>(`/v1/knowledge/search?${parameters.toString()}`);
      setResults(answer.results);
    } catch (error) {
      setFailure(error);
      setResults(undefined);
    } finally {
      setSearching(false);
    }
  };
  return (
    <section aria-labelledby={`${prefix}-title`}>
      <h2 id={`${prefix}-title`}>Try a search</h2>
      <p className="muted">The passages a lesson on these words would be written from, best first.</p>
      <form className="card form-grid" onSubmit={submit} noValidate aria-busy={searching} role="search">
        <div className="field">
          <label htmlFor={`${prefix}-query`}>Search for</label>
          <input id={`${prefix}-query`} value={query} onChange={(event) => setQuery(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-in`}>Search in</label>
          <select id={`${prefix}-in`} value={collection} onChange={(event) => setCollection(event.target.value)}>
            <option value="">All collections</option>
            {collections.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.name}
                {entry.own ? "" : " (shared)"}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit" disabled={searching}>
            {searching ? "Searching…" : "Search"}
          </button>
        </div>
      </form>
      {failure !== undefined && <ErrorState error={failure} />}
      {results !== undefined &&
        (results.length === 0 ? (
          <EmptyState>Nothing relevant: a lesson on these words would be written without your documents.</EmptyState>
        ) : (
          <ol className="search-results" aria-label="Search results">
            {results.map((result) => (
              <li key={result.chunkId} className="card">
                <p className="citation-source">
                  <strong>{result.title}</strong>
                  {result.page !== null && `, page ${result.page}`}
                  {headingsBelowTitle(result).length > 0 && ` · ${headingsBelowTitle(result).join(" › ")}`}
                </p>
                <p className="excerpt">{result.text}</p>
              </li>
            ))}
          </ol>
        ))}
    </section>
  );
}

/** Documents: upload files into collections, follow their ingestion, delete them, and try retrieval. */
export function DocumentsPage() {
  const collections = useCollections();
  const documents = useApiResource("knowledge-documents", (api, signal) =>
    api.get<{ documents: KnowledgeDocument[] }>("/v1/knowledge/documents", { signal }),
  );
  const reloadDocuments = documents.reload;
  const reloadCollections = collections.reload;
  const ingesting = documents.resource.kind === "ready" && documents.resource.data.documents.some(isIngesting);
  const refreshing = documents.resource.kind === "ready" && documents.resource.refreshing;
  // Read the list again while something is being ingested, until every document is ready or failed.
  useEffect(() => {
    if (!ingesting || refreshing) return;
    const timer = setTimeout(reloadDocuments, progressPollMilliseconds);
    return () => clearTimeout(timer);
  }, [ingesting, refreshing, reloadDocuments]);
  const known = collections.resource.kind === "ready" ? collections.resource.data.collections : [];
  const names = new Map(known.map((entry) => [entry.id, entry.name]));
  const changed = () => {
    reloadDocuments();
    reloadCollections();
  };
  return (
    <>
      <h1>Documents</h1>
      <p className="lede">
        Your syllabus, textbook chapters and notes. A course grounded on them is written from their passages, and every
        section cites the page it relies on. Pick them on the <Link to="/new">new course</Link> form.
      </p>
      <UploadForm collections={known} onUploaded={changed} />
      <section aria-labelledby="documents-title">
        <h2 id="documents-title">Your documents</h2>
        <ResourceView resource={documents.resource} reload={reloadDocuments} label="Loading your documents…">
          {(data) =>
            data.documents.length === 0 ? (
              <EmptyState>No documents yet. Upload a file above.</EmptyState>
            ) : (
              <ul className="item-list" aria-label="Documents">
                {data.documents.map((document) => (
                  <DocumentItem
                    key={document.id}
                    document={document}
                    collectionName={names.get(document.collectionId)}
                    onDeleted={changed}
                  />
                ))}
              </ul>
            )
          }
        </ResourceView>
      </section>
      <SearchForm collections={known} />
    </>
  );
}
