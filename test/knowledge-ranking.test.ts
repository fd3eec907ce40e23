// Full-text ranking weighs words by how rare they are in the searched chunks: a chunk naming the
// one rare thing a question asks about outranks chunks sharing more of its common words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addDocument,
  createRetriever,
  ensureCollection,
  ingestDocument,
  type Collection,
} from "../src/knowledge/index.ts";
import { openKnowledgeBed, type KnowledgeBed } from "./support/knowledge-bed.ts";

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const common = ["Etna", "Hekla", "Fuji", "Merapi"].map(
  (name) =>
    `# ${name}\n\nThe eruption of ${name} sent an ash plume over the valley, and the ash plume drifted east for days.\n`,
);
const rare = `# Kavalor\n\nKavalor is a quiet mountain; its only eruption is known from old chronicles.\n`;

describe("knowledge full-text ranking", () => {
  let bed: KnowledgeBed;
  let collection: Collection;

  beforeAll(async () => {
    bed = await openKnowledgeBed();
    collection = await ensureCollection(bed.database, bed.alice, "volcanoes");
    for (const [index, text] of [...common, rare].entries()) {
      const { document } = await addDocument(bed.database, bed.alice, collection.id, {
        fileName: `volcano-${index}.md`,
        content: utf8(text),
      });
      await ingestDocument(bed, document.id);
    }
  });
  afterAll(async () => bed?.cleanup());

  it("puts the chunk with the rare word first, ahead of chunks with more common words", async () => {
    const retriever = createRetriever({
      database: bed.database,
      embedder: bed.embedder,
      vectorSearch: { kind: "exact", reason: "full text is under test" },
    });
    const found = await retriever.retrieve(bed.alice, {
      query: "Kavalor eruption ash plume",
      collectionIds: [collection.id],
      mode: "fulltext",
    });
    expect(found.map((chunk) => chunk.documentTitle)[0]).toBe("Kavalor");
    expect(found).toHaveLength(5);
  });

  it("answers a question naming one rare thing in other words, in full text and hybrid alike", async () => {
    // Sixty sections sharing their common words; the question shares only the name with its answer.
    const names = Array.from({ length: 60 }, (_, index) => `Zorvan${String.fromCharCode(97 + (index % 26))}${index}`);
    const atlas = names
      .map(
        (name, index) =>
          `## ${name}\n\n${name} is a volcano with a summit of ${1000 + index * 37} metres. The observatory measures ash and gas on the crater every week.\n`,
      )
      .join("\n");
    const atlasCollection = await ensureCollection(bed.database, bed.alice, "atlas");
    const { document } = await addDocument(bed.database, bed.alice, atlasCollection.id, {
      fileName: "atlas.md",
      content: utf8(`# Atlas\n\n${atlas}`),
    });
    await ingestDocument(bed, document.id);
    const retriever = createRetriever({
      database: bed.database,
      embedder: bed.embedder,
      vectorSearch: { kind: "exact", reason: "exact scan under test" },
    });
    for (const mode of ["fulltext", "hybrid"] as const) {
      const found = await retriever.retrieve(bed.alice, {
        query: `What is the elevation of ${names[41]}?`,
        collectionIds: [atlasCollection.id],
        mode,
      });
      expect(found[0]?.headingPath, mode).toContain(names[41]);
    }
    // A question sharing one common word of the scope only is not answered.
    expect(
      await retriever.retrieve(bed.alice, {
        query: "Which crater hides the treasure?",
        collectionIds: [atlasCollection.id],
        mode: "fulltext",
      }),
    ).toEqual([]);
  });
});
