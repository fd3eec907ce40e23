-- The exact cache of validated model answers and the similar-course index (docs/cost.md).

-- One validated answer per key: a hash of provider, model, prompt-template version, messages,
-- response schema and sampling settings, and of the owner when the prompt carried private
-- material (then `owner_id` is that user and no other user's key can ever equal it).
CREATE TABLE IF NOT EXISTS course_generation_cache (
  key                     text PRIMARY KEY,
  task                    text NOT NULL,
  model                   text NOT NULL,
  owner_id                text,
  answer                  jsonb NOT NULL,
  -- What the call that produced the answer cost; every hit saves this much again.
  prompt_tokens_saved     bigint NOT NULL DEFAULT 0,
  completion_tokens_saved bigint NOT NULL DEFAULT 0,
  cost_usd_saved          numeric(14,6) NOT NULL DEFAULT 0,
  hits                    bigint NOT NULL DEFAULT 0,
  created_at              timestamptz NOT NULL DEFAULT now(),
  last_hit_at             timestamptz,
  last_used_at            timestamptz NOT NULL DEFAULT now(),
  expires_at              timestamptz NOT NULL
);
-- Least recently used first: what the size cap evicts.
CREATE INDEX IF NOT EXISTS course_generation_cache_lru_idx ON course_generation_cache (last_used_at, key);
CREATE INDEX IF NOT EXISTS course_generation_cache_expiry_idx ON course_generation_cache (expires_at);

-- Lookups that found nothing usable, counted per task, so the hit rate has a denominator that
-- survives eviction and purges of the entries themselves.
CREATE TABLE IF NOT EXISTS course_generation_cache_counters (
  task        text PRIMARY KEY,
  lookups     bigint NOT NULL DEFAULT 0,
  hits        bigint NOT NULL DEFAULT 0,
  prompt_tokens_saved     bigint NOT NULL DEFAULT 0,
  completion_tokens_saved bigint NOT NULL DEFAULT 0,
  cost_usd_saved          numeric(14,6) NOT NULL DEFAULT 0
);

-- A step served from the cache (or from a reused course): what it would have cost.
ALTER TABLE course_generation_job_steps ADD COLUMN IF NOT EXISTS served_from text
  CHECK (served_from IS NULL OR served_from IN ('cache','reuse'));
ALTER TABLE course_generation_job_steps ADD COLUMN IF NOT EXISTS saved_prompt_tokens bigint NOT NULL DEFAULT 0;
ALTER TABLE course_generation_job_steps ADD COLUMN IF NOT EXISTS saved_completion_tokens bigint NOT NULL DEFAULT 0;
ALTER TABLE course_generation_job_steps ADD COLUMN IF NOT EXISTS saved_cost_usd numeric(14,6) NOT NULL DEFAULT 0;

-- Each finished course's normalised request and its embedding: a new request looks for the
-- nearest course its caller may read. Level and language are compared exactly, the audience by
-- its normalised form, the topic by the embedding (unit length, `real[]` as in knowledge_chunks).
CREATE TABLE IF NOT EXISTS course_request_embeddings (
  course_id        text PRIMARY KEY REFERENCES courses(id) ON DELETE CASCADE,
  user_id          text REFERENCES users(id) ON DELETE CASCADE,
  topic            text NOT NULL,
  audience         text NOT NULL,
  level            text NOT NULL,
  language         text NOT NULL,
  modules          integer NOT NULL,
  lessons_per_module integer NOT NULL,
  -- Built from private material: never suggested to anyone but its owner.
  private          boolean NOT NULL DEFAULT false,
  embedding        real[] NOT NULL,
  embedding_model  text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS course_request_embeddings_match_idx
  ON course_request_embeddings (level, language, audience, embedding_model);
