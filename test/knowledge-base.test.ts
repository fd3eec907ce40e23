// The knowledge base on a real database (PGlite or Postgres) with the simulator's embeddings:
// ingestion of every format, deduplication, failed documents, hybrid retrieval and isolation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addDocument,
  createRetriever,
  detectVectorSearch,
  ensureCollection,
  findDocument,
  ingestDocument,
  listCollections,
  listDocuments,
  setCollectionShared,
  type Collection,
  type Retriever,
} from "../src/knowledge/index.ts";
import { buildPdf } from "./support/pdf.ts";
import { openKnowledgeBed, type KnowledgeBed } from "./support/knowledge-bed.ts";

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const photosynthesis = `# Photosynthesis

Plants capture sunlight with chlorophyll in their leaves. The chloroplast turns carbon dioxide and water into glucose.

## Light reactions

The light reactions split water molecules and release oxygen as a by-product. They happen in the thylakoid membranes.

## Calvin cycle

The Calvin cycle fixes carbon dioxide into sugar using the enzyme RuBisCO in the stroma.
`;

const romanEmpire = `<html><head><title>The Roman Empire</title><script>track()</script></head><body>
<h1>The Roman Empire</h1><p>Augustus became the first emperor in 27 BC after the fall of the Republic.</p>
<h2>Roads</h2><p>Roman engineers built roads paved with stone that connected distant provinces to the capital.</p>
</body></html>`;

