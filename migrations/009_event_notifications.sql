-- Progress events are pushed to open event streams (GET /v1/jobs/:id/events) instead of being
-- polled for. Streams read "the job's events after the last id I sent", so two things must hold.

-- 1. A job's events commit in id order. A sequence hands out ids when rows are inserted, not when
-- they commit: two writers of one job (a worker saving two lessons at once, a cancel request next
-- to the worker) could commit ids 11 then 10, and a stream woken by 11 would never send 10. Each
-- event row first takes a transaction-scoped advisory lock of its job (held to the end of the
-- transaction, so writers of one job take turns; writers of other jobs never wait), then takes its
-- id. The id the insert drew before this trigger ran is discarded (sequences have gaps anyway).
-- Not the job row's lock: a statement that updates the job row and inserts its events (a finished
-- step) would then lock the row a second time after its own update, and queue behind a waiter that
-- waits for it (deadlock detected on Postgres with two lessons of one job finishing together).
-- 7310 is this lock's class, keeping its keys apart from other advisory locks (pg-boss's).
CREATE OR REPLACE FUNCTION course_generation_events_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7310, hashtext(NEW.job_id));
  NEW.id := nextval('course_generation_events_id_seq');
  RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS course_generation_events_order ON course_generation_events;
CREATE TRIGGER course_generation_events_order
  BEFORE INSERT ON course_generation_events
  FOR EACH ROW EXECUTE FUNCTION course_generation_events_order();

-- 2. Every statement that stores events notifies the channel `courseforge_job_events`, once per
-- job it wrote to, with the job id as payload. Postgres delivers a notification when the
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
