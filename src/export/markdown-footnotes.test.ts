import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { citationFootnotes } from "./markdown-footnotes.ts";

describe("citationFootnotes", () => {
  const section = {
    id: "m1-l1-s2",
    kind: "explanation" as const,
    title: "Light",
    body: "Chlorophyll absorbs light.",
    citations: [
      {
        chunkId: "doc_1_0",
        documentId: "doc_1",
        title: "Plants *and* light",
        page: 3,
        quote: "Chlorophyll absorbs [red] light.",
      },
      { chunkId: "doc_2_4", documentId: "doc_2", title: "Notes", page: null, quote: "Leaves\nare green." },
    ],
  };

  it("references each citation and defines it with title, page and quote, escaped", () => {
    expect(citationFootnotes(section)).toEqual([
      "Sources: [^m1-l1-s2-1] [^m1-l1-s2-2]",
      "[^m1-l1-s2-1]: Plants \\*and\\* light, page 3: “Chlorophyll absorbs \\[red\\] light.”\n[^m1-l1-s2-2]: Notes: “Leaves are green.”",
    ]);
    // As Markdown: the quote is text, not emphasis or a link.
    const html = new MarkdownIt().render(citationFootnotes(section).join("\n\n"));
    expect(html).not.toContain("<em>");
    expect(html).toContain("[red]");
  });

  it("adds nothing to a section without citations", () => {
    expect(citationFootnotes({ ...section, citations: undefined })).toEqual([]);
  });
});
