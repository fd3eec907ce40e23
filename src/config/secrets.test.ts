import { describe, expect, it } from "vitest";
import { loadConfig } from "./load-config.ts";
import { configuredSecrets } from "./secrets.ts";

describe("configuredSecrets", () => {
  it("lists the provider key, the database password, the JWT secret, the metrics token and the webhook URL", () => {
    const config = loadConfig({
      OPENAI_API_KEY: "provider-key-123456",
      DATABASE_URL: "postgres://app:p%40ss-word-99@db.example.com:5432/courses",
      SUPABASE_JWT_SECRET: "j".repeat(40),
      COURSEFORGE_METRICS_TOKEN: "metrics-token-0123456789",
      COURSEFORGE_ALERT_WEBHOOK_URL: "https://hooks.slack.com/services/T000/B000/XXXX",
    });
    expect(configuredSecrets(config).sort()).toEqual(
      [
        "provider-key-123456",
        "p@ss-word-99",
        "j".repeat(40),
        "metrics-token-0123456789",
        "https://hooks.slack.com/services/T000/B000/XXXX",
      ].sort(),
    );
    expect(configuredSecrets(loadConfig({}))).toEqual([]);
  });
});
