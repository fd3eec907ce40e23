import type { Queryable, Row } from "../db/port.ts";

export const alertStatuses = ["open", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof alertStatuses)[number];
export type AlertSeverity = "warning" | "critical";

/** A condition a rule found, before it is stored. */
export interface AlertCondition {
  /** Deduplication key within the rule, e.g. a model name or an error code. */
  readonly key: string;
  readonly severity: AlertSeverity;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

/** A stored alert. */
export interface Alert extends AlertCondition {
  readonly id: number;
  readonly rule: string;
  readonly status: AlertStatus;
  /** Evaluations that found the condition while the alert was unresolved. */
  readonly count: number;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  readonly acknowledgedAt: Date | null;
  readonly resolvedAt: Date | null;
}

function alertOf(row: Row): Alert {
  return {
    id: row.id as number,
    rule: row.rule as string,
    key: row.key as string,
    severity: row.severity as AlertSeverity,
    status: row.status as AlertStatus,
    message: row.message as string,
    details: row.details as Record<string, unknown>,
    count: row.count as number,
    firstSeen: row.first_seen as Date,
    lastSeen: row.last_seen as Date,
    acknowledgedAt: row.acknowledged_at as Date | null,
    resolvedAt: row.resolved_at as Date | null,
  };
}

/**
 * Records that `condition` holds now: opens an alert, or bumps the unresolved one of the same
 * (rule, key). `opened` is true when a new alert was opened (the one to notify about).
 */
export async function raiseAlert(
  database: Queryable,
  rule: string,
  condition: AlertCondition,
  now: Date,
): Promise<{ alert: Alert; opened: boolean }> {
  const [row] = await database.query(
    `INSERT INTO course_generation_alerts (rule, key, severity, status, message, details, count, first_seen, last_seen)
     VALUES ($1, $2, $3, 'open', $4, $5::jsonb, 1, $6, $6)
     ON CONFLICT (rule, key) WHERE status <> 'resolved'
     DO UPDATE SET severity = EXCLUDED.severity, message = EXCLUDED.message, details = EXCLUDED.details,
                   count = course_generation_alerts.count + 1, last_seen = EXCLUDED.last_seen
     RETURNING *`,
    [rule, condition.key, condition.severity, condition.message, JSON.stringify(condition.details), now],
  );
  const alert = alertOf(row!);
  return { alert, opened: alert.count === 1 };
}

/** Resolves the unresolved alerts of `rule` whose key is not among `activeKeys`; returns them. */
export async function resolveClearedAlerts(
  database: Queryable,
  rule: string,
  activeKeys: readonly string[],
  now: Date,
): Promise<Alert[]> {
  const rows = await database.query(
    `UPDATE course_generation_alerts SET status = 'resolved', resolved_at = $3
      WHERE rule = $1 AND status <> 'resolved' AND NOT (key = ANY($2::text[])) RETURNING *`,
    [rule, [...activeKeys], now],
  );
  return rows.map(alertOf);
}

/** Alerts, newest activity first, optionally of one status. */
export async function listAlerts(
  database: Queryable,
  options: { status?: AlertStatus; limit?: number } = {},
  signal?: AbortSignal,
): Promise<Alert[]> {
  const rows = await database.query(
    `SELECT * FROM course_generation_alerts WHERE ($1::text IS NULL OR status = $1) ORDER BY last_seen DESC, id DESC LIMIT $2`,
    [options.status ?? null, options.limit ?? 100],
    { signal },
  );
  return rows.map(alertOf);
}

/**
 * Moves an alert by hand: `acknowledged` (from open) or `resolved` (from open or acknowledged).
 * An alert already there or past it is returned as it is; `undefined` when there is no such alert.
 */
export async function setAlertStatus(
  database: Queryable,
  id: number,
  status: "acknowledged" | "resolved",
  signal?: AbortSignal,
): Promise<Alert | undefined> {
  const from = status === "acknowledged" ? ["open"] : ["open", "acknowledged"];
  const column = status === "acknowledged" ? "acknowledged_at" : "resolved_at";
  const [changed] = await database.query(
    `UPDATE course_generation_alerts SET status = $2, ${column} = now() WHERE id = $1 AND status = ANY($3::text[]) RETURNING *`,
    [id, status, from],
    { signal },
  );
  if (changed) return alertOf(changed);
  const [current] = await database.query(`SELECT * FROM course_generation_alerts WHERE id = $1`, [id], { signal });
  return current ? alertOf(current) : undefined;
}
