-- Revisions of a course (issue 16): a teacher regenerates one part with an instruction and gets a
-- new revision; every revision is kept whole, so any of them can be read, exported, compared or
-- restored. `courses.document` stays the current revision's document, so every reader that does not
-- name a revision (GET /v1/courses/:id, exports) serves the current one unchanged.

CREATE TABLE IF NOT EXISTS course_revisions (
  course_id     text NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  number        integer NOT NULL CHECK (number >= 1),
  -- The whole course document of this revision.
  document      jsonb NOT NULL,
  -- generated: what the generation job produced (revision 1); regenerated: a part rewritten with an
  -- instruction; restored: a copy of an older revision.
  origin        text NOT NULL CHECK (origin IN ('generated', 'regenerated', 'restored')),
  -- {"kind": "lesson" | "section" | "quiz" | "question" | "outline", "id": …}; null for revision 1 and restores.
  target        jsonb,
  instruction   text,
  restored_from integer,
  -- The ids of the parts that differ from the revision it was made from (course, modules, lessons, sections, questions).
  changed_parts jsonb NOT NULL DEFAULT '[]'::jsonb,
  based_on      integer,
  job_id        text REFERENCES course_generation_jobs(id) ON DELETE SET NULL,
  user_id       text REFERENCES users(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (course_id, number)
);

ALTER TABLE courses ADD COLUMN IF NOT EXISTS current_revision integer NOT NULL DEFAULT 1;

-- What a revision job is asked to do: {"courseId", "target", "instruction", "basedOn"}; null for
-- the jobs that generate a course. Its `request` is the course's request, so every reader of jobs
-- (lists, the events, the limits) treats it as any other job.
ALTER TABLE course_generation_jobs ADD COLUMN IF NOT EXISTS revision jsonb;

-- One regeneration at a time per course: a second one while the first is queued or running is
-- refused by this index (409 REVISION_IN_PROGRESS), whichever process stores it.
CREATE UNIQUE INDEX IF NOT EXISTS course_generation_jobs_one_revision_idx
  ON course_generation_jobs ((revision ->> 'courseId'))
  WHERE revision IS NOT NULL AND status IN ('queued', 'running', 'awaiting_approval');

-- Revision 1 of every course is what generation stored: written by a trigger, so every writer of
-- `courses` (the worker, `courseforge generate`, an import) keeps it, whichever code wrote the row.
CREATE OR REPLACE FUNCTION courses_first_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO course_revisions (course_id, number, document, origin, job_id, user_id, created_at)
  VALUES (NEW.id, 1, NEW.document, 'generated',
          (SELECT id FROM course_generation_jobs WHERE id = NEW.job_id), NEW.user_id, NEW.created_at)
  ON CONFLICT (course_id, number) DO NOTHING;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS courses_first_revision ON courses;
CREATE TRIGGER courses_first_revision
  AFTER INSERT ON courses
  FOR EACH ROW EXECUTE FUNCTION courses_first_revision();

-- Courses stored before this migration get their revision 1 too.
INSERT INTO course_revisions (course_id, number, document, origin, job_id, user_id, created_at)
SELECT c.id, 1, c.document, 'generated', j.id, c.user_id, c.created_at
  FROM courses c LEFT JOIN course_generation_jobs j ON j.id = c.job_id
ON CONFLICT (course_id, number) DO NOTHING;
