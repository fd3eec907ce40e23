import { useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useSession } from "../session/index.tsx";
import { EmptyState, ErrorState, formatDateTime, ResourceView, useApiResource } from "../ui/index.tsx";
import { AdminPage } from "./admin-page.tsx";
import { deliveryStatuses, type WebhookDelivery, type WebhookDeliveryList, type WebhookEndpointList } from "./types.ts";

/** Webhook endpoints and their delivery log (docs/webhooks.md): status, attempts, last error, replay. */
export function Webhooks() {
  const [params, setParams] = useSearchParams();
  const requested = params.get("status");
  const status = deliveryStatuses.find((value) => value === requested) ?? "all";
  const filterId = useId();
  const path = `/v1/webhooks/deliveries?limit=200${status === "all" ? "" : `&status=${status}`}`;
  const endpoints = useApiResource("/v1/webhooks", (api, signal) =>
    api.get<WebhookEndpointList>("/v1/webhooks", { signal }).then((body) => body.endpoints),
  );
  const deliveries = useApiResource(path, (api, signal) =>
    api.get<WebhookDeliveryList>(path, { signal }).then((body) => body.deliveries),
  );
  const [announcement, setAnnouncement] = useState("");
  return (
    <AdminPage
      title="Webhooks"
      onRefresh={() => {
        endpoints.reload();
        deliveries.reload();
      }}
    >
      <h2>Endpoints</h2>
      <ResourceView resource={endpoints.resource} reload={endpoints.reload} label="Loading endpoints…">
        {(list) =>
          list.length === 0 ? (
            <EmptyState>No endpoints: users register theirs with POST /v1/webhooks.</EmptyState>
          ) : (
            <div className="admin-table-scroll">
              <table className="admin-table">
                <thead>
                  <tr>
                    <th scope="col">Endpoint</th>
                    <th scope="col">Owner</th>
                    <th scope="col">URL</th>
                    <th scope="col">Events</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((endpoint) => (
                    <tr key={endpoint.id}>
                      <td>
                        <code>{endpoint.id}</code>
                      </td>
                      <td>{endpoint.userId ?? "everyone (global)"}</td>
                      <td>
                        <code>{endpoint.url}</code>
                      </td>
                      <td>{endpoint.eventTypes.join(", ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </ResourceView>
      <h2>Deliveries</h2>
      <div className="admin-inline-field">
        <label htmlFor={filterId}>Show</label>
        <select
          id={filterId}
          value={status}
          onChange={(event) => setParams(new URLSearchParams({ status: event.target.value }))}
        >
          <option value="all">All</option>
          <option value="pending">Pending</option>
          <option value="delivered">Delivered</option>
          <option value="failed">Failed</option>
        </select>
      </div>
      <p role="status" className="admin-muted">
        {announcement}
      </p>
      <ResourceView resource={deliveries.resource} reload={deliveries.reload} label="Loading deliveries…">
        {(list) =>
          list.length === 0 ? (
            <EmptyState>No deliveries here.</EmptyState>
          ) : (
            <div className="admin-table-scroll">
              <table className="admin-table">
                <thead>
                  <tr>
                    <th scope="col">Event</th>
                    <th scope="col">Job</th>
                    <th scope="col">Status</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Last answer</th>
                    <th scope="col">Created</th>
                    <th scope="col">Action</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((delivery) => (
                    <DeliveryRow
                      key={delivery.id}
                      delivery={delivery}
                      onReplayed={(replayed) => {
                        deliveries.update((rows) => rows.map((row) => (row.id === replayed.id ? replayed : row)));
                        setAnnouncement(`Delivery ${replayed.id} is queued again.`);
                      }}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </ResourceView>
    </AdminPage>
  );
}

// The job-state badge colours: delivered reads as succeeded, pending as running.
const stateStyle = { pending: "running", delivered: "succeeded", failed: "failed" } as const;

function DeliveryRow({
  delivery,
  onReplayed,
}: {
  delivery: WebhookDelivery;
  onReplayed: (delivery: WebhookDelivery) => void;
}) {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const replay = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onReplayed(await api.post<WebhookDelivery>(`/v1/webhooks/deliveries/${encodeURIComponent(delivery.id)}/replay`));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr>
      <td>{delivery.eventType}</td>
      <td>
        <Link to={`../jobs/${encodeURIComponent(delivery.jobId)}`}>{delivery.jobId}</Link>
      </td>
      <td>
        <span className={`admin-badge admin-state-${stateStyle[delivery.status]}`}>{delivery.status}</span>
      </td>
      <td>{delivery.attempts}</td>
      <td>
        {delivery.lastError ?? (delivery.lastStatusCode === null ? "—" : `HTTP ${delivery.lastStatusCode}`)}
        {delivery.nextAttemptAt !== null && delivery.attempts > 0 && (
          <div className="admin-muted">next try {formatDateTime(delivery.nextAttemptAt)}</div>
        )}
      </td>
      <td>{formatDateTime(delivery.createdAt)}</td>
      <td>
        <button
          type="button"
          onClick={replay}
          disabled={busy}
          aria-label={`Replay delivery ${delivery.id} (${delivery.eventType} of ${delivery.jobId})`}
        >
          {busy ? "Replaying…" : "Replay"}
        </button>
        {error !== undefined && <ErrorState error={error} />}
      </td>
    </tr>
  );
}