describe("knowledge base", () => {
  let bed: KnowledgeBed;
  let retriever: Retriever;
  let biology: Collection;

  beforeAll(async () => {
    bed = await openKnowledgeBed();
    retriever = createRetriever({
      database: bed.database,
      embedder: bed.embedder,
      vectorSearch: { kind: "exact", reason: "the exact scan is under test here" },
    });
    biology = await ensureCollection(bed.database, bed.alice, "biology");
    const volcanoes = buildPdf(
      [
        { lines: ["Volcanoes erupt when magma rises through the crust.", "Lava cools into basalt rock."] },
        { lines: ["Pyroclastic flows of hot gas and ash race down the slopes of a volcano."] },
      ],
      { title: "Volcanoes" },
    );
    const uploads = [
      { fileName: "photosynthesis.md", content: utf8(photosynthesis) },
      { fileName: "volcanoes.pdf", content: volcanoes },
      { fileName: "rome.html", content: utf8(romanEmpire) },
    ];
    for (const upload of uploads) {
      const { document } = await addDocument(bed.database, bed.alice, biology.id, upload);
      await ingestDocument(bed, document.id);
    }
  });
  afterAll(async () => bed?.cleanup());

  it("ingests every format with titles, pages and heading paths", async () => {
    const documents = await listDocuments(bed.database, bed.alice);
    expect(documents.map((document) => [document.title, document.status, document.mime]).sort()).toEqual([
      ["Photosynthesis", "ready", "text/markdown"],
      ["The Roman Empire", "ready", "text/html"],
      ["Volcanoes", "ready", "application/pdf"],
    ]);
    const [found] = await retriever.retrieve(bed.alice, {
      query: "hot ash flowing down a volcano",
      collectionIds: [biology.id],
    });
    expect(found).toMatchObject({ documentTitle: "Volcanoes", page: 2 });
    expect(found!.text).toContain("Pyroclastic flows");
    const [calvin] = await retriever.retrieve(bed.alice, {
      query: "which enzyme fixes carbon into sugar",
      collectionIds: [biology.id],
    });
    expect(calvin).toMatchObject({ headingPath: ["Photosynthesis", "Calvin cycle"] });
  });

  it("keeps the same file twice as one document", async () => {
    const again = await addDocument(bed.database, bed.alice, biology.id, {
      fileName: "copy.md",
      content: utf8(photosynthesis),
    });
    expect(again.created).toBe(false);
    expect(again.document.title).toBe("Photosynthesis");
    expect(await listDocuments(bed.database, bed.alice)).toHaveLength(3);
  });

  it("stores an unreadable PDF as failed with the reason, losing nothing else", async () => {
    const scans = await ensureCollection(bed.database, bed.alice, "scans");
    const encrypted = await addDocument(bed.database, bed.alice, scans.id, {
      fileName: "locked.pdf",
      content: buildPdf([{ lines: ["secret"] }], { encrypted: true }),
    });
    const scanned = await addDocument(bed.database, bed.alice, scans.id, {
      fileName: "scan.pdf",
      content: buildPdf([{ lines: [] }]),
    });
    expect(await ingestDocument(bed, encrypted.document.id)).toMatchObject({
      status: "failed",
      failureReason: expect.stringMatching(/encrypted/),
    });
    expect(await ingestDocument(bed, scanned.document.id)).toMatchObject({
      status: "failed",
      failureReason: expect.stringMatching(/no text layer/),
    });
    expect(await findDocument(bed.database, bed.alice, scanned.document.id)).toMatchObject({
      status: "failed",
      failureReason: expect.stringMatching(/no text layer/),
    });
    expect(
      (await listDocuments(bed.database, bed.alice, { collectionIds: [biology.id] })).every(
        (document) => document.status === "ready",
      ),
    ).toBe(true);
  });

  it("finds nothing rather than irrelevant excerpts", async () => {
    expect(
      await retriever.retrieve(bed.alice, { query: "quantum chromodynamics of gluons", collectionIds: [biology.id] }),
    ).toEqual([]);
  });

  it("retrieves, lists and finds a user's documents for that user only, unless shared", async () => {
    const [document] = await listDocuments(bed.database, bed.alice);
    expect(await listDocuments(bed.database, bed.bob)).toEqual([]);
    expect(await listCollections(bed.database, bed.bob)).toEqual([]);
    expect(await findDocument(bed.database, bed.bob, document!.id)).toBeUndefined();
    const query = { query: "Roman roads paved with stone", collectionIds: [biology.id] };
    expect(await retriever.retrieve(bed.bob, query)).toEqual([]);
    expect(await retriever.retrieve(bed.bob, { query: query.query, documentIds: [document!.id] })).toEqual([]);
    await setCollectionShared(bed.database, biology.id, true);
    try {
      expect((await retriever.retrieve(bed.bob, query))[0]?.documentTitle).toBe("The Roman Empire");
      expect((await listCollections(bed.database, bed.bob)).map((collection) => collection.name)).toEqual(["biology"]);
    } finally {
      await setCollectionShared(bed.database, biology.id, false);
    }
  });

  it("ranks by full text and by vector alone, and fuses both", async () => {
    const query = { query: "oxygen released when water is split", collectionIds: [biology.id] };
    for (const mode of ["fulltext", "vector", "hybrid"] as const) {
      const [first] = await retriever.retrieve(bed.alice, { ...query, mode, relevantOnly: false });
      expect(first?.text, mode).toContain("split water molecules");
    }
  });

  it("records every embedding call with its tokens and cost", async () => {
    const rows = await bed.database.query<{ calls: number; tokens: number; cost: number }>(
      `SELECT count(*)::int AS calls, sum(prompt_tokens)::bigint AS tokens, sum(cost_usd) AS cost FROM llm_calls WHERE task = 'embedding'`,
    );
    expect(rows[0]!.calls).toBeGreaterThan(3);
    expect(rows[0]!.tokens).toBeGreaterThan(50);
    expect(rows[0]!.cost).toBeGreaterThan(0);
  });

  it("searches with pgvector (HNSW) like the exact scan, where the extension exists", async (context) => {
    const mode = await detectVectorSearch(bed.database);
    if (mode.kind !== "pgvector") {
      console.warn(`pgvector test skipped: ${mode.reason}`);
      context.skip();
      return;
    }
    const indexed = createRetriever({ database: bed.database, embedder: bed.embedder, vectorSearch: mode });
    const query = {
      query: "magma rising through the crust",
      collectionIds: [biology.id],
      mode: "vector" as const,
      relevantOnly: false,
    };
    const exact = await retriever.retrieve(bed.alice, query);
    const approximate = await indexed.retrieve(bed.alice, query);
    expect(approximate.map((chunk) => chunk.id)).toEqual(exact.map((chunk) => chunk.id));
    const indexes = await bed.database.query(
      `SELECT indexname FROM pg_indexes WHERE indexname = 'knowledge_chunks_embedding_hnsw_256' AND schemaname = current_schema()`,
    );
    expect(indexes).toHaveLength(1);
  });
});
