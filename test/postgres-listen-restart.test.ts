import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/db/index.ts";
import {
  startThrowawayCluster,
  throwawayClusterUnavailable,
  type ThrowawayCluster,
} from "./support/postgres-cluster.ts";

// The one listening connection of a process (what pushes job events to event streams) must come
// back by itself after Postgres restarts, and tell its listeners that notifications were missed.
const unavailable = throwawayClusterUnavailable();
if (unavailable !== undefined)
  console.warn(
    `SKIPPED test/postgres-listen-restart.test.ts: cannot start a throwaway Postgres cluster: ${unavailable}.`,
  );

async function notify(url: string, channel: string, payload: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT pg_notify($1, $2)", [channel, payload]);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(unavailable !== undefined)("listening across a Postgres restart", () => {
  let cluster: ThrowawayCluster;
  let database: Database | undefined;
  let dataDir: string;
  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    dataDir = await mkdtemp(path.join(os.tmpdir(), "courseforge-listen-"));
  });
  afterAll(async () => {
    await database?.close();
    await cluster?.destroy();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("hears notifications again after a restart, and tells its listener it may have missed some", async () => {
    const errors: Error[] = [];
    database = await openDatabase({
      databaseUrl: cluster.url,
      dataDir,
      migrate: false,
      onConnectionError: (error) => errors.push(error),
    });
    const heard: string[] = [];
    let reconnects = 0;
    await database.listen("courseforge_restart_test", {
      onNotification: (payload) => heard.push(payload),
      onReconnect: () => (reconnects += 1),
    });
    await notify(cluster.url, "courseforge_restart_test", "before");
    await waitUntil(() => heard.includes("before"), "the first notification");
    expect(reconnects).toBe(0);

    await cluster.restart();
    await waitUntil(() => reconnects === 1, "the listening connection to come back");
    await notify(cluster.url, "courseforge_restart_test", "after");
    await waitUntil(() => heard.includes("after"), "a notification after the restart");
    expect(heard).toEqual(["before", "after"]);
    // The loss was reported (for the operator's log), not thrown.
    expect(errors.length).toBeGreaterThan(0);
  }, 60_000);
});
