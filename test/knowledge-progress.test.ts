// Ingestion progress: while its durable job runs, a document says what the job is doing (parsing,
// chunking, embedding n of m, storing), and says nothing once it is ready.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKnowledgeService, type KnowledgeService } from "../src/knowledge/index.ts";
import type { Embedder } from "../src/llm/index.ts";
import { openKnowledgeBed, type KnowledgeBed } from "./support/knowledge-bed.ts";

const notes = Array.from(
  { length: 6 },
  (_, index) => `## Part ${index}\n\nGlaciers carve valleys, part ${index}.\n`,
).join("\n");

describe("ingestion progress", () => {
  let bed: KnowledgeBed;
  let knowledge: KnowledgeService;
  let release: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));

  beforeAll(async () => {
    bed = await openKnowledgeBed();
    // Embeddings wait until the test has looked at the document mid-ingestion.
    const gated: Embedder = {
      model: bed.embedder.model,
      dimensions: bed.embedder.dimensions,
      async embed(texts, options) {
        await released;
        return bed.embedder.embed(texts, options);
      },
    };
    knowledge = createKnowledgeService({
      database: bed.database,
      embedder: gated,
      vectorSearch: { kind: "exact", reason: "not under test" },
      settings: {
        maxUploadBytes: 1_000_000,
        quota: { maxDocuments: 10, maxBytes: 1_000_000 },
        minimumSimilarity: 0.3,
        tokenBudget: 3_000,
      },
      // The queue: the test runs the job itself.
      schedule: async () => undefined,
    });
  });
  afterAll(async () => bed?.cleanup());

  it("shows the phase and chunks embedded of all while the job runs, and none once ready", async () => {
    const { documents } = await knowledge.upload(bed.alice, "glaciers", [
      { fileName: "glaciers.md", content: new TextEncoder().encode(`# Glaciers\n\n${notes}`) },
    ]);
    const id = documents[0]!.document.id;
    expect(documents[0]!.document).toMatchObject({ status: "pending", progress: { phase: null, done: 0, total: 0 } });

    const job = knowledge.ingest(id);
    let seen = await knowledge.getDocument(bed.alice, id);
    for (let attempt = 0; attempt < 200 && seen.progress.phase !== "embedding"; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await knowledge.getDocument(bed.alice, id);
    }
    expect(seen.status).toBe("pending");
    expect(seen.progress.phase).toBe("embedding");
    expect(seen.progress.done).toBe(0);
    expect(seen.progress.total).toBeGreaterThanOrEqual(6);

    release();
    await job;
    const ready = await knowledge.getDocument(bed.alice, id);
    expect(ready).toMatchObject({
      status: "ready",
      progress: { phase: null, done: seen.progress.total, total: seen.progress.total },
    });
  });
});
