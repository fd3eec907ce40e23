import { describe, expect, it } from "vitest";
import { citationSource, documentStatusText, isIngesting, uploadSummary } from "./knowledge-text.ts";

const uploaded = (fileName: string, duplicate: boolean) => ({
  id: `doc_${fileName.replace(/\W/g, "")}`,
  collectionId: "col_1",
  title: fileName,
  fileName,
  mime: "text/markdown",
  bytes: 10,
  contentHash: "h",
  status: "pending" as const,
  failureReason: null,
  chunkCount: 0,
  pageCount: null,
  progress: { phase: null, done: 0, total: 0 },
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  duplicate,
});

describe("documentStatusText", () => {
  it("says ready, failed, and how far ingestion is", () => {
    expect(documentStatusText({ status: "ready", progress: { phase: null, done: 4, total: 4 } })).toBe("Ready");
    expect(documentStatusText({ status: "failed", progress: { phase: null, done: 0, total: 0 } })).toBe("Failed");
    expect(documentStatusText({ status: "pending", progress: { phase: "embedding", done: 3, total: 10 } })).toBe(
      "Ingesting 3/10 passages",
    );
    expect(documentStatusText({ status: "pending", progress: { phase: null, done: 0, total: 0 } })).toBe("Ingesting…");
    expect(isIngesting({ status: "pending" })).toBe(true);
    expect(isIngesting({ status: "failed" })).toBe(false);
  });
});

describe("uploadSummary", () => {
  it("counts what was added and names the files that were already there", () => {
    expect(
      uploadSummary({
        collection: { id: "col_1", name: "biology" },
        documents: [uploaded("a.md", false), uploaded("b.md", true), uploaded("c.pdf", false)],
      }),
    ).toBe("2 documents added to “biology”. Already there (the same file): “b.md”.");
    expect(uploadSummary({ collection: { id: "col_1", name: "notes" }, documents: [uploaded("a.md", false)] })).toBe(
      "1 document added to “notes”.",
    );
  });
});

describe("citationSource", () => {
  it("names the page only when the document has pages", () => {
    expect(citationSource({ title: "Leaf structure", page: 2 })).toBe("Leaf structure, page 2");
    expect(citationSource({ title: "Light reactions", page: null })).toBe("Light reactions");
  });
});
