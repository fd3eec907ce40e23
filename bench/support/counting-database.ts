/** A {@link Database} that counts the SQL statements sent through it (round trips, for Postgres). */
import type { Database, Queryable } from "../../src/db/index.ts";

/** The wrapped database and its running count. */
export interface CountingDatabase {
  readonly database: Database;
  /** Statements so far: every query, plus `BEGIN` and `COMMIT`/`ROLLBACK` of each transaction. */
  statements(): number;
}

/** Wraps `inner`; the count starts at 0. */
export function countStatements(inner: Database): CountingDatabase {
  let count = 0;
  const counted = (target: Queryable): Queryable => ({
    query(sql, parameters, options) {
      count += 1;
      return target.query(sql, parameters, options);
    },
  });
  const database: Database = {
    kind: inner.kind,
    query: counted(inner).query,
    transaction(work, options) {
      count += 2;
      return inner.transaction((transaction) => work(counted(transaction)), options);
    },
    exec(sql, options) {
      count += 1;
      return inner.exec(sql, options);
    },
    close: () => inner.close(),
    raw: () => inner.raw(),
    // Not counted: LISTEN runs once on its own connection, and notifications are not statements.
    listen: (channel, listener, options) => inner.listen(channel, listener, options),
  };
  return { database, statements: () => count };
}
