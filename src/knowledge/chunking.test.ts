import { describe, expect, it } from "vitest";
import { countTextTokens } from "../tokens/index.ts";
import { chunkDocument } from "./chunking.ts";
import type { DocumentBlock } from "./extract/index.ts";

const sentence = (index: number): string =>
  `Sentence number ${index} talks about rivers, deltas and the silt they carry.`;

describe("chunkDocument", () => {
  it("fills chunks to the target, cuts between sentences and overlaps within a section", () => {
    const paragraph = Array.from({ length: 60 }, (_, index) => sentence(index)).join(" ");
    const { text, chunks } = chunkDocument([{ kind: "paragraph", text: paragraph }], {
      targetTokens: 100,
      overlapTokens: 20,
    });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(chunk.tokenCount).toBeLessThanOrEqual(100);
      expect(chunk.text).toBe(text.slice(chunk.startOffset, chunk.endOffset));
      expect(chunk.text).toMatch(/^Sentence number \d+ .*carry\.$/u);
    }
    for (let index = 1; index < chunks.length; index++) {
      // The next chunk starts inside the previous one: whole sentences repeated.
      expect(chunks[index]!.startOffset).toBeLessThan(chunks[index - 1]!.endOffset);
      expect(chunks[index]!.startOffset).toBeGreaterThan(chunks[index - 1]!.startOffset);
    }
    expect(chunks.at(-1)!.text.endsWith(sentence(59))).toBe(true);
  });

  it("starts a chunk at each heading and page, keeping the heading path and page", () => {
    const blocks: DocumentBlock[] = [
      { kind: "heading", level: 1, text: "Rivers" },
      { kind: "paragraph", text: "Rivers flow.", page: 1 },
      { kind: "heading", level: 2, text: "Deltas" },
      { kind: "paragraph", text: "Deltas form.", page: 1 },
      { kind: "paragraph", text: "Silt settles.", page: 2 },
      { kind: "heading", level: 1, text: "Lakes" },
      { kind: "paragraph", text: "Lakes are still.", page: 2 },
    ];
    const { chunks } = chunkDocument(blocks);
    expect(chunks.map((chunk) => [chunk.text, chunk.headingPath, chunk.page])).toEqual([
      ["Rivers flow.", ["Rivers"], 1],
      ["Deltas form.", ["Rivers", "Deltas"], 1],
      ["Silt settles.", ["Rivers", "Deltas"], 2],
      ["Lakes are still.", ["Lakes"], 2],
    ]);
  });

  it("cuts a sentence longer than the target at word boundaries only", () => {
    const long = Array.from({ length: 300 }, (_, index) => `word${index}`).join(" ");
    const { chunks } = chunkDocument([{ kind: "paragraph", text: long }], { targetTokens: 50 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(countTextTokens(chunk.text)).toBeLessThanOrEqual(50);
      expect(chunk.text).toMatch(/^word\d+( word\d+)*$/u);
    }
  });
});
