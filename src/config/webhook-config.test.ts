import { describe, expect, it } from "vitest";
import { loadConfig } from "./load-config.ts";

describe("webhook settings", () => {
  it("defaults to about a day of retries, 10 s per attempt, public receivers only", () => {
    const { webhooks } = loadConfig({});
    expect(webhooks).toEqual({
      retryDelaysSeconds: [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000],
      timeoutSeconds: 10,
      allowPrivateNetworks: false,
    });
    expect(webhooks.retryDelaysSeconds.reduce((sum, wait) => sum + wait, 0) / 3_600).toBeGreaterThan(24);
  });

  it("reads the environment", () => {
    expect(
      loadConfig({
        COURSEFORGE_WEBHOOK_RETRY_DELAYS: "1, 2.5,60",
        COURSEFORGE_WEBHOOK_TIMEOUT_SECONDS: "3",
        COURSEFORGE_WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
      }).webhooks,
    ).toEqual({ retryDelaysSeconds: [1, 2.5, 60], timeoutSeconds: 3, allowPrivateNetworks: true });
    expect(loadConfig({ COURSEFORGE_WEBHOOK_RETRY_DELAYS: "," }).webhooks.retryDelaysSeconds).toEqual([]);
  });

  it.each([
    [{ COURSEFORGE_WEBHOOK_RETRY_DELAYS: "5,soon" }, /COURSEFORGE_WEBHOOK_RETRY_DELAYS .*number/],
    [{ COURSEFORGE_WEBHOOK_RETRY_DELAYS: "5,-1" }, /COURSEFORGE_WEBHOOK_RETRY_DELAYS/],
    [
      { COURSEFORGE_WEBHOOK_TIMEOUT_SECONDS: "0" },
      /COURSEFORGE_WEBHOOK_TIMEOUT_SECONDS must be a number from 0.1 to 120/,
    ],
    [
      { COURSEFORGE_WEBHOOK_ALLOW_PRIVATE_NETWORKS: "yes" },
      /COURSEFORGE_WEBHOOK_ALLOW_PRIVATE_NETWORKS .*true or false/,
    ],
  ])("refuses %o, naming the variable", (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(message);
  });
});
