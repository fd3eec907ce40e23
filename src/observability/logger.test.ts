import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import type { Database } from "../db/port.ts";
import { CourseforgeError } from "../errors/index.ts";
import { createLogger } from "./logger.ts";
import { deleteExpiredLogs, listLogs } from "./log-store.ts";

let testDatabase: TestDatabase;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => {
  await testDatabase?.cleanup();
});
afterEach(() => {
  vi.useRealTimers();
});

function lines() {
  const written: string[] = [];
  return { written, destination: { write: (line: string) => void written.push(line) } };
}

describe("createLogger", () => {
  it("removes configured secrets and credential-shaped text from messages and errors, on stdout and in the table", async () => {
    const { written, destination } = lines();
    const log = createLogger({
      database: testDatabase.db,
      level: "info",
      destination,
      secrets: ["proxy-key-Zq81xT0pLm4"],
    });
    log.logger.error(
      { event: "secret.echo", jobId: "job_redact", error: new Error("401 for proxy-key-Zq81xT0pLm4") },
      "provider said proxy-key-Zq81xT0pLm4 and sk-proj-abcdefghijkl",
    );
    await log.flush();
    const line = written.join("");
    expect(line).toContain("provider said [REDACTED] and [REDACTED]");
    expect(line).not.toMatch(/proxy-key-Zq81xT0pLm4|sk-proj/);
    const [stored] = await listLogs(testDatabase.db, { jobId: "job_redact" });
    expect(stored?.message).toBe("provider said [REDACTED] and [REDACTED]");
    expect(JSON.stringify(stored)).not.toMatch(/proxy-key-Zq81xT0pLm4|sk-proj/);
    await log.close();
  });

  it("writes JSON lines to the destination and the same entries to the database, secrets redacted", async () => {
    const { written, destination } = lines();
    const log = createLogger({ database: testDatabase.db, level: "info", destination });
    const error = new CourseforgeError("LLM_RATE_LIMITED", "Too many requests", { retryable: true });
    log.logger.error(
      {
        event: "step.failed",
        jobId: "job_log1",
        userId: "usr_1",
        traceId: "trace-1",
        error,
        headers: { authorization: "Bearer sk-secret" },
        apiKey: "sk-other",
      },
      "The step failed",
    );
    log.logger.debug({ event: "ignored" }, "below the level");
    await log.close();

    expect(written).toHaveLength(1);
    const line = JSON.parse(written[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "error", event: "step.failed", jobId: "job_log1", msg: "The step failed" });
    expect(written[0]).not.toContain("sk-secret");
    expect(written[0]).not.toContain("sk-other");

    const [stored] = await listLogs(testDatabase.db, { jobId: "job_log1" });
    expect(stored).toMatchObject({
      severity: "error",
      jobId: "job_log1",
      userId: "usr_1",
      traceId: "trace-1",
      event: "step.failed",
      message: "The step failed",
      errorName: "CourseforgeError",
    });
    expect(stored!.errorStack).toContain("Too many requests");
    expect(stored!.suggestion).toContain("rate limiting");
    expect(JSON.stringify(stored!.details)).not.toContain("sk-");
  });

  it("prefers the error's own suggestion", async () => {
    const log = createLogger({ database: testDatabase.db, destination: lines().destination });
    log.logger.warn(
      {
        jobId: "job_log2",
        error: new CourseforgeError("LLM_RATE_LIMITED", "slow down", { suggestion: "Wait a minute." }),
      },
      "warned",
    );
    await log.close();
    const [stored] = await listLogs(testDatabase.db, { jobId: "job_log2" });
    expect(stored?.suggestion).toBe("Wait a minute.");
  });

  it("flushes on a timer, never blocks the caller, and drops the oldest entries while the database fails", async () => {
    vi.useFakeTimers();
    let failing = true;
    const inserted: unknown[] = [];
    const database = {
      query: vi.fn(async (_sql: string, parameters?: readonly unknown[]) => {
        if (failing) throw new Error("database down");
        inserted.push(...(JSON.parse(parameters![0] as string) as unknown[]));
        return [];
      }),
    } as unknown as Database;
    const log = createLogger({
      database,
      destination: lines().destination,
      sink: { flushIntervalMs: 500, batchSize: 100, maxBuffered: 5, onError: () => {} },
    });
    for (let index = 0; index < 8; index += 1) log.logger.info({ event: "tick", index }, `entry ${index}`);
    expect(log.sink!.buffered()).toBe(5);
    expect(log.sink!.dropped()).toBe(3);
    await vi.advanceTimersByTimeAsync(500);
    expect(inserted).toHaveLength(0);
    expect(log.sink!.buffered()).toBe(5);
    failing = false;
    await vi.advanceTimersByTimeAsync(500);
    expect((inserted as { message: string }[]).map((row) => row.message)).toEqual([
      "entry 3",
      "entry 4",
      "entry 5",
      "entry 6",
      "entry 7",
    ]);
    await log.close();
  });

  it("filters by severity and time, and retention deletes old entries", async () => {
    const log = createLogger({ database: testDatabase.db, destination: lines().destination, level: "debug" });
    log.logger.debug({ jobId: "job_log3" }, "debug line");
    log.logger.warn({ jobId: "job_log3" }, "warn line");
    log.logger.error({ jobId: "job_log3" }, "error line");
    await log.close();
    expect(
      (await listLogs(testDatabase.db, { jobId: "job_log3", severity: "warn" })).map((entry) => entry.message).sort(),
    ).toEqual(["error line", "warn line"]);
    expect(await listLogs(testDatabase.db, { jobId: "job_log3", since: new Date(Date.now() + 60_000) })).toEqual([]);
    expect(await listLogs(testDatabase.db, { jobId: "job_log3", limit: 1 })).toHaveLength(1);

    await testDatabase.db.query(
      `UPDATE course_generation_logs SET created_at = now() - interval '20 days' WHERE job_id = 'job_log3' AND severity = 'debug'`,
    );
    expect(await deleteExpiredLogs(testDatabase.db, 14)).toBe(1);
    expect((await listLogs(testDatabase.db, { jobId: "job_log3" })).map((entry) => entry.message).sort()).toEqual([
      "error line",
      "warn line",
    ]);
  });
});
