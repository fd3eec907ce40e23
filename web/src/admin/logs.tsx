import { useId, useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { isoToLocalInput, localInputToIso, ResourceView, useApiResource } from "../ui/index.tsx";
import { AdminPage } from "./admin-page.tsx";
import { LogList } from "./log-list.tsx";
import { logLevels, type LogEntryList } from "./types.ts";

const limits = ["50", "100", "500", "1000"] as const;

/** Logs: filter by job, minimum severity and time; the filter lives in the address (shareable, kept on reload). */
export function Logs() {
  const [params, setParams] = useSearchParams();
  const query = new URLSearchParams();
  for (const name of ["jobId", "severity", "since", "until", "limit"]) {
    const value = params.get(name);
    if (value !== null && value !== "") query.set(name, value);
  }
  if (!query.has("limit")) query.set("limit", "100");
  const path = `/v1/admin/logs?${query.toString()}`;
  const { resource, reload } = useApiResource(path, (api, signal) =>
    api.get<LogEntryList>(path, { signal }).then((body) => body.logs),
  );
  return (
    <AdminPage title="Logs">
      <LogFilter key={params.toString()} params={params} onApply={(next) => setParams(next)} />
      <section aria-labelledby="admin-log-results-heading" className="admin-section">
        <div className="admin-heading-row">
          <h2 id="admin-log-results-heading">Entries, newest first</h2>
          <button type="button" onClick={reload}>
            Refresh
          </button>
        </div>
        <ResourceView resource={resource} reload={reload} label="Loading logs…">
          {(logs) => <LogList logs={logs} empty="No log entries match this filter." />}
        </ResourceView>
      </section>
    </AdminPage>
  );
}

function LogFilter({ params, onApply }: { params: URLSearchParams; onApply: (next: URLSearchParams) => void }) {
  const baseId = useId();
  const [jobId, setJobId] = useState(params.get("jobId") ?? "");
  const [severity, setSeverity] = useState(params.get("severity") ?? "");
  const [since, setSince] = useState(isoToLocalInput(params.get("since")));
  const [until, setUntil] = useState(isoToLocalInput(params.get("until")));
  const [limit, setLimit] = useState(params.get("limit") ?? "100");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (jobId.trim() !== "") next.set("jobId", jobId.trim());
    if (severity !== "") next.set("severity", severity);
    const sinceIso = localInputToIso(since);
    const untilIso = localInputToIso(until);
    if (sinceIso !== undefined) next.set("since", sinceIso);
    if (untilIso !== undefined) next.set("until", untilIso);
    if (limit !== "100") next.set("limit", limit);
    onApply(next);
  };

  return (
    <form className="card admin-form" onSubmit={submit} aria-label="Filter logs">
      <div className="admin-fields admin-fields-wide">
        <div className="admin-field">
          <label htmlFor={`${baseId}-job`}>Job id</label>
          <input
            id={`${baseId}-job`}
            value={jobId}
            onChange={(event) => setJobId(event.target.value)}
            placeholder="job_…"
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <div className="admin-field">
          <label htmlFor={`${baseId}-severity`}>Minimum severity</label>
          <select id={`${baseId}-severity`} value={severity} onChange={(event) => setSeverity(event.target.value)}>
            <option value="">Any</option>
            {logLevels.map((level) => (
              <option key={level} value={level}>
                {level}
              </option>
            ))}
          </select>
        </div>
        <div className="admin-field">
          <label htmlFor={`${baseId}-since`}>From (your time)</label>
          <input
            id={`${baseId}-since`}
            type="datetime-local"
            value={since}
            onChange={(event) => setSince(event.target.value)}
          />
        </div>
        <div className="admin-field">
          <label htmlFor={`${baseId}-until`}>Until (your time)</label>
          <input
            id={`${baseId}-until`}
            type="datetime-local"
            value={until}
            onChange={(event) => setUntil(event.target.value)}
          />
        </div>
        <div className="admin-field">
          <label htmlFor={`${baseId}-limit`}>At most</label>
          <select id={`${baseId}-limit`} value={limit} onChange={(event) => setLimit(event.target.value)}>
            {limits.map((value) => (
              <option key={value} value={value}>
                {value} entries
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="admin-actions">
        <button type="submit" className="primary">
          Apply filter
        </button>
        <button type="button" onClick={() => onApply(new URLSearchParams())}>
          Clear
        </button>
      </div>
    </form>
  );
}
