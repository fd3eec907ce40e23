import { PGlite, types } from "@electric-sql/pglite";
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { throwIfAborted } from "../errors/index.ts";
import { toDatabaseError } from "./driver-errors.ts";
import { DatabaseQueryError, DatabaseUnavailableError } from "./errors.ts";
import { assertChannelName } from "./channel-name.ts";
import type { Database, NotificationListener, Queryable, RawConnection, Row } from "./port.ts";
import type { ScriptQueryable, Session, SessionSource } from "./session.ts";
import { sharedTypeParsers } from "./type-parsers.ts";

/** The sub-folder of the data folder that holds the PGlite cluster (PGDATA). */
export const pgliteFolderName = "pglite";

// The jsonb parameter convention (see index.ts): strings are JSON text and pass through untouched,
// as with pg. PGlite alone would JSON-encode a JS array for a jsonb parameter, while pg sends it as
// a Postgres array literal, which the server rejects; rejecting here keeps the adapters identical.
function serializeJson(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    throw new DatabaseQueryError(
      "invalid input syntax for type json: pass JSON.stringify(value) for a jsonb parameter, not a JS array",
      {
        sqlState: "22P02",
      },
    );
  }
  return JSON.stringify(value);
}

const pgliteOptions = {
  parsers: sharedTypeParsers as Record<number, (text: string) => unknown>,
  serializers: { [types.JSON]: serializeJson, [types.JSONB]: serializeJson },
};

/**
 * Opens the PGlite cluster in `<dataDir>/pglite`, creating it when missing. Creation (initdb,
 * 5–15 s) happens in a side folder that is renamed into place only when complete, so a crash
 * during creation never leaves a half-made database behind. The caller holds the folder lock.
 */
