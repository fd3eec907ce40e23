/**
 * `bench knowledge`: retrieval quality of the knowledge base on the labelled set (recall@5 and MRR
 * for hybrid, full text alone and vectors alone, side by side), ingestion speed without the
 * provider's latency, and query latency at growing sizes with the exact scan and pgvector (HNSW).
 */
import { defaultPrices } from "../src/config/index.ts";
import type { Database } from "../src/db/index.ts";
import { detectVectorSearch, type KnowledgeViewer } from "../src/knowledge/index.ts";
import { createEmbedder, createOpenAiCompatibleEmbeddings } from "../src/llm/index.ts";
import { startSimulator } from "../src/simulator/index.ts";
import { createDatabaseCallRecorder } from "../src/store/index.ts";
import { createUser } from "../src/users/index.ts";
import { measureQuality, type QualityRun } from "./knowledge-quality.ts";
import { measureSpeed, type SizeFigures } from "./knowledge-speed.ts";
import { parseFlags, UsageError } from "./support/arguments.ts";
import type { BenchCommand, BenchContext } from "./support/context.ts";
import { defaultPostgresUrl, openBenchDatabase, type DatabaseKind } from "./support/database.ts";
import { round } from "./support/stats.ts";

const defaults = { sizes: "10000", queries: 40, dimensions: 256, qualityDimensions: 256 } as const;
const targets = { hybridRecallAt5: 0.9, pgvectorP95Ms: 50, pgvectorP95AtChunks: 100_000 } as const;

const usage = `Usage: npm run bench -- knowledge [--json] [--database postgres|pglite] [--sizes N,N] [--queries N]
                                [--dimensions N] [--skip-speed]

  --json            print one JSON object as the last line of stdout
  --database KIND   where the labelled set is ingested and searched: postgres (default; DATABASE_URL,
                    else ${defaultPostgresUrl}, a fresh schema, pgvector when the server has it)
                    or pglite (exact scan). The speed part always runs on Postgres.
  --sizes N,N       synthetic chunk counts of the speed part (default ${defaults.sizes}; 1000 to 1000000).
                    The full figures of docs/knowledge.md: --sizes 10000,100000 (the HNSW build over
                    100k chunks alone takes minutes, so it is not in the default run)
  --queries N       timed queries per size, mode and search path (default ${defaults.queries}; the exact
                    scan gets a fifth of them, at least 5, from 50 000 chunks)
  --dimensions N    embedding size of the synthetic chunks (default ${defaults.dimensions})
  --skip-speed      the labelled set only
`;

function parseSizes(raw: string | undefined): number[] {
  const text = raw ?? defaults.sizes;
  const sizes = text.split(",").map((part) => Number(part.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < 1_000 || size > 1_000_000))
    throw new UsageError(
      `--sizes must be whole numbers from 1000 to 1000000, comma-separated (got ${JSON.stringify(text)}).`,
    );
  return [...new Set(sizes)];
}

function qualityJson(run: QualityRun) {
  const { hybrid, fulltext, vector } = run.modes;
  return {
    corpus: { documents: run.documents, chunks: run.chunks, tokens: run.tokens, questions: run.questions },
    hybrid: { recall_at_5: round(hybrid.recall_at_5, 3), mrr: round(hybrid.mrr, 3) },
    fulltext: { recall_at_5: round(fulltext.recall_at_5, 3), mrr: round(fulltext.mrr, 3) },
    vector: { recall_at_5: round(vector.recall_at_5, 3), mrr: round(vector.mrr, 3) },
    ingestion: {
      chunks_per_second: round(run.ingestion.chunks_per_second, 0),
      total_ms: round(run.ingestion.total_ms, 0),
      embedding_ms_excluded: round(run.ingestion.embedding_ms_excluded, 0),
    },
  };
}

/** Which targets were missed, in words (none: empty). */
export function missedKnowledgeTargets(run: QualityRun, speed: readonly SizeFigures[] | undefined): string[] {
  const missed: string[] = [];
  const { hybrid, fulltext, vector } = run.modes;
  if (hybrid.recall_at_5 < targets.hybridRecallAt5)
    missed.push(`target missed: hybrid recall@5 ${hybrid.recall_at_5.toFixed(3)} < ${targets.hybridRecallAt5}`);
  for (const [name, alone] of [
    ["full text", fulltext],
    ["vector", vector],
  ] as const)
    if (hybrid.recall_at_5 < alone.recall_at_5)
      missed.push(
        `target missed: hybrid recall@5 ${hybrid.recall_at_5.toFixed(3)} is below ${name} alone (${alone.recall_at_5.toFixed(3)})`,
      );
  const largest = speed?.find((size) => size.chunks === targets.pgvectorP95AtChunks);
  if (largest !== undefined && "vector" in largest.pgvector) {
    const p95 = Math.max(largest.pgvector.vector.p95_ms, largest.pgvector.hybrid.p95_ms);
    if (p95 > targets.pgvectorP95Ms)
      missed.push(`target missed: pgvector p95 ${p95} ms > ${targets.pgvectorP95Ms} ms at ${largest.chunks} chunks`);
  }
  return missed;
}

