import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type RunningWorker } from "../src/jobs/index.ts";
import { ProviderAuthError } from "../src/llm/index.ts";
import type { ModelProvider } from "../src/llm/types.ts";
import { createLogger, listLogs, loggedProvider, type CourseforgeLogger } from "../src/observability/index.ts";
import { openProvider } from "../src/app/index.ts";
import { sendJson, waitForStatus } from "./support/http-helpers.ts";
import { startTestService, type TestService } from "./support/http-service.ts";

// The worker's structured log: job starts and ends, and failed model calls with the job they served.

let service: TestService;
let log: CourseforgeLogger;
let worker: RunningWorker;
let provider: ModelProvider;
let close: () => Promise<void>;
const lines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  service = await startTestService();
  log = createLogger({
    database: service.testDatabase.db,
    destination: { write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  const opened = await openProvider(service.config);
  close = async () => {
    await opened.provider.close();
    await opened.simulator?.close();
  };
  // The model refuses the key for topics about "refused": that job fails; the others succeed.
  provider = {
    name: opened.provider.name,
    close: () => Promise.resolve(),
    complete: (request) => {
      if (JSON.stringify(request.messages).includes("Refused topic"))
        return Promise.reject(new ProviderAuthError("Incorrect API key provided."));
      return opened.provider.complete(request);
    },
  };
  worker = await startWorker({
    database: service.testDatabase.db,
    queue: service.queue,
    provider: loggedProvider(provider, log.logger),
    logger: log.logger,
    config: service.config,
    simulated: true,
    workerId: `test:${randomUUID().slice(0, 6)}`,
  });
});
afterAll(async () => {
  await worker?.stop({ graceMs: 1_000 });
  await log?.close();
  await close?.();
  await service?.cleanup();
});

async function submit(topic: string): Promise<string> {
  const response = await sendJson(service, "/v1/courses", service.users.alice, {
    topic,
    modules: 1,
    lessonsPerModule: 1,
  });
  return ((await response.json()) as { jobId: string }).jobId;
}

describe("worker logs", () => {
  it("logs the start and end of each job and the failed model calls, with job and user, to stdout and the database", async () => {
    const succeeded = await submit("Volcanoes of Iceland");
    const failed = await submit("Refused topic");
    await waitForStatus(service, service.users.alice, succeeded, ["succeeded"]);
    await waitForStatus(service, service.users.alice, failed, ["failed"]);
    await log.flush();

    const eventsOf = (jobId: string) => lines.filter((line) => line.jobId === jobId).map((line) => line.event);
    expect(eventsOf(succeeded)).toEqual(["job.started", "job.succeeded"]);
    expect(eventsOf(failed)).toEqual(expect.arrayContaining(["job.started", "model_call.failed", "job.failed"]));
    expect(lines.find((line) => line.jobId === failed && line.event === "job.failed")).toMatchObject({
      level: "error",
      userId: service.users.alice.id,
      code: "GENERATION_STEP_FAILED",
    });

    const stored = await listLogs(service.testDatabase.db, { jobId: failed, severity: "warn" });
    const call = stored.find((entry) => entry.event === "model_call.failed");
    expect(call).toMatchObject({
      userId: service.users.alice.id,
      errorName: "ProviderAuthError",
      suggestion: expect.stringContaining("OPENAI_API_KEY"),
    });
    expect(call?.errorStack).toContain("Incorrect API key");
  });
});
