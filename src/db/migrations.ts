import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CourseforgeError, InvalidInputError, throwIfAborted } from "../errors/index.ts";
import { MigrationChecksumMismatchError, MigrationFailedError } from "./errors.ts";
import type { Database, Queryable } from "./port.ts";
import { adoptPublicInstall, assertSchemaName, type SchemaMove } from "./schema.ts";
import { hasSessions, type Session } from "./session.ts";

/** The repository's `migrations/` folder, found relative to this module (not the working directory). */
export const defaultMigrationsDirectory = fileURLToPath(new URL("../../migrations/", import.meta.url));

/** One `NNN_name.sql` file. */
export interface MigrationFile {
  readonly version: number;
  readonly name: string;
  readonly fileName: string;
  readonly path: string;
  /** sha256 of the file with line endings normalized (a CRLF checkout is not an edit). */
  readonly checksum: string;
  readonly sql: string;
}

/** A row of `schema_migrations`. */
export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
  readonly appliedAt: Date;
}

/** What `migrationStatus` reports (for `courseforge doctor`). */
export interface MigrationStatus {
  readonly applied: readonly AppliedMigration[];
  readonly pending: readonly MigrationFile[];
  /** Applied migrations whose file has changed since. */
  readonly changed: ReadonlyArray<{ readonly file: MigrationFile; readonly applied: AppliedMigration }>;
  /** Applied by a newer Courseforge: no file here. Not an error (old workers keep running during a rollout). */
  readonly unknown: readonly AppliedMigration[];
  readonly upToDate: boolean;
}

/** Options shared by the migration functions. */
export interface MigrationOptions {
  /** Folder of `NNN_name.sql` files; defaults to {@link defaultMigrationsDirectory}. */
  readonly directory?: string;
  /**
   * The schema of Courseforge's tables, which must be first on the connection's search path
   * (`openDatabase` sees to it). `runMigrations` creates it when missing and first moves an install
   * whose tables are in `public` into it. Absent: the migrations run in the search path's first schema.
   */
  readonly schema?: string | undefined;
  /** Told when an install in `public` was moved into `schema`. */
  readonly onSchemaMove?: ((move: SchemaMove) => void) | undefined;
  readonly signal?: AbortSignal;
}

// First key of the two-key advisory lock; the second is the schema, so that databases in separate
// schemas of one server (tests, tenants) migrate independently. The configured schema's name, not
// current_schema(): that is NULL until the first process has created the schema.
const advisoryLockClass = 0x43460001;
const lockSql = "SELECT pg_advisory_lock($1::int4, hashtext(coalesce($2::text, current_schema(), '')))";
const unlockSql = "SELECT pg_advisory_unlock($1::int4, hashtext(coalesce($2::text, current_schema(), '')))";

const createTableSql = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** Reads the migration files of `directory`, ordered by version. Other files are ignored. */
export async function readMigrationFiles(options: MigrationOptions = {}): Promise<MigrationFile[]> {
  throwIfAborted(options.signal);
  const directory = options.directory ?? defaultMigrationsDirectory;
  const files: MigrationFile[] = [];
  for (const fileName of await readdir(directory)) {
    const match = /^(\d+)_([A-Za-z0-9_-]+)\.sql$/.exec(fileName);
    if (match === null) continue;
    const filePath = path.join(directory, fileName);
    const sql = (await readFile(filePath, "utf8")).replace(/\r\n/g, "\n");
    const checksum = createHash("sha256").update(sql).digest("hex");
    files.push({ version: Number(match[1]), name: match[2] ?? "", fileName, path: filePath, checksum, sql });
  }
  files.sort((left, right) => left.version - right.version);
  for (let index = 1; index < files.length; index += 1) {
    const previous = files[index - 1];
    const current = files[index];
    if (previous !== undefined && current !== undefined && previous.version === current.version) {
      throw new InvalidInputError(
        `Two migration files share version ${current.version}: ${previous.fileName} and ${current.fileName}.`,
        {
          suggestion: "Renumber one of them.",
        },
      );
    }
  }
  return files;
}

async function readApplied(database: Queryable, signal: AbortSignal | undefined): Promise<AppliedMigration[]> {
  const [exists] = await database.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
    [],
    { signal },
  );
  if (exists?.present !== true) return [];
  const rows = await database.query<{ version: number; name: string; checksum: string; applied_at: Date }>(
    "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version",
    [],
    { signal },
  );
  return rows.map((row) => ({
    version: row.version,
    name: row.name,
    checksum: row.checksum,
    appliedAt: row.applied_at,
  }));
}

function compare(files: readonly MigrationFile[], applied: readonly AppliedMigration[]): MigrationStatus {
  const appliedByVersion = new Map(applied.map((migration) => [migration.version, migration]));
  const fileVersions = new Set(files.map((file) => file.version));
  const pending = files.filter((file) => !appliedByVersion.has(file.version));
  const changed = files.flatMap((file) => {
    const match = appliedByVersion.get(file.version);
    return match !== undefined && match.checksum !== file.checksum ? [{ file, applied: match }] : [];
  });
  const unknown = applied.filter((migration) => !fileVersions.has(migration.version));
  return { applied, pending, changed, unknown, upToDate: pending.length === 0 && changed.length === 0 };
}

