-- Attempts recorded before they are sent (docs/observability.md, "Lost calls"), the size of an
-- edited outline (docs/limits.md, "Outline edits") and the per-role model allow-lists
-- (docs/limits.md, "Models").

-- A model call attempt that was sent (or is about to be) and has not ended yet: written before the
-- request goes out, deleted in the statement that stores its `llm_calls` row. A row left here by a
-- worker that died is moved to `llm_calls` with outcome 'lost' and the estimated tokens and cost
-- (the prompt counted locally plus the attempt's output token limit), so a paid call is counted.
CREATE TABLE IF NOT EXISTS llm_calls_in_flight (
  attempt_id        text PRIMARY KEY,
  job_id            text REFERENCES course_generation_jobs(id) ON DELETE SET NULL,
  step              text NOT NULL,
  task              text NOT NULL,
  provider          text NOT NULL,
  model             text NOT NULL,
  attempt           integer NOT NULL,
  prompt_tokens     bigint NOT NULL,
  completion_tokens bigint NOT NULL,
  cost_usd          numeric(14,6) NOT NULL,
  started_at        timestamptz NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS llm_calls_in_flight_job_idx ON llm_calls_in_flight (job_id);

-- The attempt's id, so a settlement that arrives after its attempt was declared lost replaces the
-- estimate instead of counting the call twice. NULL for rows written before this migration.
ALTER TABLE llm_calls ADD COLUMN IF NOT EXISTS attempt_id text;
CREATE UNIQUE INDEX IF NOT EXISTS llm_calls_attempt_idx ON llm_calls (attempt_id);

-- The request as submitted, once an outline edit recorded another size in `request` (NULL: the
-- same as `request`); an idempotent replay of the submission is compared with it.
ALTER TABLE course_generation_jobs ADD COLUMN IF NOT EXISTS submitted_request jsonb;

-- Models a role may request, set by an admin; a role without a row uses the config's default list.
CREATE TABLE IF NOT EXISTS course_generation_model_allowlists (
  role        text PRIMARY KEY CHECK (role IN ('student','teacher','admin')),
  models      jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
