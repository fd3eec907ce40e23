import { AbortedError, throwIfAborted } from "../errors/index.ts";
import { DatabaseUnavailableError } from "./errors.ts";
import type { Database, Queryable, Row } from "./port.ts";

/** How long a worker's database write is retried while Postgres cannot be reached (restart, failover). */
export const databaseOutageWaitMs = 60_000;

/** Options of {@link retryWhileUnavailable}. */
export interface RetryWhileUnavailableOptions {
  /** How long one statement (or transaction) keeps being retried while the server is away. */
  readonly maxWaitMs: number;
  /** First pause between tries (doubling, at most 2 s). Default 100 ms. */
  readonly firstDelayMs?: number;
  /** Called before each retry (for logs). */
  readonly onRetry?: (error: DatabaseUnavailableError, attempt: number) => void;
  readonly sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

function isRetryableOutage(error: unknown): error is DatabaseUnavailableError {
  return error instanceof DatabaseUnavailableError && error.retryable;
}

function defaultSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    throwIfAborted(signal);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError(undefined, { cause: signal!.reason }));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * The same database, but a statement or transaction that fails because the server cannot be
 * reached (`DATABASE_UNAVAILABLE`, retryable: refused, restarted, connection dropped) is run again
 * with backoff for up to `maxWaitMs`, so a Postgres restart pauses a job instead of failing it.
 * A transaction is re-run whole (the failed one was rolled back). Statements cut by the restart
 * may run twice: use it for writes that are idempotent or harmless to repeat.
 */
export function retryWhileUnavailable(database: Database, options: RetryWhileUnavailableOptions): Database {
  const sleep = options.sleep ?? defaultSleep;
  const retry = async <T>(work: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> => {
    const deadline = Date.now() + options.maxWaitMs;
    let delayMs = options.firstDelayMs ?? 100;
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!isRetryableOutage(error) || Date.now() + delayMs > deadline) throw error;
        options.onRetry?.(error, attempt);
        await sleep(delayMs, signal);
        delayMs = Math.min(delayMs * 2, 2_000);
      }
    }
  };
  return {
    kind: database.kind,
    query: <T extends Row = Row>(
      sql: string,
      parameters?: readonly unknown[],
      queryOptions: { signal?: AbortSignal } = {},
    ) => retry(() => database.query<T>(sql, parameters, queryOptions), queryOptions.signal),
    exec: (sql, execOptions = {}) => retry(() => database.exec(sql, execOptions), execOptions.signal),
    transaction: <T>(work: (transaction: Queryable) => Promise<T>, transactionOptions: { signal?: AbortSignal } = {}) =>
      retry(() => database.transaction(work, transactionOptions), transactionOptions.signal),
    close: () => database.close(),
    raw: () => database.raw(),
    // The listening connection re-establishes itself; there is no statement to retry.
    listen: (channel, listener, listenOptions) => database.listen(channel, listener, listenOptions),
  };
}
