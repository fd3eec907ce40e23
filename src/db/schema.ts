import { InvalidInputError } from "../errors/index.ts";
import type { MigrationFile } from "./migrations.ts";
import type { Queryable } from "./port.ts";

/** The schema Courseforge's tables live in unless configured otherwise (`COURSEFORGE_DB_SCHEMA`). */
export const defaultSchema = "courseforge";

const schemaNamePattern = /^[a-z_][a-z0-9_]{0,62}$/;

/** Checks a schema name (lowercase letters, digits, `_`): it is written into SQL as an identifier. */
export function assertSchemaName(schema: string): void {
  if (!schemaNamePattern.test(schema))
    throw new InvalidInputError(
      `Invalid database schema name ${JSON.stringify(schema)}: use lowercase letters, digits and _, such as courseforge.`,
      { details: { schema } },
    );
}

/** A database object a migration creates, by the kind `ALTER … SET SCHEMA` names it with. */
export interface CreatedObject {
  readonly kind: "TABLE" | "SEQUENCE" | "VIEW" | "MATERIALIZED VIEW" | "TYPE" | "FUNCTION";
  readonly name: string;
}

const createStatement =
  /\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:UNLOGGED\s+)?(TABLE|SEQUENCE|MATERIALIZED\s+VIEW|VIEW|TYPE|FUNCTION)\s+(?:IF\s+NOT\s+EXISTS\s+)?("?)([A-Za-z_][A-Za-z0-9_]*)\2/gi;

/**
 * The tables, sequences, views, types and functions that migration files create (unqualified
 * names: a migration creates in the first schema of the search path). Indexes, constraints,
 * triggers and the sequences of serial columns belong to their table and move with it.
 */
export function objectsCreatedBy(files: readonly Pick<MigrationFile, "sql">[]): CreatedObject[] {
  const seen = new Map<string, CreatedObject>();
  for (const file of files) {
    const sql = file.sql.replace(/--[^\n]*/g, "");
    for (const match of sql.matchAll(createStatement)) {
      const kind = match[1]!.toUpperCase().replace(/\s+/g, " ") as CreatedObject["kind"];
      const name = match[3]!.toLowerCase();
      seen.set(`${kind} ${name}`, { kind, name });
    }
  }
  return [...seen.values()];
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

// An install from before schemas: Courseforge's own bookkeeping table in `public`, recognised by
// its columns and its first migration (another tool's `schema_migrations` is never taken for it).
async function legacyAppliedVersions(
  database: Queryable,
  files: readonly MigrationFile[],
  signal: AbortSignal | undefined,
): Promise<Set<number> | undefined> {
  const [shape] = await database.query<{ columns: number }>(
    `SELECT count(*)::int AS columns FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = 'schema_migrations'
        AND column_name IN ('version', 'name', 'checksum', 'applied_at')`,
    [],
    { signal },
  );
  if (shape?.columns !== 4) return undefined;
  const rows = await database.query<{ version: number; name: string; checksum: string }>(
    `SELECT version, name, checksum FROM public.schema_migrations`,
    [],
    { signal },
  );
  const first = files[0];
  const ours = rows.some((row) => first !== undefined && row.version === first.version && row.name === first.name);
  return ours ? new Set(rows.map((row) => row.version)) : undefined;
}

/** What {@link adoptPublicInstall} moved. */
export interface SchemaMove {
  readonly from: "public";
  readonly to: string;
  readonly objects: readonly CreatedObject[];
}

/**
 * Moves an install made before Courseforge had a schema of its own — its tables in `public` — into
 * `schema`, in the caller's transaction: every object its applied migrations created and
 * `schema_migrations`, with their rows, indexes, constraints, triggers and sequences (`ALTER …
 * SET SCHEMA` moves the object, not its data: nothing is copied). Objects `schema` already has are
 * left alone. Returns `undefined` when there is nothing to move: `schema` is `public`, `schema`
 * already holds an install, or `public` holds none of Courseforge's (a platform's own `users` or
 * `courses` tables are never touched).
 */
export async function adoptPublicInstall(
  database: Queryable,
  schema: string,
  files: readonly MigrationFile[],
  signal?: AbortSignal,
): Promise<SchemaMove | undefined> {
  assertSchemaName(schema);
  if (schema === "public") return undefined;
  const [present] = await database.query<{ installed: boolean }>(
    `SELECT to_regclass($1) IS NOT NULL AS installed`,
    [`${quote(schema)}.schema_migrations`],
    { signal },
  );
  if (present?.installed !== false) return undefined;
  const applied = await legacyAppliedVersions(database, files, signal);
  if (applied === undefined) return undefined;

  const candidates: CreatedObject[] = [
    { kind: "TABLE", name: "schema_migrations" },
    ...objectsCreatedBy(files.filter((file) => applied.has(file.version))),
  ];
  const moved: CreatedObject[] = [];
  for (const object of candidates) {
    if (object.kind === "FUNCTION") {
      const functions = await database.query<{ name: string; args: string }>(
        `SELECT p.proname AS name, pg_get_function_identity_arguments(p.oid) AS args
           FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = 'public' AND p.proname = $1`,
        [object.name],
        { signal },
      );
      for (const { name, args } of functions) {
        await database.query(`ALTER FUNCTION public.${quote(name)}(${args}) SET SCHEMA ${quote(schema)}`, [], {
          signal,
        });
      }
      if (functions.length > 0) moved.push(object);
      continue;
    }
    const [state] = await database.query<{ inPublic: boolean; inTarget: boolean }>(
      object.kind === "TYPE"
        ? `SELECT to_regtype($1) IS NOT NULL AS "inPublic", to_regtype($2) IS NOT NULL AS "inTarget"`
        : `SELECT to_regclass($1) IS NOT NULL AS "inPublic", to_regclass($2) IS NOT NULL AS "inTarget"`,
      [`public.${quote(object.name)}`, `${quote(schema)}.${quote(object.name)}`],
      { signal },
    );
    if (state?.inPublic !== true || state.inTarget) continue;
    await database.query(`ALTER ${object.kind} public.${quote(object.name)} SET SCHEMA ${quote(schema)}`, [], {
      signal,
    });
    moved.push(object);
  }
  return { from: "public", to: schema, objects: moved };
}
