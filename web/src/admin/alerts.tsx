import { useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useSession } from "../session/index.tsx";
import { EmptyState, ErrorState, formatDateTime, ResourceView, useApiResource } from "../ui/index.tsx";
import { AdminPage } from "./admin-page.tsx";
import { alertStatuses, type Alert, type AlertList, type AlertStatus } from "./types.ts";

/** Alerts raised by the rules (docs/observability.md): list by status, acknowledge, resolve. */
export function Alerts() {
  const [params, setParams] = useSearchParams();
  const requested = params.get("status");
  // Open alerts by default: they are what needs a person.
  const status: AlertStatus | "all" =
    requested === "all" ? "all" : (alertStatuses.find((value) => value === requested) ?? "open");
  const filterId = useId();
  const path = `/v1/admin/alerts?limit=200${status === "all" ? "" : `&status=${status}`}`;
  const { resource, reload, update } = useApiResource(path, (api, signal) =>
    api.get<AlertList>(path, { signal }).then((body) => body.alerts),
  );
  const [announcement, setAnnouncement] = useState("");
  return (
    <AdminPage title="Alerts" onRefresh={reload}>
      <div className="admin-inline-field">
        <label htmlFor={filterId}>Show</label>
        <select
          id={filterId}
          value={status}
          onChange={(event) => setParams(new URLSearchParams({ status: event.target.value }))}
        >
          <option value="open">Open</option>
          <option value="acknowledged">Acknowledged</option>
          <option value="resolved">Resolved</option>
          <option value="all">All</option>
        </select>
      </div>
      <p role="status" className="admin-muted">
        {announcement}
      </p>
      <ResourceView resource={resource} reload={reload} label="Loading alerts…">
        {(alerts) =>
          alerts.length === 0 ? (
            <EmptyState>
              {status === "open" ? "No open alerts: nothing needs you right now." : "No alerts here."}
            </EmptyState>
          ) : (
            <ul className="admin-cards">
              {alerts.map((alert) => (
                <AlertCard
                  key={alert.id}
                  alert={alert}
                  onChanged={(changed) => {
                    update((list) => list.map((item) => (item.id === changed.id ? changed : item)));
                    setAnnouncement(`Alert ${changed.id} is now ${changed.status}.`);
                  }}
                />
              ))}
            </ul>
          )
        }
      </ResourceView>
    </AdminPage>
  );
}

function AlertCard({ alert, onChanged }: { alert: Alert; onChanged: (alert: Alert) => void }) {
  const { api } = useSession();
  const [busy, setBusy] = useState<"acknowledge" | "resolve" | undefined>();
  const [error, setError] = useState<unknown>();
  const headingId = useId();
  const act = async (action: "acknowledge" | "resolve") => {
    setBusy(action);
    setError(undefined);
    try {
      onChanged(await api.post<Alert>(`/v1/admin/alerts/${alert.id}/${action}`));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  };
  const exampleJob = typeof alert.details.exampleJobId === "string" ? alert.details.exampleJobId : undefined;
  return (
    <li className={`card admin-alert admin-alert-${alert.severity}`} aria-labelledby={headingId}>
      <div className="admin-log-head">
        <span className={`admin-badge admin-badge-${alert.severity === "critical" ? "fatal" : "warn"}`}>
          {alert.severity}
        </span>
        <span className={`admin-badge admin-alert-status-${alert.status}`}>{alert.status}</span>
        <code>
          {alert.rule}/{alert.key}
        </code>
      </div>
      <h2 id={headingId} className="admin-alert-message">
        {alert.message}
      </h2>
      <dl className="admin-pairs">
        <div>
          <dt>Seen</dt>
          <dd>{alert.count} time(s)</dd>
        </div>
        <div>
          <dt>First</dt>
          <dd>{formatDateTime(alert.firstSeen)}</dd>
        </div>
        <div>
          <dt>Last</dt>
          <dd>{formatDateTime(alert.lastSeen)}</dd>
        </div>
        {alert.acknowledgedAt !== null && (
          <div>
            <dt>Acknowledged</dt>
            <dd>{formatDateTime(alert.acknowledgedAt)}</dd>
          </div>
        )}
        {alert.resolvedAt !== null && (
          <div>
            <dt>Resolved</dt>
            <dd>{formatDateTime(alert.resolvedAt)}</dd>
          </div>
        )}
      </dl>
      {exampleJob !== undefined && (
        <p>
          <Link to={`../jobs/${encodeURIComponent(exampleJob)}`}>See job {exampleJob}: its failure and logs</Link>
        </p>
      )}
      {alert.status !== "resolved" && (
        <div className="admin-actions">
          {alert.status === "open" && (
            <button
              type="button"
              onClick={() => act("acknowledge")}
              disabled={busy !== undefined}
              aria-label={`Acknowledge alert ${alert.id}: ${alert.message}`}
            >
              {busy === "acknowledge" ? "Acknowledging…" : "Acknowledge"}
            </button>
          )}
          <button
            type="button"
            onClick={() => act("resolve")}
            disabled={busy !== undefined}
            aria-label={`Resolve alert ${alert.id}: ${alert.message}`}
          >
            {busy === "resolve" ? "Resolving…" : "Resolve"}
          </button>
        </div>
      )}
      {error !== undefined && <ErrorState error={error} />}
    </li>
  );
}
