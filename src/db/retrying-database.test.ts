import { describe, expect, it } from "vitest";
import { AbortedError } from "../errors/index.ts";
import { DatabaseQueryError, DatabaseUnavailableError } from "./errors.ts";
import type { Database } from "./port.ts";
import { retryWhileUnavailable } from "./retrying-database.ts";

/** A database whose statements fail with `failures` (in order), then answer. */
function flakyDatabase(failures: Error[]): Database & { calls: number } {
  const fake = {
    kind: "postgres" as const,
    calls: 0,
    async query<T>() {
      fake.calls++;
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      return [{ ok: 1 }] as T[];
    },
    exec: async () => undefined,
    async transaction<T>(work: (transaction: Database) => Promise<T>) {
      return work(fake as unknown as Database);
    },
    close: async () => undefined,
    raw: () => {
      throw new Error("no raw connection");
    },
  };
  return fake as unknown as Database & { calls: number };
}

const unavailable = () => new DatabaseUnavailableError("Cannot reach Postgres: connect ECONNREFUSED");
const noSleep = async () => undefined;

describe("retryWhileUnavailable", () => {
  it("runs a statement again while the server cannot be reached, then returns its rows", async () => {
    const inner = flakyDatabase([unavailable(), unavailable()]);
    const retries: number[] = [];
    const database = retryWhileUnavailable(inner, {
      maxWaitMs: 10_000,
      sleep: noSleep,
      onRetry: (_error, attempt) => retries.push(attempt),
    });
    expect(await database.query("SELECT 1")).toEqual([{ ok: 1 }]);
    expect(inner.calls).toBe(3);
    expect(retries).toEqual([1, 2]);
  });

  it("re-runs a whole transaction whose connection was lost", async () => {
    const inner = flakyDatabase([unavailable()]);
    const database = retryWhileUnavailable(inner, { maxWaitMs: 10_000, sleep: noSleep });
    let runs = 0;
    const result = await database.transaction(async (transaction) => {
      runs++;
      return transaction.query("UPDATE t SET x = 1");
    });
    expect(result).toEqual([{ ok: 1 }]);
    expect(runs).toBe(2);
  });

  it("does not retry a failed statement, nor an unavailable error marked not retryable", async () => {
    const failed = new DatabaseQueryError("duplicate key", { sqlState: "23505" });
    const inner = flakyDatabase([failed]);
    await expect(retryWhileUnavailable(inner, { maxWaitMs: 10_000, sleep: noSleep }).query("INSERT")).rejects.toBe(
      failed,
    );
    expect(inner.calls).toBe(1);
    const refused = new DatabaseUnavailableError("password authentication failed", { retryable: false });
    await expect(
      retryWhileUnavailable(flakyDatabase([refused]), { maxWaitMs: 10_000, sleep: noSleep }).query("SELECT 1"),
    ).rejects.toBe(refused);
  });

  it("gives up with the last error once the next pause would pass maxWaitMs", async () => {
    const inner = flakyDatabase(Array.from({ length: 50 }, unavailable));
    const database = retryWhileUnavailable(inner, {
      maxWaitMs: 250,
      firstDelayMs: 100,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
    await expect(database.query("SELECT 1")).rejects.toBeInstanceOf(DatabaseUnavailableError);
    // 100 ms, then 200 ms would end past the 250 ms budget.
    expect(inner.calls).toBe(2);
  });

  it("stops waiting when the statement's signal fires", async () => {
    const inner = flakyDatabase(Array.from({ length: 50 }, unavailable));
    const controller = new AbortController();
    const database = retryWhileUnavailable(inner, { maxWaitMs: 60_000, firstDelayMs: 1_000 });
    const pending = database.query("SELECT 1", [], { signal: controller.signal });
    controller.abort(new Error("job canceled"));
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
    expect(inner.calls).toBe(1);
  });
});
