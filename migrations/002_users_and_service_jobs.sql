-- Users, API tokens (hashed), job ownership, idempotency, priority, outline review and worker
-- bookkeeping for the service (HTTP API + durable queue).

CREATE TABLE IF NOT EXISTS users (
  id            text PRIMARY KEY,
  email         text NOT NULL UNIQUE,
  role          text NOT NULL CHECK (role IN ('student','teacher','admin')),
  disabled_at   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Only a SHA-256 of each token is stored; the token itself is shown once at creation.
CREATE TABLE IF NOT EXISTS api_tokens (
  id            text PRIMARY KEY,
  user_id       text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash    text NOT NULL UNIQUE,
  token_prefix  text NOT NULL,
  name          text NOT NULL DEFAULT 'default',
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
CREATE INDEX IF NOT EXISTS api_tokens_user_idx ON api_tokens (user_id);

ALTER TABLE course_generation_jobs ADD COLUMN IF NOT EXISTS user_id text REFERENCES users(id);
ALTER TABLE course_generation_jobs ADD COLUMN IF NOT EXISTS idempotency_key text;
ALTER TABLE course_generation_jobs ADD COLUMN IF NOT EXISTS priority integer NOT NULL DEFAULT 0;
ALTER TABLE course_generation_jobs ADD COLUMN IF NOT EXISTS review_outline boolean NOT NULL DEFAULT false;
ALTER TABLE course_generation_jobs ADD COLUMN IF NOT EXISTS outline_approved_at timestamptz;
ALTER TABLE course_generation_jobs ADD COLUMN IF NOT EXISTS cancel_requested_at timestamptz;
ALTER TABLE course_generation_jobs ADD COLUMN IF NOT EXISTS worker_id text;
ALTER TABLE course_generation_jobs ADD COLUMN IF NOT EXISTS heartbeat_at timestamptz;
ALTER TABLE course_generation_jobs ADD COLUMN IF NOT EXISTS attempts integer NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX IF NOT EXISTS course_generation_jobs_idempotency_idx
  ON course_generation_jobs (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS course_generation_jobs_user_idx ON course_generation_jobs (user_id, created_at DESC, id);
CREATE INDEX IF NOT EXISTS course_generation_jobs_status_idx ON course_generation_jobs (status, heartbeat_at);

ALTER TABLE courses ADD COLUMN IF NOT EXISTS user_id text REFERENCES users(id);
ALTER TABLE courses ADD COLUMN IF NOT EXISTS job_id text;
CREATE INDEX IF NOT EXISTS courses_user_idx ON courses (user_id, created_at DESC, id);