/** Compares the migration files with what `database` has applied. Changes nothing. */
export async function migrationStatus(database: Queryable, options: MigrationOptions = {}): Promise<MigrationStatus> {
  const files = await readMigrationFiles(options);
  return compare(files, await readApplied(database, options.signal));
}

function checksumMismatch(status: MigrationStatus): MigrationChecksumMismatchError | undefined {
  const first = status.changed[0];
  if (first === undefined) return undefined;
  const names = status.changed.map((entry) => entry.file.fileName).join(", ");
  return new MigrationChecksumMismatchError(
    `Migration ${names} changed after it was applied (file checksum ${first.file.checksum.slice(0, 12)}…, applied ${first.applied.checksum.slice(0, 12)}…).`,
    {
      suggestion: "Never edit an applied migration: restore the file and add a new numbered migration with the change.",
      details: {
        files: status.changed.map((entry) => ({
          file: entry.file.path,
          fileChecksum: entry.file.checksum,
          appliedChecksum: entry.applied.checksum,
        })),
      },
    },
  );
}

function lineOf(sql: string, position: unknown): number | undefined {
  const offset = typeof position === "string" ? Number(position) : undefined;
  if (offset === undefined || !Number.isInteger(offset) || offset < 1) return undefined;
  return sql.slice(0, offset - 1).split("\n").length;
}

// Applies one file in its own transaction. Re-checks under the transaction that no one applied it
// meanwhile (another session of this process sharing the advisory lock, e.g. on PGlite).
async function applyOne(session: Session, file: MigrationFile, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    return await session.transaction(
      async (transaction) => {
        const already = await transaction.query("SELECT 1 FROM schema_migrations WHERE version = $1", [file.version]);
        if (already.length > 0) return false;
        await transaction.exec(file.sql);
        await transaction.query("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", [
          file.version,
          file.name,
          file.checksum,
        ]);
        return true;
      },
      { signal },
    );
  } catch (error) {
    if (CourseforgeError.isInstance(error) && error.code === "ABORTED") throw error;
    const sqlState = CourseforgeError.isInstance(error) ? error.details.sqlState : undefined;
    const line = CourseforgeError.isInstance(error) ? lineOf(file.sql, error.details.position) : undefined;
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationFailedError(
      `Migration ${file.fileName} failed${line === undefined ? "" : ` at line ${line}`}: ${reason}${typeof sqlState === "string" ? ` (SQLSTATE ${sqlState})` : ""}. Nothing of it was applied.`,
      {
        cause: error,
        details: { file: file.path, version: file.version, sqlState, line },
        suggestion: `Fix ${file.path} and start again.`,
      },
    );
  }
}

/**
 * Applies the pending migrations in version order, each in its own transaction, while holding a
 * Postgres advisory lock so that processes starting together against one server take turns (the
 * second finds nothing left to do). Throws `MIGRATION_CHECKSUM_MISMATCH` before applying anything
 * if an applied file changed, `MIGRATION_FAILED` naming the file and the SQL error otherwise.
 * Migration files must not contain their own BEGIN/COMMIT. Returns the migrations it applied.
 */
export async function runMigrations(database: Database, options: MigrationOptions = {}): Promise<MigrationFile[]> {
  const { signal } = options;
  const files = await readMigrationFiles(options);
  if (!hasSessions(database))
    throw new InvalidInputError(
      "runMigrations needs a database opened by openDatabase (it holds one connection for the advisory lock).",
    );
  const schema = options.schema;
  if (schema !== undefined) assertSchemaName(schema);
  return database.withSession(
    async (session) => {
      await session.query(lockSql, [advisoryLockClass, schema ?? null], { signal });
      try {
        if (schema !== undefined) {
          // Only when missing: a role that may not create schemas can still use one made for it.
          const [namespace] = await session.query<{ missing: boolean }>(
            "SELECT to_regnamespace($1) IS NULL AS missing",
            [schema],
            { signal },
          );
          if (namespace?.missing === true) await session.exec(`CREATE SCHEMA IF NOT EXISTS "${schema}"`, { signal });
          const move = await session.transaction(
            (transaction) => adoptPublicInstall(transaction, schema, files, signal),
            {
              signal,
            },
          );
          if (move !== undefined) options.onSchemaMove?.(move);
        }
        await session.exec(createTableSql, { signal });
        const status = compare(files, await readApplied(session, signal));
        const mismatch = checksumMismatch(status);
        if (mismatch !== undefined) throw mismatch;
        const applied: MigrationFile[] = [];
        for (const file of status.pending) {
          throwIfAborted(signal);
          if (await applyOne(session, file, signal)) applied.push(file);
        }
        return applied;
      } finally {
        // A broken connection releases the lock itself when it closes.
        await session.query(unlockSql, [advisoryLockClass, schema ?? null]).catch(() => undefined);
      }
    },
    { signal },
  );
}
