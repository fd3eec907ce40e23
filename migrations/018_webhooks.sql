-- Webhooks to the platform (docs/webhooks.md): endpoints a user (or an admin, for everyone)
-- registers, and one delivery row per event per endpoint, retried with backoff until delivered or
-- given up on, kept for the admin's view and for replay.

CREATE TABLE IF NOT EXISTS webhook_endpoints (
  id            text PRIMARY KEY,
  -- NULL: a global endpoint (admins only), told of every user's jobs.
  user_id       text REFERENCES users(id) ON DELETE CASCADE,
  url           text NOT NULL,
  -- The signing secret (`whsec_…`). Kept as is: signing needs it (an API token's hash would not
  -- do); it is shown once at creation and never returned or logged after.
  secret        text NOT NULL,
  event_types   text[] NOT NULL,
  description   text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  disabled_at   timestamptz
);
CREATE INDEX IF NOT EXISTS webhook_endpoints_user_idx ON webhook_endpoints (user_id);

CREATE TABLE IF NOT EXISTS webhook_deliveries (
  -- The Standard Webhooks message id (`webhook-id`), the same on every attempt and on replay of
  -- the same message, so a receiver can deduplicate.
  id            text PRIMARY KEY,
  endpoint_id   text NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  event_type    text NOT NULL,
  job_id        text NOT NULL,
  -- The JSON body, fixed when the event happened: every attempt sends the same bytes.
  payload       jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivered','failed')),
  attempts      integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_status_code integer,
  last_error    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  delivered_at  timestamptz
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC, id);

-- The outbox: a job's terminal or waiting event, when stored, queues one delivery per endpoint that
-- wants it, in the same transaction. A trigger, so no code path that stores these events (or a
-- process dying right after) can skip the notice; sending happens later, apart from generation.
-- It notifies `courseforge_webhooks` when it queued any, so the senders wake at once (on commit).
CREATE OR REPLACE FUNCTION course_generation_events_webhooks() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  queued integer;
BEGIN
  INSERT INTO webhook_deliveries (id, endpoint_id, event_type, job_id, payload)
  SELECT
    'msg_' || md5(endpoint.id || ':' || event.id::text),
    endpoint.id,
    kind.event_type,
    event.job_id,
    jsonb_build_object(
      'type', kind.event_type,
      'timestamp', to_char(event.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'data', jsonb_strip_nulls(jsonb_build_object(
        'jobId', event.job_id,
        'userId', job.user_id,
        'courseId', event.data->>'courseId',
        'code', event.data->>'code',
        'message', event.data->>'message'
      ))
    )
  FROM inserted AS event
  JOIN LATERAL (
    SELECT CASE event.type
      WHEN 'job.succeeded' THEN 'course.succeeded'
      WHEN 'job.failed' THEN 'course.failed'
      WHEN 'job.awaiting_approval' THEN 'job.awaiting_approval'
    END AS event_type
  ) AS kind ON kind.event_type IS NOT NULL
  JOIN course_generation_jobs AS job ON job.id = event.job_id
  JOIN webhook_endpoints AS endpoint
    ON endpoint.disabled_at IS NULL
   AND (endpoint.user_id IS NULL OR endpoint.user_id = job.user_id)
   AND kind.event_type = ANY (endpoint.event_types)
  ON CONFLICT (id) DO NOTHING;
  GET DIAGNOSTICS queued = ROW_COUNT;
  IF queued > 0 THEN
    PERFORM pg_notify('courseforge_webhooks', '');
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS course_generation_events_webhooks ON course_generation_events;
CREATE TRIGGER course_generation_events_webhooks
  AFTER INSERT ON course_generation_events
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION course_generation_events_webhooks();
