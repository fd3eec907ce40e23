import type { Database } from "../db/index.ts";

/** How vector similarity is searched on this database. */
export type VectorSearchMode =
  { readonly kind: "pgvector"; readonly schema: string } | { readonly kind: "exact"; readonly reason: string };

// pgvector's HNSW index takes at most 2 000 dimensions for `vector`.
const maxIndexedDimensions = 2000;

/**
 * Finds pgvector, creating the extension when it is installed on the server but not yet in this
 * database (Supabase ships it; a local server needs `scripts/install-pgvector`). Where it is
 * missing (PGlite, a server without it, no privilege) vector search is an exact scan over
 * `real[]`, and the reason says why.
 */
export async function detectVectorSearch(database: Database, signal?: AbortSignal): Promise<VectorSearchMode> {
  const installed = await extensionSchema(database, signal);
  if (installed !== undefined) return { kind: "pgvector", schema: installed };
  try {
    await database.query(`CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public`, [], { signal });
  } catch (error) {
    // Another process may have created it at the same moment.
    const raced = await extensionSchema(database, signal);
    if (raced !== undefined) return { kind: "pgvector", schema: raced };
    return { kind: "exact", reason: `pgvector is not available: ${(error as Error).message}` };
  }
  const created = await extensionSchema(database, signal);
  return created === undefined
    ? { kind: "exact", reason: "pgvector was created but is not visible" }
    : { kind: "pgvector", schema: created };
}

async function extensionSchema(database: Database, signal?: AbortSignal): Promise<string | undefined> {
  const [row] = await database.query<{ schema: string }>(
    `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'vector'`,
    [],
    { signal },
  );
  return row?.schema;
}

/** A quoted identifier (the extension's schema is read from the catalog, yet never trusted as SQL). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The SQL expression of a chunk's embedding as a pgvector `vector` of `dimensions`. */
export function vectorExpression(schema: string, dimensions: number, column = "embedding"): string {
  return `(${column}::${quoteIdentifier(schema)}.vector(${dimensions}))`;
}

/**
 * Creates the HNSW index (cosine) for embeddings of `dimensions`, a partial expression index over
 * the `real[]` column, once per size. Sizes above pgvector's limit stay on the exact scan.
 */
export async function ensureVectorIndex(
  database: Database,
  schema: string,
  dimensions: number,
  signal?: AbortSignal,
): Promise<boolean> {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > maxIndexedDimensions) return false;
  const name = `knowledge_chunks_embedding_hnsw_${dimensions}`;
  try {
    await database.query(
      `CREATE INDEX IF NOT EXISTS ${name} ON knowledge_chunks
         USING hnsw (${vectorExpression(schema, dimensions)} ${quoteIdentifier(schema)}.vector_cosine_ops)
         WHERE embedding_dimensions = ${dimensions}`,
      [],
      { signal },
    );
  } catch (error) {
    // Two processes creating it at once: one wins, the other sees a duplicate name.
    const [exists] = await database.query<{ found: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS found`, [name], {
      signal,
    });
    if (exists?.found !== true) throw error;
  }
  return true;
}
