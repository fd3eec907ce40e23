-- Progress events are pushed to open event streams (GET /v1/jobs/:id/events) instead of being
-- polled for: every statement that stores events notifies the channel `courseforge_job_events`
-- once per job it wrote to, with the job id as payload. Postgres delivers a notification when the
-- transaction that stored the rows commits (never before, never for a rollback), so a listener
-- that then reads the events after its last id finds them. A trigger, not the application's SQL,
-- so that every statement inserting events notifies, whichever code (or version) wrote them.
CREATE OR REPLACE FUNCTION course_generation_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('courseforge_job_events', jobs.job_id) FROM (SELECT DISTINCT job_id FROM inserted) AS jobs;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS course_generation_events_notify ON course_generation_events;
CREATE TRIGGER course_generation_events_notify
  AFTER INSERT ON course_generation_events
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION course_generation_events_notify();
