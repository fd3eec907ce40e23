-- Observability: structured logs (also written to stdout) and alerts raised by the evaluator.

-- No foreign keys: a log line or an alert outlives the job it names, and logging never fails
-- because a row it refers to is gone.
CREATE TABLE IF NOT EXISTS course_generation_logs (
  id            bigserial PRIMARY KEY,
  severity      text NOT NULL CHECK (severity IN ('trace','debug','info','warn','error','fatal')),
  job_id        text,
  user_id       text,
  trace_id      text,
  event         text,
  message       text NOT NULL DEFAULT '',
  details       jsonb NOT NULL DEFAULT '{}'::jsonb,
  error_name    text,
  error_stack   text,
  suggestion    text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS course_generation_logs_created_idx ON course_generation_logs (created_at);
CREATE INDEX IF NOT EXISTS course_generation_logs_job_idx ON course_generation_logs (job_id, created_at);
CREATE INDEX IF NOT EXISTS course_generation_logs_event_idx ON course_generation_logs (event, created_at);

CREATE TABLE IF NOT EXISTS course_generation_alerts (
  id              bigserial PRIMARY KEY,
  rule            text NOT NULL,
  key             text NOT NULL,
  severity        text NOT NULL CHECK (severity IN ('warning','critical')),
  status          text NOT NULL CHECK (status IN ('open','acknowledged','resolved')),
  message         text NOT NULL,
  details         jsonb NOT NULL DEFAULT '{}'::jsonb,
  count           integer NOT NULL DEFAULT 1,
  first_seen      timestamptz NOT NULL DEFAULT now(),
  last_seen       timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  resolved_at     timestamptz
);
-- Deduplication: at most one unresolved alert per (rule, key).
CREATE UNIQUE INDEX IF NOT EXISTS course_generation_alerts_active_idx
  ON course_generation_alerts (rule, key) WHERE status <> 'resolved';
CREATE INDEX IF NOT EXISTS course_generation_alerts_status_idx ON course_generation_alerts (status, last_seen DESC);
