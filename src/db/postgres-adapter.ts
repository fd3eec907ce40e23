import pg from "pg";
import { throwIfAborted } from "../errors/index.ts";
import { toDatabaseError, type ConnectionContext } from "./driver-errors.ts";
import { DatabaseUnavailableError, redactDatabaseUrl } from "./errors.ts";
import type { Database, NotificationListener, Queryable, RawConnection, Row } from "./port.ts";
import { PostgresListener } from "./postgres-listener.ts";
import type { ScriptQueryable, Session, SessionSource } from "./session.ts";
import { sharedTypeParsers } from "./type-parsers.ts";

/** How to reach a PostgreSQL server. */
export interface PostgresOptions {
  /** `postgres://user:password@host:port/database?…` */
  readonly databaseUrl: string;
  /** Pool size (default 10). */
  readonly maxConnections?: number;
  /** Schemas to put on every connection's `search_path`, e.g. `["courseforge"]` (names only). */
  readonly searchPath?: readonly string[];
  /** Called with errors of idle pooled connections (which the pool then discards). */
  readonly onConnectionError?: (error: Error) => void;
  readonly signal?: AbortSignal;
}

// Per pool, never on the global `pg.types`: other code in the process may rely on pg's defaults.
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((typeId: number, format?: string) =>
    (format === undefined || format === "text") && sharedTypeParsers[typeId] !== undefined
      ? sharedTypeParsers[typeId]
      : pg.types.getTypeParser(typeId, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

function describeConnection(databaseUrl: string): ConnectionContext & { url: URL } {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch (error) {
    throw new DatabaseUnavailableError(`DATABASE_URL is not a valid URL (${redactDatabaseUrl(databaseUrl)}).`, {
      cause: error,
      retryable: false,
      suggestion: "Use the form postgres://user:password@host:5432/database.",
    });
  }
  const target = `${url.hostname || "localhost"}:${url.port || "5432"}${url.pathname === "/" ? "" : url.pathname}`;
  return { url, target, secret: url.password === "" ? undefined : decodeURIComponent(url.password) };
}

function connectionOptions(
  url: URL,
  searchPath: readonly string[] | undefined,
): { connectionString: string; options: string | undefined } {
  const parts: string[] = [];
  const fromUrl = url.searchParams.get("options");
  if (fromUrl !== null) parts.push(fromUrl);
  if (searchPath !== undefined && searchPath.length > 0) {
    for (const schema of searchPath) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema))
        throw new DatabaseUnavailableError(`Invalid schema name in search path: ${schema}`, { retryable: false });
    }
    parts.push(`-c search_path=${searchPath.join(",")}`);
  }
  const withoutOptions = new URL(url);
  withoutOptions.searchParams.delete("options");
  return { connectionString: withoutOptions.toString(), options: parts.length === 0 ? undefined : parts.join(" ") };
}

/** The `pg` adapter of the database port: a connection pool with Courseforge's type parsers. */
export class PostgresDatabase implements Database, SessionSource {
  readonly kind = "postgres";
  readonly #pool: pg.Pool;
  readonly #connection: ConnectionContext;
  readonly #connectionString: string;
  readonly #createListener: () => PostgresListener;
  #listener: PostgresListener | undefined;
  #closed = false;

