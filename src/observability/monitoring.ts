import type { Queryable } from "../db/port.ts";
import { requireAdmin, type Caller } from "../users/index.ts";
import { readAdminStats, type AdminStats } from "./admin-stats.ts";
import { listAlerts, setAlertStatus, type Alert, type AlertStatus } from "./alert-store.ts";
import { listLogs, type LogFilter, type StoredLog } from "./log-store.ts";

/**
 * What an operator reads and does through the API: stored logs, alerts and the dashboard's
 * figures. Every method is for admins and refuses anyone else (`FORBIDDEN`), whatever the route
 * in front of it checked.
 */
export interface Monitoring {
  /** Stored log entries, newest first. */
  logs(caller: Caller, filter: LogFilter, signal?: AbortSignal): Promise<StoredLog[]>;
  /** Alerts, most recent activity first. */
  alerts(
    caller: Caller,
    filter: { readonly status?: AlertStatus | undefined; readonly limit?: number | undefined },
    signal?: AbortSignal,
  ): Promise<Alert[]>;
  /** Acknowledges or resolves an alert by hand; `undefined` when there is no such alert. */
  setAlertStatus(
    caller: Caller,
    alertId: number,
    status: "acknowledged" | "resolved",
    signal?: AbortSignal,
  ): Promise<Alert | undefined>;
  /** The dashboard's figures now, model calls over the last `modelWindowHours`. */
  stats(caller: Caller, options: { readonly modelWindowHours: number }, signal?: AbortSignal): Promise<AdminStats>;
}

/** Builds the monitoring service on the database the logs, alerts and jobs are stored in. */
export function createMonitoring(options: { readonly database: Queryable }): Monitoring {
  const { database } = options;
  return {
    async logs(caller, filter, signal) {
      requireAdmin(caller, "read the logs");
      return listLogs(database, filter, signal);
    },
    async alerts(caller, filter, signal) {
      requireAdmin(caller, "read the alerts");
      return listAlerts(
        database,
        {
          ...(filter.status === undefined ? {} : { status: filter.status }),
          ...(filter.limit === undefined ? {} : { limit: filter.limit }),
        },
        signal,
      );
    },
    async setAlertStatus(caller, alertId, status, signal) {
      requireAdmin(caller, "change alerts");
      return setAlertStatus(database, alertId, status, signal);
    },
    async stats(caller, statsOptions, signal) {
      requireAdmin(caller, "read the statistics");
      return readAdminStats(database, { modelWindowHours: statsOptions.modelWindowHours, signal });
    },
  };
}