export async function openPgliteCluster(dataDir: string, signal?: AbortSignal): Promise<PGlite> {
  const clusterDir = path.join(dataDir, pgliteFolderName);
  try {
    if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
      if (existsSync(clusterDir) && (await readdir(clusterDir)).length > 0) {
        throw new DatabaseUnavailableError(`${clusterDir} exists but is not a PGlite database.`, {
          retryable: false,
          suggestion: `Move that folder away, or choose another COURSEFORGE_DATA_DIR.`,
        });
      }
      const initializingDir = `${clusterDir}.initializing`;
      await rm(initializingDir, { recursive: true, force: true });
      await rm(clusterDir, { recursive: true, force: true });
      await mkdir(dataDir, { recursive: true });
      const creating = await PGlite.create(initializingDir, pgliteOptions);
      await creating.close();
      await rename(initializingDir, clusterDir);
      throwIfAborted(signal);
    }
    return await PGlite.create(clusterDir, pgliteOptions);
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) throw error;
    throw new DatabaseUnavailableError(
      `Cannot open the embedded database in ${clusterDir}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
        retryable: false,
        suggestion:
          "If the folder is damaged, move it away to start with an empty database, or set DATABASE_URL to use Postgres.",
        details: { folder: clusterDir },
      },
    );
  }
}

/** The PGlite adapter of the database port (one embedded connection; PGlite serializes access). */
export class PgliteDatabase implements Database, SessionSource {
  readonly kind = "pglite";
  readonly #pglite: PGlite;
  readonly #onClose: () => void;
  #closed = false;
  #sessionQueue: Promise<void> = Promise.resolve();
  #turns: Promise<void> = Promise.resolve();

  /** `onClose` runs once after PGlite is closed (releases the folder lock). */
  constructor(pglite: PGlite, onClose: () => void) {
    this.#pglite = pglite;
    this.#onClose = onClose;
  }

  async query<T extends Row = Row>(
    sql: string,
    parameters: readonly unknown[] = [],
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<T[]> {
    this.#assertOpen();
    throwIfAborted(options.signal);
    return this.#inTurn(async () => {
      throwIfAborted(options.signal);
      try {
        return (await this.#pglite.query<T>(sql, [...parameters])).rows;
      } catch (error) {
        throw toDatabaseError(error, {});
      }
    });
  }

  async exec(sql: string, options: { signal?: AbortSignal | undefined } = {}): Promise<void> {
    this.#assertOpen();
    throwIfAborted(options.signal);
    await this.#inTurn(async () => {
      throwIfAborted(options.signal);
      try {
        await this.#pglite.exec(sql);
      } catch (error) {
        throw toDatabaseError(error, {});
      }
    });
  }

  async transaction<T>(
    work: (transaction: Queryable) => Promise<T>,
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<T> {
    this.#assertOpen();
    return this.#transaction(work, options.signal);
  }

  async #transaction<T>(
    work: (transaction: ScriptQueryable) => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    throwIfAborted(signal);
    return this.#inTurn(() => this.#transactionNow(work, signal));
  }

  async #transactionNow<T>(
    work: (transaction: ScriptQueryable) => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    throwIfAborted(signal);
    let workFailure: { error: unknown } | undefined;
    try {
      return await this.#pglite.transaction(async (pgliteTransaction) => {
        let finished = false;
        const guard = (statementSignal: AbortSignal | undefined) => {
          if (finished) throw new DatabaseUnavailableError("This transaction has already ended.", { retryable: false });
          throwIfAborted(signal);
          throwIfAborted(statementSignal);
        };
        const transaction: ScriptQueryable = {
          query: async <R extends Row = Row>(
            sql: string,
            parameters: readonly unknown[] = [],
            queryOptions: { signal?: AbortSignal } = {},
          ) => {
            guard(queryOptions.signal);
            try {
              return (await pgliteTransaction.query<R>(sql, [...parameters])).rows;
            } catch (error) {
              throw toDatabaseError(error, {});
            }
          },
          exec: async (sql, execOptions = {}) => {
            guard(execOptions.signal);
            try {
              await pgliteTransaction.exec(sql);
            } catch (error) {
              throw toDatabaseError(error, {});
            }
          },
        };
        try {
          const result = await work(transaction);
          // Throwing here makes PGlite roll back instead of committing work the caller abandoned.
          throwIfAborted(signal);
          return result;
        } catch (error) {
          workFailure = { error };
          throw error;
        } finally {
          finished = true;
        }
      });
    } catch (error) {
      // The caller's own error comes back unchanged; only PGlite's (BEGIN/COMMIT) are translated.
      if (workFailure !== undefined && workFailure.error === error) throw error;
      throw toDatabaseError(error, { signal });
    }
  }

  /**
   * The one embedded connection, lent to one session at a time. Plain queries from elsewhere can
   * still run between a session's statements; transactions (PGlite's mutex) cannot.
   */
  async withSession<T>(
    work: (session: Session) => Promise<T>,
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<T> {
    this.#assertOpen();
    throwIfAborted(options.signal);
    const previous = this.#sessionQueue;
    let done!: () => void;
    this.#sessionQueue = new Promise<void>((resolve) => {
      done = resolve;
    });
    await previous;
    try {
      throwIfAborted(options.signal);
      return await work({
        query: (sql, parameters, queryOptions) => this.query(sql, parameters, queryOptions),
        exec: (sql, execOptions) => this.exec(sql, execOptions),
        transaction: (transactionWork, transactionOptions) =>
          this.#transaction(transactionWork, transactionOptions?.signal),
      });
    } finally {
      done();
    }
  }

  raw(): RawConnection {
    this.#assertOpen();
    return { kind: "pglite", client: this.#pglite };
  }

  // PGlite is one connection in this process: a notification sent by any statement (the workers
  // share the process) is handed over as soon as the statement's transaction commits. The
  // connection is never lost, so `onReconnect` is never called.
  async listen(
    channel: string,
    listener: NotificationListener,
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<() => Promise<void>> {
    this.#assertOpen();
    assertChannelName(channel);
    throwIfAborted(options.signal);
    const deliver = (payload: string) => {
      try {
        listener.onNotification(payload);
      } catch {
        // A listener's failure must not fail the statement that happened to carry the notification.
      }
    };
    const stop = await this.#inTurn(async () => {
      try {
        return await this.#pglite.listen(channel, deliver);
      } catch (error) {
        throw toDatabaseError(error, {});
      }
    });
    let stopped = false;
    return async () => {
      if (stopped || this.#closed) return;
      stopped = true;
      await this.#inTurn(() => stop());
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#pglite.close();
    } finally {
      this.#onClose();
    }
  }

  // PGlite runs in this process and hands its lock from one waiting statement to the next as
  // promise jobs: a queue of statements (a hundred jobs starting at once) would run back to back
  // and hold every socket (the model calls' requests and answers) until it is empty. Here they
  // take turns, one per turn of the event loop, so I/O is served between any two.
  async #inTurn<T>(operation: () => Promise<T>): Promise<T> {
    const previous = this.#turns;
    let release!: () => void;
    this.#turns = new Promise<void>((resolve) => (release = resolve));
    try {
      await previous;
      await new Promise<void>((resolve) => setImmediate(resolve));
      return await operation();
    } finally {
      release();
    }
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new DatabaseUnavailableError("The embedded database has been closed.", { retryable: false });
  }
}