  constructor(options: PostgresOptions) {
    const { url, target, secret } = describeConnection(options.databaseUrl);
    this.#connection = { target, secret };
    const { connectionString, options: serverOptions } = connectionOptions(url, options.searchPath);
    this.#connectionString = connectionString;
    this.#pool = new pg.Pool({
      connectionString,
      max: options.maxConnections ?? 10,
      application_name: "courseforge",
      connectionTimeoutMillis: 10_000,
      types: typeParsers,
      ...(serverOptions === undefined ? {} : { options: serverOptions }),
    });
    // Without a listener an idle connection dropped by the server would crash the process.
    this.#pool.on("error", (error) => options.onConnectionError?.(error));
    this.#createListener = () =>
      new PostgresListener({
        createClient: () =>
          new pg.Client({
            connectionString,
            application_name: "courseforge-listen",
            connectionTimeoutMillis: 10_000,
            // A silently dead connection (a cut network) is noticed and replaced.
            keepAlive: true,
            ...(serverOptions === undefined ? {} : { options: serverOptions }),
          }),
        connection: this.#connection,
        ...(options.onConnectionError === undefined ? {} : { onError: options.onConnectionError }),
      });
  }

  /** Checks that the server answers (so that a wrong URL fails at startup, not at the first request). */
  async ping(signal?: AbortSignal): Promise<void> {
    await this.query("SELECT 1", [], { signal });
  }

  async query<T extends Row = Row>(
    sql: string,
    parameters: readonly unknown[] = [],
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<T[]> {
    this.#assertOpen();
    throwIfAborted(options.signal);
    if (options.signal === undefined) {
      try {
        return (await this.#pool.query(sql, [...parameters])).rows as T[];
      } catch (error) {
        throw toDatabaseError(error, { connection: this.#connection });
      }
    }
    return this.withSession((session) => session.query<T>(sql, parameters, options), options);
  }

  async exec(sql: string, options: { signal?: AbortSignal | undefined } = {}): Promise<void> {
    await this.withSession((session) => session.exec(sql, options), options);
  }

  async transaction<T>(
    work: (transaction: Queryable) => Promise<T>,
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<T> {
    return this.withSession((session) => session.transaction(work, options), options);
  }

  /**
   * Lends one pooled connection to `work`; a connection left broken is discarded, not reused.
   * `options.signal` guards getting the connection; each statement takes its own signal.
   */
  async withSession<T>(
    work: (session: Session) => Promise<T>,
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<T> {
    this.#assertOpen();
    throwIfAborted(options.signal);
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw toDatabaseError(error, { connection: this.#connection });
    }
    const state: { broken: Error | undefined } = { broken: undefined };
    // A lent connection has no pool listener: without this one, the server dropping it between two
    // statements (a restart, pg_terminate_backend) would crash the process with an unhandled 'error'.
    const onLost = (error: Error) => {
      state.broken ??= toDatabaseError(error, { connection: this.#connection });
    };
    client.on("error", onLost);
    try {
      throwIfAborted(options.signal);
      return await work(this.#session(client, state));
    } finally {
      client.removeListener("error", onLost);
      client.release(state.broken);
    }
  }

  #session(client: pg.PoolClient, state: { broken: Error | undefined }): Session {
    const run = async <R extends Row>(
      sql: string,
      parameters: readonly unknown[] | undefined,
      signal: AbortSignal | undefined,
    ): Promise<R[]> => {
      throwIfAborted(signal);
      let cancellation: Promise<void> | undefined;
      const cancel = () => {
        cancellation = this.#cancelBackend(client);
      };
      signal?.addEventListener("abort", cancel, { once: true });
      try {
        const result: pg.QueryResult | pg.QueryResult[] =
          parameters === undefined ? await client.query(sql) : await client.query(sql, [...parameters]);
        // A multi-statement script yields one result per statement; scripts return no rows.
        return (Array.isArray(result) ? [] : result.rows) as R[];
      } catch (error) {
        const mapped = toDatabaseError(error, { signal, connection: this.#connection });
        // A failed ROLLBACK may leave the connection inside a transaction: never reuse it.
        if (mapped.code === "DATABASE_UNAVAILABLE" || sql === "ROLLBACK") state.broken = mapped;
        throw mapped;
      } finally {
        signal?.removeEventListener("abort", cancel);
        // Wait for the cancel to land before the connection runs anything else it could hit.
        if (cancellation !== undefined) await cancellation;
      }
    };
    const query = <R extends Row = Row>(
      sql: string,
      parameters: readonly unknown[] = [],
      options: { signal?: AbortSignal | undefined } = {},
    ) => run<R>(sql, parameters, options.signal);
    const exec = async (sql: string, options: { signal?: AbortSignal | undefined } = {}) => {
      await run(sql, undefined, options.signal);
    };
    const transaction = async <T>(
      work: (transaction: ScriptQueryable) => Promise<T>,
      options: { signal?: AbortSignal | undefined } = {},
    ): Promise<T> => {
      const { signal } = options;
      await exec("BEGIN", { signal });
      let finished = false;
      const assertOpen = () => {
        if (finished) throw new DatabaseUnavailableError("This transaction has already ended.", { retryable: false });
      };
      const handle: ScriptQueryable = {
        query: async <R extends Row = Row>(
          sql: string,
          parameters?: readonly unknown[],
          queryOptions: { signal?: AbortSignal } = {},
        ) => {
          assertOpen();
          return query<R>(sql, parameters, { signal: anySignal(signal, queryOptions.signal) });
        },
        exec: async (sql, execOptions = {}) => {
          assertOpen();
          await exec(sql, { signal: anySignal(signal, execOptions.signal) });
        },
      };
      try {
        const result = await work(handle);
        throwIfAborted(signal);
        await exec("COMMIT");
        return result;
      } catch (error) {
        // No signal here: the rollback must run even (especially) after an abort.
        await exec("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        finished = true;
      }
    };
    return { query, exec, transaction };
  }

  raw(): RawConnection {
    this.#assertOpen();
    return { kind: "postgres", pool: this.#pool };
  }

  /** See {@link Database.listen}: one dedicated connection (outside the pool) for every channel. */
  async listen(
    channel: string,
    listener: NotificationListener,
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<() => Promise<void>> {
    this.#assertOpen();
    this.#listener ??= this.#createListener();
    return this.#listener.listen(channel, listener, options.signal);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#listener?.close();
    await this.#pool.end();
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new DatabaseUnavailableError("The database connection pool has been closed.", { retryable: false });
  }

  // Asks the server, over a separate short-lived connection, to stop what `client` is running.
  async #cancelBackend(client: pg.PoolClient): Promise<void> {
    const processId = (client as unknown as { processID?: number }).processID;
    if (typeof processId !== "number") return;
    const canceller = new pg.Client({
      connectionString: this.#connectionString,
      application_name: "courseforge-cancel",
    });
    try {
      await canceller.connect();
      await canceller.query("SELECT pg_cancel_backend($1)", [processId]);
    } catch {
      // Best effort: the query then simply runs to its end.
    } finally {
      await canceller.end().catch(() => undefined);
    }
  }
}

/** The signal that fires when any of the given ones does. */
export function anySignal(...signals: ReadonlyArray<AbortSignal | undefined>): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}
