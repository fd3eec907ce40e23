import { Link, useParams } from "react-router";
import { formatDateTime, ResourceView, useApiResource } from "../ui/index.tsx";
import { AdminPage } from "./admin-page.tsx";
import { JobStateBadge } from "./jobs.tsx";
import { LogList } from "./log-list.tsx";
import type { Job, LogEntryList } from "./types.ts";

const requestFields: ReadonlyArray<readonly [keyof Job["request"], string]> = [
  ["topic", "Topic"],
  ["audience", "Audience"],
  ["level", "Level"],
  ["language", "Language"],
  ["modules", "Modules"],
  ["lessonsPerModule", "Lessons per module"],
  ["model", "Model"],
];

/** One job for an admin: its request, progress, why it failed, and its logs. */
export function JobDetail() {
  const { id = "" } = useParams();
  const jobPath = `/v1/jobs/${encodeURIComponent(id)}`;
  const logsPath = `/v1/admin/logs?jobId=${encodeURIComponent(id)}&limit=500`;
  const job = useApiResource(jobPath, (api, signal) => api.get<Job>(jobPath, { signal }));
  const logs = useApiResource(logsPath, (api, signal) =>
    api.get<LogEntryList>(logsPath, { signal }).then((body) => body.logs),
  );
  const refresh = () => {
    job.reload();
    logs.reload();
  };
  return (
    <AdminPage
      title={
        <>
          Job <span className="admin-mono">{id}</span>
        </>
      }
      above={
        <p>
          <Link to="../jobs">← All jobs</Link>
        </p>
      }
      onRefresh={refresh}
    >
      <ResourceView resource={job.resource} reload={job.reload} label="Loading the job…">
        {(loaded) => <JobSummary job={loaded} />}
      </ResourceView>
      <section aria-labelledby="admin-job-logs-heading" className="admin-section">
        <div className="admin-heading-row">
          <h2 id="admin-job-logs-heading">Logs of this job</h2>
          <Link to={`../logs?jobId=${encodeURIComponent(id)}`}>Open in Logs</Link>
        </div>
        <ResourceView resource={logs.resource} reload={logs.reload} label="Loading the job's logs…">
          {(entries) => <LogList logs={entries} showJob={false} empty="No log entries for this job." />}
        </ResourceView>
      </section>
    </AdminPage>
  );
}

function JobSummary({ job }: { job: Job }) {
  return (
    <>
      {job.failure !== null && (
        <section className="card admin-failure" aria-labelledby="admin-failure-heading">
          <h2 id="admin-failure-heading">Why it failed</h2>
          <p>
            <code>{job.failure.code}</code>
          </p>
          <p className="admin-failure-reason">
            {job.failure.reason === "" ? "No reason was recorded." : job.failure.reason}
          </p>
        </section>
      )}
      <section className="card admin-section" aria-label="Job summary">
        <dl className="admin-pairs">
          <div>
            <dt>State</dt>
            <dd>
              <JobStateBadge state={job.status} />
            </dd>
          </div>
          <div>
            <dt>Steps</dt>
            <dd>
              {job.stepsDone} of {job.stepsTotal === 0 ? "?" : job.stepsTotal}
            </dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{formatDateTime(job.createdAt)}</dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>{formatDateTime(job.startedAt)}</dd>
          </div>
          <div>
            <dt>Finished</dt>
            <dd>{formatDateTime(job.finishedAt)}</dd>
          </div>
          {job.courseId !== null && (
            <div>
              <dt>Course</dt>
              <dd className="admin-mono">{job.courseId}</dd>
            </div>
          )}
          {requestFields
            .filter(([field]) => job.request[field] !== undefined && job.request[field] !== null)
            .map(([field, label]) => (
              <div key={field}>
                <dt>{label}</dt>
                <dd>{String(job.request[field])}</dd>
              </div>
            ))}
          <div>
            <dt>Outline review</dt>
            <dd>{job.reviewOutline ? "yes" : "no"}</dd>
          </div>
        </dl>
      </section>
    </>
  );
}
