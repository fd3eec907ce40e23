import { defineConfig, devices } from "@playwright/test";

// Browser tests (e2e/) on Debian's chromium: no browser is downloaded. Each worker starts its own
// Courseforge (e2e/support/fixtures.ts); the web UI is built first by global setup.
export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/support/global-setup.ts",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  use: {
    ...devices["Desktop Chrome"],
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.COURSEFORGE_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
      ],
    },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
});
