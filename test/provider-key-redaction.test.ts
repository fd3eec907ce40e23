import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startService, type RunningService } from "../src/app/index.ts";
import { loadConfig } from "../src/config/index.ts";
import { createTestDatabase, testBackend, testDatabaseUrl, type TestDatabase } from "./support/database.ts";

// A provider (or a proxy in front of it) whose 401 echoes the key it was sent: the key must not
// reach the job's failure, its events, job lists, the logs (table and stdout) or any table. The
// key has no recognisable shape, so only the redaction of configured secrets can catch it.

const providerKey = "proxy-key-Zq81xT0pLm4";
let dataDir: string;
let provider: Server;
let service: RunningService;
let postgres: TestDatabase | undefined;
let queueSchema = "pgboss";
const logLines: string[] = [];
const serviceLines: string[] = [];
const seenAuthorization: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "courseforge-redaction-"));
  provider = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const authorization = request.headers.authorization ?? "";
      seenAuthorization.push(authorization);
      const key = authorization.replace(/^Bearer /, "");
      response.writeHead(401, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          error: {
            message: `Incorrect API key provided: ${key}. You sent the header "${authorization}".`,
            type: "invalid_request_error",
            param: key,
            code: "invalid_api_key",
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
  // On Postgres the service runs in a fresh schema of the test server (the queue's too).
  const databaseSettings: Record<string, string> = {};
  if (testBackend() === "postgres") {
    postgres = await createTestDatabase({ backend: "postgres" });
    // The queue needs a schema of its own, apart from Courseforge's tables.
    queueSchema = `${postgres.location}_queue`;
    const url = new URL(testDatabaseUrl());
    url.searchParams.set("options", `-c search_path=${postgres.location}`);
    Object.assign(databaseSettings, { DATABASE_URL: url.toString(), COURSEFORGE_QUEUE_SCHEMA: queueSchema });
  }
  const config = loadConfig({
    ...databaseSettings,
    COURSEFORGE_DATA_DIR: dataDir,
    COURSEFORGE_PROVIDER: "openai",
    OPENAI_API_KEY: providerKey,
    OPENAI_BASE_URL: `http://127.0.0.1:${(provider.address() as AddressInfo).port}/v1`,
    COURSEFORGE_QUEUE_POLLING_SECONDS: "0.5",
  });
  service = await startService({
    config,
    mode: "all",
    port: 0,
    host: "127.0.0.1",
    log: { info: (line) => void serviceLines.push(line), error: (line) => void serviceLines.push(line) },
    logDestination: { write: (line) => void logLines.push(line) },
  });
}, 120_000);
afterAll(async () => {
  await service?.stop();
  await new Promise((resolve) => provider?.close(resolve));
  if (postgres !== undefined) await postgres.db.query(`DROP SCHEMA IF EXISTS "${queueSchema}" CASCADE`);
  await postgres?.cleanup();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

async function api(pathname: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${service.firstAdminToken!}`);
  return fetch(`${service.url!}${pathname}`, { ...init, headers });
}

describe("a provider that echoes the key in its 401", () => {
  it("fails the job with the reason redacted everywhere it is stored, logged or sent", async () => {
    const submitted = await api("/v1/courses", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ topic: "Tides" }),
    });
    expect(submitted.status).toBe(202);
    const { jobId } = (await submitted.json()) as { jobId: string };

    let job: { status: string; failure: { code: string; reason: string } | null } = { status: "", failure: null };
    for (let attempt = 0; attempt < 300 && job.status !== "failed"; attempt += 1) {
      job = (await (await api(`/v1/jobs/${jobId}`)).json()) as typeof job;
      if (job.status !== "failed") await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The provider really was sent the key and echoed it: what follows is redaction, not luck.
    expect(seenAuthorization).toContain(`Bearer ${providerKey}`);
    expect(job.status).toBe("failed");
    expect(job.failure?.code).toBe("GENERATION_STEP_FAILED");
    expect(job.failure?.reason).toContain("Incorrect API key provided: [REDACTED]");
    await service.logger.flush();

    const sent = [
      JSON.stringify(job),
      await (await api("/v1/jobs")).text(),
      await (await api(`/v1/jobs/${jobId}/events`)).text(),
      await (await api(`/v1/admin/logs?jobId=${jobId}`)).text(),
      await (await api("/v1/admin/logs")).text(),
    ];
    for (const body of sent) expect(body).not.toContain(providerKey);
    expect(sent[2]).toContain("[REDACTED]");

    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join("\n")).not.toContain(providerKey);
    expect(serviceLines.join("\n")).not.toContain(providerKey);

    const [where] = await service.database.query<{ schema: string }>(`SELECT current_schema() AS schema`);
    expect(where?.schema).toBe(postgres?.location ?? "courseforge");
    // Every row of every table (jobs, events, steps, llm_calls, logs, the queue's own job rows).
    const tables = await service.database.query<{ name: string }>(
      `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables
        WHERE table_schema IN (current_schema(), $1) AND table_type = 'BASE TABLE'`,
      [queueSchema],
    );
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/\.course_generation_logs$/), expect.stringMatching(/\.job$/)]),
    );
    const leaking: string[] = [];
    for (const { name } of tables) {
      const [row] = await service.database.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM ${name} AS t WHERE t::text LIKE $1`,
        [`%${providerKey}%`],
      );
      if (row!.count > 0) leaking.push(name);
    }
    expect(leaking).toEqual([]);
  }, 60_000);
});
