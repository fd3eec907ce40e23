import { Link } from "react-router";
import { EmptyState, formatDateTime } from "../ui/index.tsx";
import type { LogEntry } from "./types.ts";

/** Stored log entries, newest first: severity in words, the job as a link, details on demand. */
export function LogList({
  logs,
  showJob = true,
  empty,
}: {
  logs: readonly LogEntry[];
  showJob?: boolean;
  empty: string;
}) {
  if (logs.length === 0) return <EmptyState>{empty}</EmptyState>;
  return (
    <ol className="admin-logs">
      {logs.map((entry) => (
        <li key={entry.id} className={`admin-log admin-severity-${entry.severity}`}>
          <div className="admin-log-head">
            <span className={`admin-badge admin-badge-${entry.severity}`}>{entry.severity}</span>
            <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
            {entry.event !== null && <code>{entry.event}</code>}
            {showJob && entry.jobId !== null && (
              <Link to={`../jobs/${encodeURIComponent(entry.jobId)}`} className="admin-mono">
                {entry.jobId}
              </Link>
            )}
          </div>
          <p className="admin-log-message">{entry.message}</p>
          {entry.errorName !== null && (
            <p>
              <strong>Error:</strong> <code>{entry.errorName}</code>
            </p>
          )}
          {entry.suggestion !== null && (
            <p className="admin-suggestion">
              <strong>What to do:</strong> {entry.suggestion}
            </p>
          )}
          {(Object.keys(entry.details).length > 0 || entry.errorStack !== null) && (
            <details>
              <summary>Details</summary>
              {Object.keys(entry.details).length > 0 && (
                <pre className="admin-pre">{JSON.stringify(entry.details, null, 2)}</pre>
              )}
              {entry.errorStack !== null && <pre className="admin-pre">{entry.errorStack}</pre>}
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}
