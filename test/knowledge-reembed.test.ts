// `kb reembed`: after an embedding model or size change, the stale chunks (and only they) are
// embedded again, batch by batch, and an interrupted run is finished by the next one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultPrices } from "../src/config/index.ts";
import { addDocument, ensureCollection, ingestDocument, reembedChunks } from "../src/knowledge/index.ts";
import { createEmbedder } from "../src/llm/index.ts";
import { openKnowledgeBed, type KnowledgeBed } from "./support/knowledge-bed.ts";

const sections = Array.from(
  { length: 12 },
  (_, index) => `## Section ${index}\n\nParagraph ${index} about tides, moons and the pull of gravity on the sea.\n`,
).join("\n");

describe("re-embedding after a model change", () => {
  let bed: KnowledgeBed;

  beforeAll(async () => {
    bed = await openKnowledgeBed();
    const collection = await ensureCollection(bed.database, bed.alice, "oceans");
    const { document } = await addDocument(bed.database, bed.alice, collection.id, {
      fileName: "tides.md",
      content: new TextEncoder().encode(`# Tides\n\n${sections}`),
    });
    await ingestDocument(bed, document.id);
  });
  afterAll(async () => bed?.cleanup());

  const sizes = () =>
    bed.database.query<{ dimensions: number; chunks: number }>(
      `SELECT embedding_dimensions AS dimensions, count(*)::int AS chunks FROM knowledge_chunks
        WHERE embedding_dimensions = cardinality(embedding) GROUP BY 1 ORDER BY 1`,
    );

  it("re-embeds stale chunks only, resumes an interrupted run, and then has nothing left to do", async () => {
    const [before] = await sizes();
    expect(before).toMatchObject({ dimensions: 256 });
    const total = before!.chunks;
    expect(total).toBeGreaterThan(4);
    const smaller = createEmbedder({
      provider: bed.embeddings,
      model: "text-embedding-3-small",
      dimensions: 64,
      prices: defaultPrices,
    });

    // Stopped after the first batch of two: those two are stored, the rest still stale.
    const stop = new AbortController();
    const progress: { done: number; total: number }[] = [];
    await expect(
      reembedChunks(bed.database, smaller, {
        batch: 2,
        signal: stop.signal,
        onProgress: (step) => {
          progress.push(step);
          if (step.done === 2) stop.abort();
        },
      }),
    ).rejects.toThrow();
    expect(progress).toEqual([
      { done: 0, total },
      { done: 2, total },
    ]);
    expect(await sizes()).toEqual([
      { dimensions: 64, chunks: 2 },
      { dimensions: 256, chunks: total - 2 },
    ]);

    const resumed = await reembedChunks(bed.database, smaller, { batch: 4 });
    expect(resumed).toEqual({ reembedded: total - 2, current: 2 });
    expect(await sizes()).toEqual([{ dimensions: 64, chunks: total }]);
    expect(await reembedChunks(bed.database, smaller)).toEqual({ reembedded: 0, current: total });

    // A new model name makes every chunk stale again, whatever its size.
    const renamed = createEmbedder({ provider: bed.embeddings, model: "text-embedding-3-large", dimensions: 64 });
    expect(await reembedChunks(bed.database, renamed)).toEqual({ reembedded: total, current: 0 });
    const models = await bed.database.query<{ model: string }>(
      `SELECT DISTINCT embedding_model AS model FROM knowledge_chunks`,
    );
    expect(models).toEqual([{ model: "text-embedding-3-large" }]);
  });
});
