import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./load-config.ts";

describe("observability settings", () => {
  it("has defaults and reads the environment", () => {
    expect(loadConfig({}).observability).toEqual({
      logLevel: "info",
      logRetentionDays: 14,
      metricsToken: undefined,
      alertWebhookUrl: undefined,
      alertIntervalSeconds: 30,
      dailyBudgetUsd: undefined,
    });
    const config = loadConfig({
      COURSEFORGE_LOG_LEVEL: "debug",
      COURSEFORGE_LOG_RETENTION_DAYS: "30",
      COURSEFORGE_METRICS_TOKEN: "a-long-metrics-token",
      COURSEFORGE_ALERT_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/X",
      COURSEFORGE_ALERT_INTERVAL_SECONDS: "5",
      COURSEFORGE_DAILY_BUDGET_USD: "12.5",
    });
    expect(config.observability).toEqual({
      logLevel: "debug",
      logRetentionDays: 30,
      metricsToken: "a-long-metrics-token",
      alertWebhookUrl: "https://hooks.slack.com/services/T/B/X",
      alertIntervalSeconds: 5,
      dailyBudgetUsd: 12.5,
    });
  });

  it("names the variable of a bad value and never echoes a secret", () => {
    expect(() => loadConfig({ COURSEFORGE_LOG_RETENTION_DAYS: "0" })).toThrow(
      /COURSEFORGE_LOG_RETENTION_DAYS must be a whole number from 1 to 3650/,
    );
    expect(() => loadConfig({ COURSEFORGE_LOG_LEVEL: "loud" })).toThrow(ConfigError);
    const error = (() => {
      try {
        loadConfig({ COURSEFORGE_METRICS_TOKEN: "short-secret" });
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    expect(error?.message).toContain("COURSEFORGE_METRICS_TOKEN");
    expect(error?.message).not.toContain("short-secret");
  });
});
