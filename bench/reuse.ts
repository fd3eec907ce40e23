/**
 * `bench reuse`: precision and recall of similar-course matching on the labelled request pairs
 * (bench/fixtures/reuse/pairs.json), the threshold chosen on them, and the same figures for a
 * naive rule (the whole request embedded as text, no exact comparison) side by side.
 */
import { readFile } from "node:fs/promises";
import { CourseRequest, cosineSimilarity, normaliseRequest, sameShape } from "../src/course/index.ts";
import { defaultReuseThreshold } from "../src/config/index.ts";
import { createEmbedder, createOpenAiCompatibleEmbeddings, type Embedder } from "../src/llm/index.ts";
import { startSimulator } from "../src/simulator/index.ts";
import { chooseThreshold, figuresAt, type ScoredPair, type ThresholdFigures } from "./reuse-metrics.ts";
import { parseFlags } from "./support/arguments.ts";
import type { BenchCommand, BenchContext } from "./support/context.ts";
import { round } from "./support/stats.ts";

const pairsFile = new URL("./fixtures/reuse/pairs.json", import.meta.url);
const targetPrecision = 0.95;
// Precision must hold this far below the chosen threshold too.
const margin = 0.1;
const embeddingModel = "text-embedding-3-small";

const usage = `Usage: npm run bench -- reuse [--json] [--min-precision P]

  Embeds the labelled pairs with the simulator's /v1/embeddings (${embeddingModel} as the simulator
  answers it: each word a seeded random direction, so similar means "shares words", not "means the
  same"), scores the rule Courseforge uses (same level, language, audience and size; topic
  similarity at least the threshold) and a naive one, and chooses the threshold.

  --json              print one JSON object as the last line of stdout
  --min-precision P   precision the chosen threshold must reach (default ${targetPrecision})
`;

interface LabelledPair {
  readonly kind: string;
  readonly match: boolean;
  readonly a: unknown;
  readonly b: unknown;
}

async function embedAll(embedder: Embedder, texts: readonly string[], signal: AbortSignal) {
  const unique = [...new Set(texts)];
  const vectors = await embedder.embed(unique, { signal, step: "bench:reuse" });
  return new Map(unique.map((text, index) => [text, vectors[index]!]));
}

const naiveText = (request: CourseRequest) =>
  `${request.topic} for ${request.audience}, ${request.level}, in ${request.language}, ${request.modules}x${request.lessonsPerModule}`;

function figuresJson(figures: ThresholdFigures) {
  return {
    threshold: figures.threshold,
    precision: round(figures.precision, 3),
    recall: round(figures.recall, 3),
    true_positives: figures.truePositives,
    false_positives: figures.falsePositives,
    false_negatives: figures.falseNegatives,
  };
}

function recallByKind(pairs: readonly ScoredPair[], threshold: number) {
  const kinds = [...new Set(pairs.filter((pair) => pair.match).map((pair) => pair.kind))];
  return Object.fromEntries(
    kinds.map((kind) => [
      kind,
      round(
        figuresAt(
          pairs.filter((pair) => pair.kind === kind),
          threshold,
        ).recall,
        3,
      ),
    ]),
  );
}

function falseMatchesByKind(pairs: readonly ScoredPair[], threshold: number) {
  const kinds = [...new Set(pairs.filter((pair) => !pair.match).map((pair) => pair.kind))];
  return Object.fromEntries(
    kinds.map((kind) => [
      kind,
      pairs.filter((pair) => pair.kind === kind && pair.sameShape && pair.similarity >= threshold).length,
    ]),
  );
}

