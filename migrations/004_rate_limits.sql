-- User rate limits and quotas for POST /v1/courses (docs/limits.md).

-- One GCRA bucket per limited key ('user:<id>:hour', 'user:<id>:day', 'global:hour'): the
-- "theoretical arrival time" in ms since the epoch. Consumed with one atomic
-- INSERT … ON CONFLICT … DO UPDATE … WHERE … RETURNING, so concurrent API processes count exactly.
CREATE TABLE IF NOT EXISTS course_generation_rate_limits (
  key           text PRIMARY KEY,
  tat_ms        double precision NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- The limits themselves, changed at runtime by admins. scope 'role' (subject = role; NULL field =
-- unlimited), 'user' (subject = user id; NULL field = the role's value) and 'global' (subject
-- 'all'; only courses_per_hour). Role and global rows are seeded from the config defaults.
CREATE TABLE IF NOT EXISTS course_generation_limit_settings (
  scope             text NOT NULL CHECK (scope IN ('role','user','global')),
  subject           text NOT NULL,
  courses_per_hour  integer CHECK (courses_per_hour >= 0),
  courses_per_day   integer CHECK (courses_per_day >= 0),
  tokens_per_day    bigint CHECK (tokens_per_day >= 0),
  burst             integer CHECK (burst >= 0),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, subject)
);

CREATE INDEX IF NOT EXISTS llm_calls_job_created_idx ON llm_calls (job_id, created_at);
