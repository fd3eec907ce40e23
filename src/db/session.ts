import type { Database, Queryable } from "./port.ts";

/**
 * One connection held for a while: what session-level features (advisory locks, explicit
 * BEGIN/COMMIT around a script) need. Internal to `src/db`; the rest of Courseforge uses the port.
 */
export interface Session extends Queryable {
  /** Runs a multi-statement script with no parameters on this connection. */
  exec(sql: string, options?: { signal?: AbortSignal }): Promise<void>;
  /** Runs `work` in a transaction on this connection (commit when it resolves, roll back when it throws). */
  transaction<T>(work: (transaction: ScriptQueryable) => Promise<T>, options?: { signal?: AbortSignal }): Promise<T>;
}

/** A transaction that can also run scripts (migrations). */
export interface ScriptQueryable extends Queryable {
  exec(sql: string, options?: { signal?: AbortSignal }): Promise<void>;
}

/** An adapter that can lend out one connection (both Courseforge adapters can). */
export interface SessionSource {
  withSession<T>(work: (session: Session) => Promise<T>, options?: { signal?: AbortSignal }): Promise<T>;
}

/** True when `database` is one of Courseforge's own adapters (not a fake), which can lend a session. */
export function hasSessions(database: Database): database is Database & SessionSource {
  return typeof (database as Partial<SessionSource>).withSession === "function";
}
