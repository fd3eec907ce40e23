import { useState } from "react";
import { Link } from "react-router";
import type { CourseList, CourseSummary, Job, JobList } from "../api/types.ts";
import { useSession } from "../session/index.tsx";
import { EmptyState, ErrorState, formatDateTime, ResourceView, statusLabels, useApiResource } from "../ui/index.tsx";

function JobItems({ jobs }: { jobs: readonly Job[] }) {
  return (
    <ul className="item-list" aria-label="Jobs">
      {jobs.map((job) => (
        <li key={job.id} className="item">
          <Link to={`/jobs/${job.id}`} className="item-title">
            {job.request.topic}
          </Link>
          <span className={`status status-${job.status}`}>{statusLabels[job.status]}</span>
          <span className="muted">
            {job.stepsTotal > 0 ? `${job.stepsDone}/${job.stepsTotal} steps · ` : ""}
            {formatDateTime(job.createdAt, "minute")}
          </span>
          {job.status === "failed" && job.failure !== null && (
            <span className="failure-reason">
              <code>{job.failure.code}</code> {job.failure.reason}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

function CourseItems({ courses }: { courses: readonly CourseSummary[] }) {
  return (
    <ul className="item-list" aria-label="Courses">
      {courses.map((course) => (
        <li key={course.id} className="item">
          <Link to={`/courses/${course.id}`} className="item-title">
            {course.title}
          </Link>
          <span className="muted">
            {course.topic} · {course.language} · {formatDateTime(course.createdAt, "minute")}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** A list that reads further pages with "Show more". */
function usePaged<Page extends { readonly nextCursor: string | null }, T>(
  key: string,
  path: string,
  pick: (page: Page) => readonly T[],
) {
  const { api } = useSession();
  const { resource, reload } = useApiResource(key, (client, signal) => client.get<Page>(path, { signal }));
  const [more, setMore] = useState<
    { items: T[]; cursor: string | null; error?: unknown; loading: boolean } | undefined
  >(undefined);
  const first = resource.kind === "ready" ? resource.data : undefined;
  const items = first === undefined ? [] : [...pick(first), ...(more?.items ?? [])];
  const cursor = more === undefined ? (first?.nextCursor ?? null) : more.cursor;
  const loadMore = async () => {
    if (cursor === null) return;
    setMore((previous) => ({ items: previous?.items ?? [], cursor, loading: true }));
    try {
      const page = await api.get<Page>(`${path}${path.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(cursor)}`);
      setMore((previous) => ({
        items: [...(previous?.items ?? []), ...pick(page)],
        cursor: page.nextCursor,
        loading: false,
      }));
    } catch (error) {
      setMore((previous) => ({ items: previous?.items ?? [], cursor, error, loading: false }));
    }
  };
  const reloadAll = () => {
    setMore(undefined);
    reload();
  };
  return {
    resource,
    reload: reloadAll,
    items,
    cursor,
    loadMore,
    moreError: more?.error,
    loadingMore: more?.loading === true,
  };
}

function MoreButton({
  cursor,
  loading,
  error,
  onMore,
}: {
  cursor: string | null;
  loading: boolean;
  error: unknown;
  onMore(): void;
}) {
  return (
    <>
      {error !== undefined && <ErrorState error={error} onRetry={onMore} />}
      {cursor !== null && (
        <button type="button" onClick={onMore} disabled={loading}>
          {loading ? "Loading…" : "Show more"}
        </button>
      )}
    </>
  );
}

/** My jobs: every course generation, newest first, with its state. */
export function JobsPage() {
  const list = usePaged<JobList, Job>("jobs", "/v1/jobs?limit=20&all=false", (page) => page.jobs);
  return (
    <>
      <h1>My jobs</h1>
      <ResourceView resource={list.resource} reload={list.reload} label="Loading your jobs…">
        {() =>
          list.items.length === 0 ? (
            <EmptyState>
              No jobs yet. <Link to="/new">Generate your first course</Link>.
            </EmptyState>
          ) : (
            <>
              <JobItems jobs={list.items} />
              <MoreButton
                cursor={list.cursor}
                loading={list.loadingMore}
                error={list.moreError}
                onMore={list.loadMore}
              />
            </>
          )
        }
      </ResourceView>
    </>
  );
}

/** My courses: every finished course, newest first. */
export function CoursesPage() {
  const list = usePaged<CourseList, CourseSummary>("courses", "/v1/courses?limit=20&all=false", (page) => page.courses);
  return (
    <>
      <h1>My courses</h1>
      <ResourceView resource={list.resource} reload={list.reload} label="Loading your courses…">
        {() =>
          list.items.length === 0 ? (
            <EmptyState>
              No courses yet. <Link to="/new">Generate one</Link>: it takes a minute.
            </EmptyState>
          ) : (
            <>
              <CourseItems courses={list.items} />
              <MoreButton
                cursor={list.cursor}
                loading={list.loadingMore}
                error={list.moreError}
                onMore={list.loadMore}
              />
            </>
          )
        }
      </ResourceView>
    </>
  );
}

/** Home: start a course, and the latest jobs and courses. */
export function HomePage() {
  const jobs = useApiResource("home-jobs", (api, signal) => api.get<JobList>("/v1/jobs?limit=5&all=false", { signal }));
  const courses = useApiResource("home-courses", (api, signal) =>
    api.get<CourseList>("/v1/courses?limit=5&all=false", { signal }),
  );
  return (
    <>
      <div className="hero card">
        <h1>Make a course</h1>
        <p className="lede">
          Give a topic and an audience: Courseforge plans the outline, writes every lesson and quiz, and shows you its
          progress as it goes.
        </p>
        <Link className="button primary" to="/new">
          New course
        </Link>
      </div>
      <div className="two-columns">
        <section aria-labelledby="recent-jobs">
          <h2 id="recent-jobs">Latest jobs</h2>
          <ResourceView resource={jobs.resource} reload={jobs.reload} label="Loading your jobs…">
            {(page) =>
              page.jobs.length === 0 ? (
                <EmptyState>Nothing generating. Your jobs appear here.</EmptyState>
              ) : (
                <>
                  <JobItems jobs={page.jobs} />
                  <Link to="/jobs">All my jobs</Link>
                </>
              )
            }
          </ResourceView>
        </section>
        <section aria-labelledby="recent-courses">
          <h2 id="recent-courses">Latest courses</h2>
          <ResourceView resource={courses.resource} reload={courses.reload} label="Loading your courses…">
            {(page) =>
              page.courses.length === 0 ? (
                <EmptyState>No courses yet. Finished courses appear here.</EmptyState>
              ) : (
                <>
                  <CourseItems courses={page.courses} />
                  <Link to="/courses">All my courses</Link>
                </>
              )
            }
          </ResourceView>
        </section>
      </div>
    </>
  );
}
