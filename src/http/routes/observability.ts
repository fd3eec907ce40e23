import { timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import type { Alert, StoredLog } from "../../observability/index.ts";
import { NotFoundError, UnauthenticatedError } from "../errors.ts";
import { isoDate } from "../present.ts";
import { publicRoute, route, type RouteDefinition } from "../route.ts";
import type { LogEntryResponse } from "../schemas.ts";
import {
  AlertListResponse,
  AlertParams,
  AlertResponse,
  AlertsQuery,
  ErrorResponse,
  LogListResponse,
  LogsQuery,
} from "../schemas.ts";

const forbidden = { description: "The caller is not an admin.", schema: ErrorResponse };
function presentAlert(alert: Alert): z.output<typeof AlertResponse> {
  return {
    ...alert,
    firstSeen: isoDate(alert.firstSeen),
    lastSeen: isoDate(alert.lastSeen),
    acknowledgedAt: alert.acknowledgedAt === null ? null : isoDate(alert.acknowledgedAt),
    resolvedAt: alert.resolvedAt === null ? null : isoDate(alert.resolvedAt),
  };
}

function alertAction(status: "acknowledged" | "resolved"): RouteDefinition {
  const verb = status === "acknowledged" ? "acknowledge" : "resolve";
  return route(
    {
      method: "post",
      path: `/v1/admin/alerts/:id/${verb}`,
      operationId: `${verb}Alert`,
      summary:
        status === "acknowledged"
          ? "Acknowledge an open alert (it stays until its condition clears)"
          : "Resolve an alert by hand",
      tag: "admin",
      access: "admin",
      params: AlertParams,
      responses: {
        200: {
          description: "The alert (unchanged when it was already in that state or past it).",
          schema: AlertResponse,
        },
        400: { description: "A bad alert id.", schema: ErrorResponse },
        403: forbidden,
        404: { description: "NOT_FOUND: no such alert.", schema: ErrorResponse },
      },
    },
    async ({ context, caller, params, dependencies }) => {
      const alert = await dependencies.monitoring.setAlertStatus(caller, params.id, status, context.req.raw.signal);
      if (alert === undefined) throw new NotFoundError(`No alert ${params.id}.`, { id: params.id });
      return context.json(presentAlert(alert), 200);
    },
  );
}

function presentLog(entry: StoredLog): z.output<typeof LogEntryResponse> {
  return { ...entry, createdAt: isoDate(entry.createdAt) };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Prometheus metrics and the stored logs (admins). */
export const observabilityRoutes: readonly RouteDefinition[] = [
  publicRoute(
    {
      method: "get",
      path: "/metrics",
      operationId: "metrics",
      summary: "Prometheus metrics (text exposition format)",
      description:
        "Open when COURSEFORGE_METRICS_TOKEN is unset; otherwise send `Authorization: Bearer <COURSEFORGE_METRICS_TOKEN>`.",
      tag: "system",
      access: "public",
      responses: {
        200: { description: "The metrics.", contentType: "text/plain; version=0.0.4" },
        401: { description: "A metrics token is configured and was not sent.", schema: ErrorResponse },
      },
    },
    async ({ context, dependencies }) => {
      const { metrics, metricsToken } = dependencies;
      if (metricsToken !== undefined) {
        const sent = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(context.req.header("authorization") ?? "")?.[1];
        if (sent === undefined || !sameSecret(sent, metricsToken))
          throw new UnauthenticatedError("Send `Authorization: Bearer <COURSEFORGE_METRICS_TOKEN>`.");
      }
      const text = await metrics.render();
      return context.body(text, 200, { "content-type": metrics.contentType });
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/admin/logs",
      operationId: "listLogs",
      summary: "Stored log entries, newest first, filtered by job, severity and time",
      tag: "admin",
      access: "admin",
      query: LogsQuery,
      responses: {
        200: { description: "The matching entries.", schema: LogListResponse },
        400: { description: "A bad filter; `details.field` names it.", schema: ErrorResponse },
        403: forbidden,
      },
    },
    async ({ context, caller, query, dependencies }) => {
      const logs = await dependencies.monitoring.logs(caller, query, context.req.raw.signal);
      return context.json({ logs: logs.map(presentLog) }, 200);
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/admin/alerts",
      operationId: "listAlerts",
      summary: "Alerts raised by the evaluator, most recent activity first",
      tag: "admin",
      access: "admin",
      query: AlertsQuery,
      responses: {
        200: { description: "The alerts.", schema: AlertListResponse },
        400: { description: "A bad filter; `details.field` names it.", schema: ErrorResponse },
        403: forbidden,
      },
    },
    async ({ context, caller, query, dependencies }) => {
      const alerts = await dependencies.monitoring.alerts(caller, query, context.req.raw.signal);
      return context.json({ alerts: alerts.map(presentAlert) }, 200);
    },
  ),
  alertAction("acknowledged"),
  alertAction("resolved"),
];
