/**
 * The database layer: one narrow port (`Database`), two adapters (PGlite embedded, `pg` for a real
 * server), numbered SQL migrations.
 *
 * Values, identical from both adapters:
 * - `int8`/`bigint`, `numeric` → `number` (an `int8` beyond ±2^53−1 throws `DATABASE_QUERY_FAILED`
 *   rather than losing precision); their arrays → `number[]`.
 * - `timestamptz` → `Date`; `date` → `"YYYY-MM-DD"` string; `jsonb`/`json` → parsed value; `bool` → boolean.
 *
 * Parameters — the jsonb convention: pass JSON text, `JSON.stringify(value)`, and write
 * `$n::jsonb` in SQL. Strings go through both drivers untouched. (A plain object also works on
 * both; a JS array is always a Postgres array — `text[]`, `= ANY($1)` — and is rejected for a
 * jsonb parameter by both.) Pass `Date` for `timestamptz`, `"YYYY-MM-DD"` for `date`.
 *
 * Failures are Courseforge errors: `DATABASE_UNAVAILABLE`, `DATABASE_LOCKED`,
 * `DATABASE_QUERY_FAILED` (with `sqlState`), `MIGRATION_FAILED`, `MIGRATION_CHECKSUM_MISMATCH`,
 * `ABORTED`.
 */
export type { Database, NotificationListener, Queryable, RawConnection, Row } from "./port.ts";
export { openDatabase, type OpenDatabaseOptions } from "./open-database.ts";
export {
  defaultMigrationsDirectory,
  migrationStatus,
  readMigrationFiles,
  runMigrations,
  type AppliedMigration,
  type MigrationFile,
  type MigrationOptions,
  type MigrationStatus,
} from "./migrations.ts";
export {
  DatabaseLockedError,
  DatabaseQueryError,
  DatabaseUnavailableError,
  MigrationChecksumMismatchError,
  MigrationFailedError,
  redactDatabaseUrl,
} from "./errors.ts";
export { isProcessAlive, lockFileName } from "./folder-lock.ts";
export { databaseOutageWaitMs, retryWhileUnavailable, type RetryWhileUnavailableOptions } from "./retrying-database.ts";
export { pgliteFolderName } from "./pglite-adapter.ts";
export { createReadinessCheck, type Readiness, type ReadinessCheck } from "./readiness.ts";