async function runKnowledge(context: BenchContext): Promise<number> {
  const flags = parseFlags(context.args, {
    json: "switch",
    database: "value",
    sizes: "value",
    queries: "value",
    dimensions: "value",
    "skip-speed": "switch",
  });
  const kind: DatabaseKind = flags.choice("database", ["postgres", "pglite"] as const, "postgres");
  const sizes = parseSizes(flags.text("sizes"));
  const queries = flags.number("queries", defaults.queries, { min: 5, max: 10_000, whole: true });
  const dimensions = flags.number("dimensions", defaults.dimensions, { min: 8, max: 2_000, whole: true });
  const skipSpeed = flags.has("skip-speed");
  const postgresUrl = context.environment.DATABASE_URL || defaultPostgresUrl;
  const { signal } = context;
  const log = (line: string) => context.stderr.write(`knowledge: ${line}\n`);

  const simulator = await startSimulator({ port: 0, seed: 7, timeScale: 0 });
  const provider = createOpenAiCompatibleEmbeddings({ name: "simulator", apiKey: "bench", baseUrl: simulator.url });
  const cleanups: (() => Promise<unknown>)[] = [() => provider.close(), () => simulator.close()];
  try {
    const quality = await openBenchDatabase(kind, postgresUrl, signal);
    cleanups.push(() => quality.cleanup());
    log(`labelled set on ${kind} (${quality.location})`);
    const qualityViewer = await benchTeacher(quality.database, signal);
    const qualitySearch = await detectVectorSearch(quality.database, signal);
    const embedder = createEmbedder({
      provider,
      model: "text-embedding-3-small",
      dimensions: defaults.qualityDimensions,
      recorder: createDatabaseCallRecorder(quality.database),
      prices: defaultPrices,
    });
    const run = await measureQuality({
      database: quality.database,
      embedder,
      viewer: qualityViewer,
      vectorSearch: qualitySearch,
      signal,
      log,
    });
    log(`vector search of the labelled set: ${qualitySearch.kind === "pgvector" ? "pgvector (HNSW)" : "exact scan"}`);

    let speed: SizeFigures[] | undefined;
    let speedSearch: string | undefined;
    if (!skipSpeed) {
      const speedDatabase = await openBenchDatabase("postgres", postgresUrl, signal);
      cleanups.push(() => speedDatabase.cleanup());
      log(`speed on postgres (${speedDatabase.location})`);
      const pgvector = await detectVectorSearch(speedDatabase.database, signal);
      speedSearch = pgvector.kind === "pgvector" ? "pgvector" : pgvector.reason;
      speed = await measureSpeed({
        database: speedDatabase.database,
        viewer: await benchTeacher(speedDatabase.database, signal),
        pgvector,
        sizes,
        dimensions,
        queries,
        signal,
        log,
      });
    }
    const missed = missedKnowledgeTargets(run, speed);
    for (const line of missed) log(line);
    if (flags.has("json")) {
      const summary = {
        bench: "knowledge",
        database: kind,
        embeddings: `simulator (deterministic word vectors, ${defaults.qualityDimensions} dimensions): the vector half measures mechanics, not semantics`,
        quality_vector_search: qualitySearch.kind,
        ...qualityJson(run),
        speed:
          speed === undefined ? null : { database: "postgres", vector_search: speedSearch, dimensions, sizes: speed },
        targets_missed: missed,
      };
      context.stdout.write(`${JSON.stringify(summary)}\n`);
    }
    return 0;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

async function benchTeacher(database: Database, signal: AbortSignal): Promise<KnowledgeViewer> {
  const user = await createUser(database, { email: "teacher@bench.courseforge.local", role: "teacher" }, signal);
  return { userId: user.id, isAdmin: false };
}

/** The `knowledge` subcommand. */
export const knowledgeCommand: BenchCommand = {
  summary: "knowledge base: recall@5/MRR on a labelled set (hybrid, full text, vector); query p50/p95 at 10k/100k",
  usage,
  run: runKnowledge,
};
