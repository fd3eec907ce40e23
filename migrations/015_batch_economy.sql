-- Economy mode (issue 17): lesson and quiz steps go through the provider's Batch API at half price.
-- Everything a worker needs to resume is here, so a restarted worker polls the batches already
-- submitted and never submits a step again.

-- One batch at the provider. `id` is Courseforge's own (sent as the create's Idempotency-Key and in
-- its metadata), taken before anything is sent: a worker that died between the upload and the
-- create finds the batch again instead of creating a second one.
CREATE TABLE IF NOT EXISTS course_generation_batches (
  id                text PRIMARY KEY,
  provider          text NOT NULL,
  model             text NOT NULL,
  status            text NOT NULL CHECK (status IN
                      ('submitting','in_progress','completed','failed','expired','cancelled')),
  input_file_id     text,
  provider_batch_id text,
  output_file_id    text,
  error_file_id     text,
  lines_total       integer NOT NULL DEFAULT 0,
  lines_done        integer NOT NULL DEFAULT 0,
  lines_failed      integer NOT NULL DEFAULT 0,
  -- Why it ended without answering every line (expired, failed, cancelled), for the jobs' events.
  reason            text,
  -- One process at a time submits or polls a batch: whoever holds an unexpired lease.
  lease_owner       text,
  lease_until       timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  submitted_at      timestamptz,
  ended_at          timestamptz,
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS course_generation_batches_open_idx
  ON course_generation_batches (status) WHERE status IN ('submitting','in_progress');

-- One request line: one attempt of one step of one job. `id` is the line's custom_id.
-- pending -> submitted (in a batch) -> answered | errored | unfinished; then used once read.
CREATE TABLE IF NOT EXISTS course_generation_batch_lines (
  id             text PRIMARY KEY,
  job_id         text NOT NULL REFERENCES course_generation_jobs(id) ON DELETE CASCADE,
  step           text NOT NULL,
  task           text NOT NULL,
  attempt        integer NOT NULL,
  model          text NOT NULL,
  body           jsonb NOT NULL,
  batch_id       text REFERENCES course_generation_batches(id),
  status         text NOT NULL CHECK (status IN ('pending','submitted','answered','errored','unfinished')),
  -- The chat completion (answered), or the error body (errored).
  response       jsonb,
  error_code     text,
  error_message  text,
  -- The attempt's llm_calls row is written once, whichever run of the job reads the answer first.
  recorded       boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  answered_at    timestamptz,
  UNIQUE (job_id, step, attempt)
);
CREATE INDEX IF NOT EXISTS course_generation_batch_lines_pending_idx
  ON course_generation_batch_lines (model, created_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS course_generation_batch_lines_batch_idx ON course_generation_batch_lines (batch_id);
