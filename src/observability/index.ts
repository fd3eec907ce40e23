// Observability: structured logs (stdout + database), Prometheus metrics, alerts, setup checks.
export { createLogger, logLevels, redactedPaths, serializeError } from "./logger.ts";
export type { CourseforgeLogger, CreateLoggerOptions, LogDestination, LogLevel } from "./logger.ts";
export type { LogEntry, LogSink, LogSinkOptions } from "./log-sink.ts";
export { deleteExpiredLogs, listLogs, startLogRetention } from "./log-store.ts";
export type { LogFilter, StoredLog } from "./log-store.ts";
export { suggestionFor, suggestionsByCode } from "./suggestions.ts";
export { breakerStateValues, createMetrics } from "./metrics.ts";
export type { CreateMetricsOptions, Metrics } from "./metrics.ts";
export { currentLogContext, withLogContext } from "./log-context.ts";
export type { LogContext } from "./log-context.ts";
export { loggedProvider } from "./logged-provider.ts";
export { checkConfig, formatDoctorReport, runDoctor } from "./doctor.ts";
export type { DoctorCheck } from "./doctor.ts";
export { alertStatuses, listAlerts, raiseAlert, resolveClearedAlerts, setAlertStatus } from "./alert-store.ts";
export type { Alert, AlertCondition, AlertSeverity, AlertStatus } from "./alert-store.ts";
export { alertRules, defaultAlertThresholds } from "./alert-rules.ts";
export type { AlertRule, AlertThresholds } from "./alert-rules.ts";
export { evaluateAlerts, startAlertEvaluator } from "./alert-evaluator.ts";
export { costHistoryDays, jobStates, readAdminStats } from "./admin-stats.ts";
export type {
  AdminStats,
  AdminStatsOptions,
  DayOfCost,
  HourOfThroughput,
  JobState,
  ModelCallStats,
} from "./admin-stats.ts";
export type { AlertEvaluationOptions, AlertNotifier } from "./alert-evaluator.ts";
export { alertMessage, postWebhook, WebhookDeliveryError } from "./webhook.ts";
export type { SlackMessage, WebhookOptions } from "./webhook.ts";
export { createMonitoring } from "./monitoring.ts";
export type { Monitoring } from "./monitoring.ts";
