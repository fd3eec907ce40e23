-- Spending caps in US dollars and the money each running job holds against them
-- (docs/limits.md, "Budgets"; docs/cost.md, "Budgets").

-- The caps, changed at runtime by admins. scope 'role' (subject = role; NULL = no cap), 'user'
-- (subject = user id; NULL = the role's value) and 'global' (subject 'all'; only usd_per_day).
-- Role and global rows are seeded from the config defaults.
CREATE TABLE IF NOT EXISTS course_generation_budget_settings (
  scope          text NOT NULL CHECK (scope IN ('role','user','global')),
  subject        text NOT NULL,
  usd_per_day    numeric(16,6) CHECK (usd_per_day >= 0),
  usd_per_month  numeric(16,6) CHECK (usd_per_month >= 0),
  usd_per_course numeric(16,6) CHECK (usd_per_course >= 0),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, subject)
);

-- Money per window: 'user:<id>:day:YYYY-MM-DD', 'user:<id>:month:YYYY-MM', 'global:day:YYYY-MM-DD'.
-- spent = settled cost of finished attempts; reserved = what running jobs still hold. A reservation
-- locks its rows (key order, FOR UPDATE) and checks spent + reserved + amount against each cap in
-- one transaction, so concurrent jobs never hold more than a cap between them.
CREATE TABLE IF NOT EXISTS course_generation_budget_windows (
  key          text PRIMARY KEY,
  spent_usd    numeric(16,6) NOT NULL DEFAULT 0 CHECK (spent_usd >= 0),
  reserved_usd numeric(16,6) NOT NULL DEFAULT 0 CHECK (reserved_usd >= 0),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- One row per job that ever reserved: the windows it charges (those of the day it last started),
-- what it still holds and what all its runs spent (the per-course cap is checked against these).
CREATE TABLE IF NOT EXISTS course_generation_budget_holds (
  job_id       text PRIMARY KEY REFERENCES course_generation_jobs(id) ON DELETE CASCADE,
  user_id      text,
  window_keys  jsonb NOT NULL,
  reserved_usd numeric(16,6) NOT NULL DEFAULT 0 CHECK (reserved_usd >= 0),
  spent_usd    numeric(16,6) NOT NULL DEFAULT 0 CHECK (spent_usd >= 0),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Cost reports by day scan llm_calls by time.
CREATE INDEX IF NOT EXISTS llm_calls_created_idx ON llm_calls (created_at);

-- The output token limit of a step is sized from the recent completions of its task and model.
CREATE INDEX IF NOT EXISTS llm_calls_task_model_created_idx ON llm_calls (task, model, created_at);
