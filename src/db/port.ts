import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";

/** A row as returned by the database port: column name → JS value (normalized across drivers). */
export type Row = Record<string, unknown>;

/** Something that can run SQL: the database itself, or a transaction on it. */
export interface Queryable {
  /**
   * Runs one parameterized statement (`$1`, `$2`, …) and returns its rows.
   * Values come back with the same JS types from every adapter: `bigint`/`int8` and `numeric`
   * columns as `number`, `timestamptz` as `Date`, `jsonb` as parsed JSON.
   */
  query<T extends Row = Row>(
    sql: string,
    parameters?: readonly unknown[],
    options?: { signal?: AbortSignal },
  ): Promise<T[]>;
}

/**
 * The narrow port every part of Courseforge uses to reach Postgres. Two adapters implement it:
 * PGlite (embedded, the default) and `pg` (a real server via `DATABASE_URL`).
 */
export interface Database extends Queryable {
  /** `pglite` or `postgres`: for logs and doctor output only; behaviour must not branch on it. */
  readonly kind: "pglite" | "postgres";
  /** Runs `work` in one transaction: commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (transaction: Queryable) => Promise<T>, options?: { signal?: AbortSignal }): Promise<T>;
  /** Runs a multi-statement script with no parameters (migrations). */
  exec(sql: string, options?: { signal?: AbortSignal }): Promise<void>;
  /** Releases connections and locks. Safe to call twice. */
  close(): Promise<void>;
  /**
   * Follows `NOTIFY` on `channel` (a plain identifier): each notification is handed to
   * `listener.onNotification` once the transaction that sent it has committed. One listening
   * connection per database object serves every channel and listener (Postgres: a dedicated
   * connection outside the pool, re-established with backoff when lost; PGlite: its one embedded
   * connection). Notifications sent while the connection was lost are gone: `listener.onReconnect`
   * is called once it is back, so the listener re-reads what they would have announced.
   * Resolves once listening (or, when the server is unreachable, once the first attempt failed:
   * listening then starts by itself when it comes back). The answer stops this listener.
   */
  listen(
    channel: string,
    listener: NotificationListener,
    options?: { signal?: AbortSignal },
  ): Promise<() => Promise<void>>;
  /**
   * The driver object under the port, for a library that speaks SQL itself and must share this
   * database (the pg-boss job queue). Everything else uses the port: raw results skip the shared
   * type parsers, locks and abort handling.
   */
  raw(): RawConnection;
}

/** What {@link Database.listen} calls. */
export interface NotificationListener {
  /** One notification's payload (what `pg_notify(channel, payload)` sent). */
  onNotification(payload: string): void;
  /** The listening connection was lost and is back: notifications may have been missed in between. */
  onReconnect?(): void;
}

/** The driver object of an adapter: the one embedded PGlite, or the `pg` pool. */
export type RawConnection =
  { readonly kind: "pglite"; readonly client: PGlite } | { readonly kind: "postgres"; readonly pool: pg.Pool };
