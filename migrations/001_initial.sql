-- Courseforge initial schema. Runs unchanged on PGlite and PostgreSQL 15+ (Supabase).
-- ids are text so callers can use prefixed, sortable ids (crs_…, job_…).

CREATE TABLE IF NOT EXISTS courses (
  id            text PRIMARY KEY,
  title         text NOT NULL,
  topic         text NOT NULL,
  language      text NOT NULL,
  format_version text NOT NULL,
  document      jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS course_generation_jobs (
  id            text PRIMARY KEY,
  status        text NOT NULL CHECK (status IN ('queued','running','awaiting_approval','succeeded','failed','canceled')),
  request       jsonb NOT NULL,
  course_id     text REFERENCES courses(id),
  steps_total   integer NOT NULL DEFAULT 0,
  steps_done    integer NOT NULL DEFAULT 0,
  failure_code  text,
  failure_reason text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  finished_at   timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per finished (or failed) pipeline step: the checkpoint a resumed job reads instead of
-- paying for the step again.
CREATE TABLE IF NOT EXISTS course_generation_job_steps (
  job_id        text NOT NULL REFERENCES course_generation_jobs(id) ON DELETE CASCADE,
  step          text NOT NULL,
  status        text NOT NULL CHECK (status IN ('succeeded','failed')),
  output        jsonb,
  prompt_tokens bigint NOT NULL DEFAULT 0,
  completion_tokens bigint NOT NULL DEFAULT 0,
  cached_prompt_tokens bigint NOT NULL DEFAULT 0,
  cost_usd      numeric(14,6) NOT NULL DEFAULT 0,
  attempts      integer NOT NULL DEFAULT 0,
  duration_ms   integer NOT NULL DEFAULT 0,
  error_code    text,
  error_message text,
  finished_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, step)
);

-- Progress events, in order per job, kept for replay (SSE Last-Event-ID).
CREATE TABLE IF NOT EXISTS course_generation_events (
  id            bigserial PRIMARY KEY,
  job_id        text NOT NULL REFERENCES course_generation_jobs(id) ON DELETE CASCADE,
  type          text NOT NULL,
  data          jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS course_generation_events_job_idx ON course_generation_events (job_id, id);

-- Every attempt of every model call.
CREATE TABLE IF NOT EXISTS llm_calls (
  id            bigserial PRIMARY KEY,
  job_id        text REFERENCES course_generation_jobs(id) ON DELETE SET NULL,
  step          text NOT NULL,
  task          text NOT NULL,
  provider      text NOT NULL,
  model         text NOT NULL,
  attempt       integer NOT NULL,
  outcome       text NOT NULL,
  prompt_tokens bigint NOT NULL,
  completion_tokens bigint NOT NULL,
  cached_prompt_tokens bigint NOT NULL,
  usage_reported boolean NOT NULL,
  latency_ms    integer NOT NULL,
  cost_usd      numeric(14,6) NOT NULL,
  error_message text,
  started_at    timestamptz NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS llm_calls_job_idx ON llm_calls (job_id, step);
