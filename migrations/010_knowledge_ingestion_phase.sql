-- Ingestion progress as phases: a pending document says what its durable job is doing (waiting in
-- the queue, parsing the file, chunking its text, embedding n of m chunks, storing them), not only
-- how many chunks are embedded. NULL: not started (queued), or ended (ready, failed).
ALTER TABLE knowledge_documents ADD COLUMN IF NOT EXISTS progress_phase text
  CHECK (progress_phase IN ('parsing', 'chunking', 'embedding', 'storing'));
