-- Knowledge base: teachers' documents, split into chunks that are searched by full text and by
-- embedding. Embeddings are `real[]` (unit length) so this runs on PGlite and on a server without
-- pgvector; where pgvector exists the search casts them to `vector` and uses an HNSW index built
-- at run time (src/knowledge/vector-index.ts), since CREATE EXTENSION cannot be in a migration
-- that must also run where the extension is missing.

CREATE TABLE IF NOT EXISTS knowledge_collections (
  id            text PRIMARY KEY,
  owner_id      text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name          text NOT NULL,
  -- An admin may share a collection with everyone; owners alone see the others.
  shared        boolean NOT NULL DEFAULT false,
  -- The text-search configuration its chunks are indexed with (`english`, `french`, `simple`, …).
  language      text NOT NULL DEFAULT 'english',
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (owner_id, name)
);

CREATE TABLE IF NOT EXISTS knowledge_documents (
  id              text PRIMARY KEY,
  owner_id        text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  collection_id   text NOT NULL REFERENCES knowledge_collections(id) ON DELETE CASCADE,
  title           text NOT NULL,
  file_name       text NOT NULL,
  mime            text NOT NULL,
  bytes           bigint NOT NULL CHECK (bytes >= 0),
  content_hash    text NOT NULL,
  status          text NOT NULL CHECK (status IN ('pending','ready','failed')),
  failure_reason  text,
  chunk_count     integer NOT NULL DEFAULT 0,
  -- Ingestion progress: chunks embedded of all chunks (both 0 until the text is read).
  progress_done   integer NOT NULL DEFAULT 0,
  progress_total  integer NOT NULL DEFAULT 0,
  page_count      integer,
  -- The uploaded file, kept until ingestion ends (a durable job may run after a restart), then cleared.
  content         bytea,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  -- The same file twice in a collection is one document.
  UNIQUE (collection_id, content_hash)
);
CREATE INDEX IF NOT EXISTS knowledge_documents_owner_idx ON knowledge_documents (owner_id, created_at DESC, id);

CREATE TABLE IF NOT EXISTS knowledge_chunks (
  id                    text PRIMARY KEY,
  document_id           text NOT NULL REFERENCES knowledge_documents(id) ON DELETE CASCADE,
  collection_id         text NOT NULL REFERENCES knowledge_collections(id) ON DELETE CASCADE,
  ordinal               integer NOT NULL,
  text                  text NOT NULL,
  heading_path          text[] NOT NULL DEFAULT '{}',
  page                  integer,
  token_count           integer NOT NULL,
  -- Character span in the document's extracted text: overlapping chunks are never both retrieved.
  start_offset          integer NOT NULL,
  end_offset            integer NOT NULL,
  search_vector         tsvector NOT NULL,
  embedding             real[],
  embedding_model       text,
  embedding_dimensions  integer,
  UNIQUE (document_id, ordinal)
);
CREATE INDEX IF NOT EXISTS knowledge_chunks_search_idx ON knowledge_chunks USING gin (search_vector);
CREATE INDEX IF NOT EXISTS knowledge_chunks_collection_idx ON knowledge_chunks (collection_id);
