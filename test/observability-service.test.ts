import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.ts";
import { startService, type RunningService } from "../src/app/index.ts";

// The API process evaluates alerts on its own and sends them to the webhook; it serves /metrics.

let dataDir: string;
let receiver: Server;
let service: RunningService;
const received: Array<{ text: string }> = [];
const logLines: string[] = [];
let calls = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "courseforge-observability-"));
  receiver = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      calls += 1;
      // The first delivery fails: the notifier must retry.
      response.statusCode = calls === 1 ? 502 : 200;
      if (calls > 1) received.push(JSON.parse(body) as { text: string });
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const config = loadConfig({
    COURSEFORGE_DATA_DIR: dataDir,
    COURSEFORGE_ALERT_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    COURSEFORGE_ALERT_INTERVAL_SECONDS: "1",
    COURSEFORGE_QUEUE_POLLING_SECONDS: "0.5",
  });
  service = await startService({
    config,
    mode: "api",
    port: 0,
    host: "127.0.0.1",
    log: { info: () => {}, error: () => {} },
    logDestination: { write: (line) => void logLines.push(line) },
  });
}, 120_000);
afterAll(async () => {
  await service?.stop();
  await new Promise((resolve) => receiver.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});

describe("the API process", () => {
  it("opens an alert for a stalled queue, logs it, and delivers it to the webhook after a failed try", async () => {
    await service.database.query(
      `INSERT INTO course_generation_jobs (id, status, request, created_at) VALUES ('job_stalled', 'queued', '{}'::jsonb, now() - interval '30 minutes')`,
    );
    for (let waited = 0; received.length === 0 && waited < 200; waited += 1)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received[0]?.text).toMatch(/\[CRITICAL\] queue_stalled \(queue\): The oldest queued job has waited 30 min/);
    expect(calls).toBe(2);
    const [alert] = await service.database.query(
      `SELECT status, rule FROM course_generation_alerts WHERE rule = 'queue_stalled'`,
    );
    expect(alert).toEqual({ status: "open", rule: "queue_stalled" });
    expect(logLines.some((line) => line.includes('"event":"alert.opened"'))).toBe(true);

    const metrics = await fetch(`${service.url}/metrics`);
    expect(await metrics.text()).toMatch(/^courseforge_queue_oldest_age_seconds 1[89]\d\d/m);
  }, 60_000);
});
