import { useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useSession } from "../session/index.tsx";
import { EmptyState, ErrorState, formatDateTime, ResourceView, useApiResource } from "../ui/index.tsx";
import { AdminPage } from "./admin-page.tsx";
import { jobStateLabels, jobStates, type Job, type JobList as JobPage, type JobStatus } from "./types.ts";

/** Every user's jobs, newest first, filtered by state; each opens its detail (failure reason and logs). */
export function Jobs() {
  const [params, setParams] = useSearchParams();
  const status = jobStates.find((state) => state === params.get("status"));
  const filterId = useId();
  const path = `/v1/jobs?limit=50${status === undefined ? "" : `&status=${status}`}`;
  const { resource, reload, update } = useApiResource(path, (api, signal) => api.get<JobPage>(path, { signal }));
  return (
    <AdminPage title="Jobs" onRefresh={reload}>
      <div className="admin-inline-field">
        <label htmlFor={filterId}>State</label>
        <select
          id={filterId}
          value={status ?? ""}
          onChange={(event) =>
            setParams(
              event.target.value === "" ? new URLSearchParams() : new URLSearchParams({ status: event.target.value }),
            )
          }
        >
          <option value="">All states</option>
          {jobStates.map((state) => (
            <option key={state} value={state}>
              {jobStateLabels[state]}
            </option>
          ))}
        </select>
      </div>
      <ResourceView resource={resource} reload={reload} label="Loading jobs…">
        {(page) =>
          page.jobs.length === 0 ? (
            <EmptyState>
              {status === undefined ? "No jobs yet." : `No ${jobStateLabels[status].toLowerCase()} jobs.`}
            </EmptyState>
          ) : (
            <>
              <JobTable jobs={page.jobs} />
              {page.nextCursor !== null && (
                <MoreJobs
                  path={path}
                  cursor={page.nextCursor}
                  onMore={(more) =>
                    update((current) => ({ jobs: [...current.jobs, ...more.jobs], nextCursor: more.nextCursor }))
                  }
                />
              )}
            </>
          )
        }
      </ResourceView>
    </AdminPage>
  );
}

function MoreJobs({ path, cursor, onMore }: { path: string; cursor: string; onMore: (page: JobPage) => void }) {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const more = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onMore(await api.get<JobPage>(`${path}&cursor=${encodeURIComponent(cursor)}`));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="admin-actions">
      <button type="button" onClick={more} disabled={busy}>
        {busy ? "Loading…" : "Show older jobs"}
      </button>
      {error !== undefined && <ErrorState error={error} onRetry={more} />}
    </div>
  );
}

/** A job state as a badge with words (never colour alone). */
export function JobStateBadge({ state }: { state: JobStatus }) {
  return <span className={`admin-badge admin-state-${state}`}>{jobStateLabels[state]}</span>;
}

function JobTable({ jobs }: { jobs: readonly Job[] }) {
  return (
    <div className="admin-table-scroll" tabIndex={0} role="region" aria-label="Jobs">
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Topic</th>
            <th scope="col">State</th>
            <th scope="col">Created</th>
            <th scope="col">Failure</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id}>
              <th scope="row">
                <Link to={`../jobs/${encodeURIComponent(job.id)}`} className="admin-mono">
                  {job.id}
                </Link>
              </th>
              <td>{job.request.topic}</td>
              <td>
                <JobStateBadge state={job.status} />
              </td>
              <td>{formatDateTime(job.createdAt)}</td>
              <td>{job.failure === null ? "" : <code>{job.failure.code}</code>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
