import type { Queryable } from "../db/port.ts";

/** A position in a newest-first listing, taken from the last row of a page. */
export interface PageKey {
  /** `created_at` to the microsecond, in UTC: a JS `Date` would lose the microseconds. */
  readonly createdAtKey: string;
  readonly id: string;
}

/** The SQL that reads a row's {@link PageKey.createdAtKey} as `created_at_key`. */
export const createdAtKeyColumn = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_key`;

/** What {@link readNewestFirstPage} lists. */
export interface NewestFirstQuery {
  /** A table (trusted SQL, never user input) with `id` and `created_at` columns. */
  readonly table: string;
  /** The columns to read (trusted SQL). */
  readonly columns: string;
  /** Equality filters, column (trusted SQL) → value; an `undefined` value means no filter. */
  readonly where: Readonly<Record<string, unknown>>;
  readonly limit: number;
  readonly after?: PageKey | undefined;
}

/**
 * One page of rows, newest first (ties broken by id), by keyset on (created_at, id): pages never
 * skip or repeat a row while rows are added. `next` is set when more rows follow.
 */
export async function readNewestFirstPage<Row extends Record<string, unknown>>(
  database: Queryable,
  query: NewestFirstQuery,
  signal?: AbortSignal,
): Promise<{ rows: (Row & { id: string; created_at_key: string })[]; next: PageKey | undefined }> {
  const conditions: string[] = [];
  const parameters: unknown[] = [];
  for (const [column, value] of Object.entries(query.where)) {
    if (value === undefined) continue;
    parameters.push(value);
    conditions.push(`${column} = $${parameters.length}`);
  }
  if (query.after !== undefined) {
    parameters.push(query.after.createdAtKey, query.after.id);
    conditions.push(`(created_at, id) < ($${parameters.length - 1}::timestamptz, $${parameters.length})`);
  }
  parameters.push(query.limit + 1);
  const records = await database.query<Row & { id: string; created_at_key: string }>(
    `SELECT ${query.columns}, ${createdAtKeyColumn}
       FROM ${query.table} ${conditions.length === 0 ? "" : `WHERE ${conditions.join(" AND ")}`}
      ORDER BY created_at DESC, id DESC LIMIT $${parameters.length}`,
    parameters,
    { signal },
  );
  const rows = records.slice(0, query.limit);
  const last = rows.at(-1);
  return {
    rows,
    next:
      records.length > query.limit && last !== undefined
        ? { createdAtKey: last.created_at_key, id: last.id }
        : undefined,
  };
}
