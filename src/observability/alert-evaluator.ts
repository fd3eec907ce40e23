import type { Logger } from "pino";
import type { Queryable } from "../db/port.ts";
import { alertRules, defaultAlertThresholds, type AlertRule, type AlertThresholds } from "./alert-rules.ts";
import { raiseAlert, resolveClearedAlerts, type Alert } from "./alert-store.ts";

/** Told about each alert that opened or resolved (e.g. the webhook). */
export type AlertNotifier = (alert: Alert, change: "opened" | "resolved") => Promise<void>;

/** What {@link evaluateAlerts} needs. */
export interface AlertEvaluationOptions {
  readonly database: Queryable;
  readonly thresholds?: Partial<AlertThresholds>;
  /** Rules to run (default {@link alertRules}). */
  readonly rules?: Readonly<Record<string, AlertRule>>;
  readonly notify?: AlertNotifier;
  readonly logger?: Logger;
}

/** Runs every rule once at `now`: opens or bumps alerts whose condition holds, resolves those that cleared, notifies the changes. */
export async function evaluateAlerts(
  options: AlertEvaluationOptions,
  now = new Date(),
): Promise<{ opened: Alert[]; resolved: Alert[] }> {
  const thresholds = { ...defaultAlertThresholds, ...options.thresholds };
  const opened: Alert[] = [];
  const resolved: Alert[] = [];
  for (const [rule, evaluate] of Object.entries(options.rules ?? alertRules)) {
    let conditions;
    try {
      conditions = await evaluate(options.database, now, thresholds);
    } catch (error) {
      // One broken rule (e.g. a table another part has not migrated yet) does not stop the others.
      options.logger?.error({ event: "alert.rule_failed", rule, error }, `Alert rule ${rule} failed`);
      continue;
    }
    for (const condition of conditions) {
      const raised = await raiseAlert(options.database, rule, condition, now);
      if (raised.opened) opened.push(raised.alert);
    }
    resolved.push(
      ...(await resolveClearedAlerts(
        options.database,
        rule,
        conditions.map((condition) => condition.key),
        now,
      )),
    );
  }
  for (const [alerts, change] of [
    [opened, "opened"],
    [resolved, "resolved"],
  ] as const) {
    for (const alert of alerts) {
      const level = change === "resolved" ? "info" : alert.severity === "critical" ? "error" : "warn";
      options.logger?.[level](
        { event: `alert.${change}`, alertId: alert.id, rule: alert.rule, key: alert.key },
        `Alert ${change}: ${alert.message}`,
      );
      try {
        await options.notify?.(alert, change);
      } catch (error) {
        options.logger?.error(
          { event: "alert.notify_failed", alertId: alert.id, error },
          `Could not send alert #${alert.id}`,
        );
      }
    }
  }
  return { opened, resolved };
}

/** Runs {@link evaluateAlerts} every `intervalMs` (never two at once) until stopped. */
export function startAlertEvaluator(options: AlertEvaluationOptions & { readonly intervalMs: number }): {
  stop(): Promise<void>;
} {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= evaluateAlerts(options)
      .catch((error: unknown) =>
        options.logger?.error({ event: "alert.evaluation_failed", error }, "Alert evaluation failed"),
      )
      .finally(() => (running = undefined));
  }, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