async function run(context: BenchContext): Promise<number> {
  const flags = parseFlags(context.args, { json: "switch", "min-precision": "value" });
  const minimumPrecision = flags.number("min-precision", targetPrecision, { min: 0.5, max: 1 });
  const { signal } = context;
  const labelled = (JSON.parse(await readFile(pairsFile, "utf8")) as { pairs: LabelledPair[] }).pairs;
  const requests = labelled.map((pair) => [CourseRequest.parse(pair.a), CourseRequest.parse(pair.b)] as const);
  const simulator = await startSimulator({ port: 0, seed: 7, timeScale: 0 });
  const provider = createOpenAiCompatibleEmbeddings({ name: "simulator", apiKey: "bench", baseUrl: simulator.url });
  try {
    const embedder = createEmbedder({ provider, model: embeddingModel });
    const normalised = requests.map(([a, b]) => [normaliseRequest(a), normaliseRequest(b)] as const);
    const topicVectors = await embedAll(
      embedder,
      normalised.flatMap(([a, b]) => [a.topic, b.topic]),
      signal,
    );
    const naiveVectors = await embedAll(
      embedder,
      requests.flatMap(([a, b]) => [naiveText(a), naiveText(b)]),
      signal,
    );
    const structured: ScoredPair[] = labelled.map((pair, index) => {
      const [a, b] = normalised[index]!;
      return {
        kind: pair.kind,
        match: pair.match,
        sameShape: sameShape(a, b),
        similarity: cosineSimilarity(topicVectors.get(a.topic)!, topicVectors.get(b.topic)!),
      };
    });
    const naive: ScoredPair[] = labelled.map((pair, index) => {
      const [a, b] = requests[index]!;
      return {
        kind: pair.kind,
        match: pair.match,
        sameShape: true,
        similarity: cosineSimilarity(naiveVectors.get(naiveText(a))!, naiveVectors.get(naiveText(b))!),
      };
    });
    const chosen = chooseThreshold(structured, { minimumPrecision, from: 0.3, margin });
    const naiveChosen = chooseThreshold(naive, { minimumPrecision, from: 0.3, margin });
    const result = {
      benchmark: "reuse",
      embedding_model: `${embeddingModel} (Courseforge simulator: bag of seeded word directions, not semantic)`,
      pairs: {
        total: labelled.length,
        should_match: labelled.filter((pair) => pair.match).length,
        must_not_match: labelled.filter((pair) => !pair.match).length,
      },
      target_precision: minimumPrecision,
      margin,
      chosen: { ...figuresJson(chosen), recall_by_kind: recallByKind(structured, chosen.threshold) },
      configured_default: {
        ...figuresJson(figuresAt(structured, defaultReuseThreshold)),
        recall_by_kind: recallByKind(structured, defaultReuseThreshold),
        false_matches_by_kind: falseMatchesByKind(structured, defaultReuseThreshold),
      },
      naive_whole_request_embedding: {
        chosen: figuresJson(naiveChosen),
        at_configured_default: {
          ...figuresJson(figuresAt(naive, defaultReuseThreshold)),
          false_matches_by_kind: falseMatchesByKind(naive, defaultReuseThreshold),
        },
      },
    };
    const lines = [
      `labelled pairs: ${result.pairs.total} (${result.pairs.should_match} should match, ${result.pairs.must_not_match} must not)`,
      `embeddings: ${result.embedding_model}`,
      `chosen threshold ${chosen.threshold}: precision ${chosen.precision.toFixed(3)}, recall ${chosen.recall.toFixed(3)} ${JSON.stringify(result.chosen.recall_by_kind)}`,
      `configured default ${defaultReuseThreshold}: precision ${result.configured_default.precision}, recall ${result.configured_default.recall}`,
      `naive (whole request as text) at ${defaultReuseThreshold}: precision ${result.naive_whole_request_embedding.at_configured_default.precision}, recall ${result.naive_whole_request_embedding.at_configured_default.recall}`,
    ];
    context.stderr.write(`${lines.join("\n")}\n`);
    if (chosen.precision < minimumPrecision)
      context.stderr.write(`target missed: no threshold reaches precision ${minimumPrecision}\n`);
    if (flags.has("json")) context.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } finally {
    await provider.close();
    await simulator.close();
  }
}

/** The `reuse` subcommand. */
export const reuseCommand: BenchCommand = {
  summary: "similar-course matching: precision and recall on labelled request pairs, threshold choice",
  usage,
  run,
};
