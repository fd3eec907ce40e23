-- Provider budgets shared by every worker process: each process reserves a call's requests and
-- tokens here before sending it, so N processes together stay under a model's RPM/TPM limit.

-- One row per model: locked (SELECT … FOR UPDATE) while a process checks and reserves.
CREATE TABLE IF NOT EXISTS provider_budget_models (
  model text PRIMARY KEY
);

-- What was reserved when, per model; rows older than the rate window no longer count and are pruned.
CREATE TABLE IF NOT EXISTS provider_budget_reservations (
  id             bigserial PRIMARY KEY,
  model          text NOT NULL,
  reserved_at_ms bigint NOT NULL,
  requests       integer NOT NULL,
  tokens         bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS provider_budget_reservations_model_idx ON provider_budget_reservations (model, reserved_at_ms);
