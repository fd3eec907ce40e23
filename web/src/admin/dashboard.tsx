import { useId, useState } from "react";
import { Link } from "react-router";
import {
  EmptyState,
  formatCount,
  formatDateTime,
  formatDay,
  formatDuration,
  formatHour,
  formatPercent,
  formatSeconds,
  formatUsd,
  ResourceView,
  useApiResource,
} from "../ui/index.tsx";
import { AdminPage } from "./admin-page.tsx";
import { BarChart } from "./bar-chart.tsx";
import { jobStateLabels, jobStates, type AdminStats, type ModelCalls } from "./types.ts";

const windows = [
  { hours: 24, label: "last 24 hours" },
  { hours: 24 * 7, label: "last 7 days" },
  { hours: 24 * 30, label: "last 30 days" },
] as const;

/** The admin dashboard: jobs, queue, throughput, model calls by model, cost per day. */
export function Dashboard() {
  const [hours, setHours] = useState<number>(24);
  const windowId = useId();
  const { resource, reload } = useApiResource(`stats:${hours}`, (api, signal) =>
    api.get<AdminStats>(`/v1/admin/stats?hours=${hours}`, { signal }),
  );
  return (
    <AdminPage title="Dashboard" onRefresh={reload} refreshing={resource.kind === "ready" && resource.refreshing}>
      <ResourceView resource={resource} reload={reload} label="Loading the figures…">
        {(stats) => (
          <>
            <p className="admin-muted">As of {formatDateTime(stats.generatedAt)}.</p>
            <JobFigures stats={stats} />
            <section aria-labelledby="admin-throughput-heading" className="card admin-section">
              <h2 id="admin-throughput-heading">Throughput</h2>
              <p>{formatCount(stats.throughput.finishedLast24Hours)} job(s) finished in the last 24 hours.</p>
              <BarChart
                title="Jobs finished per hour, last 24 hours"
                summary={`${stats.throughput.finishedLast24Hours} jobs finished in the last 24 hours; the busiest hour had ${Math.max(0, ...stats.throughput.hours.map(finished))}.`}
                valueHeader="Jobs finished (succeeded / failed / canceled)"
                maxText={`${Math.max(0, ...stats.throughput.hours.map(finished))} per hour`}
                bars={stats.throughput.hours.map((hour) => ({
                  label: formatHour(hour.hourStart),
                  value: finished(hour),
                  valueText: `${finished(hour)} (${hour.succeeded} / ${hour.failed} / ${hour.canceled})`,
                }))}
              />
            </section>
            <section aria-labelledby="admin-models-heading" className="card admin-section">
              <div className="admin-heading-row">
                <h2 id="admin-models-heading">Model calls</h2>
                <div className="admin-inline-field">
                  <label htmlFor={windowId}>Window</label>
                  <select id={windowId} value={hours} onChange={(event) => setHours(Number(event.target.value))}>
                    {windows.map((option) => (
                      <option key={option.hours} value={option.hours}>
                        {option.label}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <ModelTable models={stats.modelCalls.models} />
            </section>
            <section aria-labelledby="admin-cost-heading" className="card admin-section">
              <h2 id="admin-cost-heading">Cost per day</h2>
              <p>
                {formatUsd(stats.costPerDay.reduce((sum, day) => sum + day.costUsd, 0))} over the last{" "}
                {stats.costPerDay.length} days (UTC).
              </p>
              <BarChart
                title={`Model cost per day, last ${stats.costPerDay.length} days (UTC)`}
                summary={costSummary(stats.costPerDay)}
                valueHeader="Cost (calls)"
                maxText={formatUsd(Math.max(0, ...stats.costPerDay.map((day) => day.costUsd)))}
                bars={stats.costPerDay.map((day) => ({
                  label: formatDay(day.day),
                  value: day.costUsd,
                  valueText: `${formatUsd(day.costUsd)} (${formatCount(day.calls)} calls)`,
                }))}
              />
            </section>
          </>
        )}
      </ResourceView>
    </AdminPage>
  );
}

function finished(hour: { succeeded: number; failed: number; canceled: number }): number {
  return hour.succeeded + hour.failed + hour.canceled;
}

function costSummary(days: AdminStats["costPerDay"]): string {
  const total = days.reduce((sum, day) => sum + day.costUsd, 0);
  if (total === 0) return "No model cost in these days.";
  const highest = days.reduce((best, day) => (day.costUsd > best.costUsd ? day : best));
  return `${formatUsd(total)} in total; the most expensive day was ${formatDay(highest.day)} with ${formatUsd(highest.costUsd)}.`;
}

function JobFigures({ stats }: { stats: AdminStats }) {
  const { jobs } = stats;
  return (
    <section aria-labelledby="admin-jobs-heading" className="card admin-section">
      <div className="admin-heading-row">
        <h2 id="admin-jobs-heading">Jobs</h2>
        <Link to="jobs">All jobs</Link>
      </div>
      <dl className="admin-figures">
        <div>
          <dt>Queue depth</dt>
          <dd>{formatCount(jobs.queueDepth)}</dd>
        </div>
        <div>
          <dt>Oldest queued</dt>
          <dd>{jobs.oldestQueuedAgeSeconds === null ? "none" : `${formatSeconds(jobs.oldestQueuedAgeSeconds)} ago`}</dd>
        </div>
        <div>
          <dt>Finished, 24 h</dt>
          <dd>{formatCount(stats.throughput.finishedLast24Hours)}</dd>
        </div>
      </dl>
      <h3>By state</h3>
      <ul className="admin-states">
        {jobStates.map((state) => (
          <li key={state}>
            <Link to={`jobs?status=${state}`} className={`admin-state admin-state-${state}`}>
              <span>{jobStateLabels[state]}</span> <strong>{formatCount(jobs.byState[state])}</strong>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ModelTable({ models }: { models: readonly ModelCalls[] }) {
  if (models.length === 0) return <EmptyState>No model calls in this window.</EmptyState>;
  return (
    <div className="admin-table-scroll" tabIndex={0} role="region" aria-label="Model calls by model">
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col" className="number">
              Calls
            </th>
            <th scope="col" className="number">
              Errors
            </th>
            <th scope="col" className="number">
              p50 latency
            </th>
            <th scope="col" className="number">
              p95 latency
            </th>
            <th scope="col" className="number">
              Tokens in / out (cached)
            </th>
            <th scope="col" className="number">
              Cost
            </th>
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <tr key={model.model}>
              <th scope="row">{model.model}</th>
              <td className="number">{formatCount(model.calls)}</td>
              <td className={`number${model.errors > 0 ? " admin-bad" : ""}`}>
                {formatCount(model.errors)} ({formatPercent(model.errorRate)})
              </td>
              <td className="number">{formatDuration(model.p50LatencyMs)}</td>
              <td className="number">{formatDuration(model.p95LatencyMs)}</td>
              <td className="number">
                {formatCount(model.promptTokens)} / {formatCount(model.completionTokens)} (
                {formatCount(model.cachedPromptTokens)})
              </td>
              <td className="number">{formatUsd(model.costUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
