import { describe, expect, it } from "vitest";
import { buildDocx } from "../../../test/support/docx.ts";
import { buildPdf } from "../../../test/support/pdf.ts";
import { detectFormat, extractDocument } from "./index.ts";

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("detectFormat", () => {
  it("goes by extension, then by media type", () => {
    expect(detectFormat("notes.MD", undefined)).toBe("markdown");
    expect(detectFormat("upload", "text/html; charset=utf-8")).toBe("html");
  });

  it("rejects other types listing the supported ones", () => {
    expect(() => detectFormat("slides.pptx", "application/vnd.ms-powerpoint")).toThrow(
      expect.objectContaining({
        code: "KNOWLEDGE_UNSUPPORTED_TYPE",
        message: expect.stringContaining("Markdown (.md)"),
      }),
    );
  });
});

describe("extractDocument", () => {
  it("keeps PDF pages and the document title", async () => {
    const pdf = buildPdf(
      [{ lines: ["Photosynthesis turns light into sugar."] }, { lines: ["Chlorophyll absorbs red and blue light."] }],
      { title: "Plant biology" },
    );
    const extracted = await extractDocument("pdf", pdf);
    expect(extracted.title).toBe("Plant biology");
    expect(extracted.pageCount).toBe(2);
    expect(extracted.blocks).toEqual([
      { kind: "paragraph", text: "Photosynthesis turns light into sugar.", page: 1 },
      { kind: "paragraph", text: "Chlorophyll absorbs red and blue light.", page: 2 },
    ]);
  });

  it("says a PDF is encrypted, scanned or corrupt", async () => {
    await expect(extractDocument("pdf", buildPdf([{ lines: ["secret"] }], { encrypted: true }))).rejects.toThrow(
      /encrypted/,
    );
    await expect(extractDocument("pdf", buildPdf([{ lines: [] }, { lines: [] }]))).rejects.toThrow(
      /no text layer \(2 pages/,
    );
    await expect(extractDocument("pdf", utf8("%PDF-1.4\nthis is not a PDF body"))).rejects.toThrow(/PDF is corrupt/);
    await expect(extractDocument("pdf", utf8("hello"))).rejects.toThrow(/not a PDF/);
  });

  it("reads DOCX headings and paragraphs", async () => {
    const docx = await buildDocx([
      { heading: 1, text: "Cells" },
      { text: "A cell is the smallest unit of life." },
      { heading: 2, text: "Membranes" },
      { text: "The membrane controls what enters." },
    ]);
    const extracted = await extractDocument("docx", docx);
    expect(extracted.blocks).toEqual([
      { kind: "heading", level: 1, text: "Cells" },
      { kind: "paragraph", text: "A cell is the smallest unit of life." },
      { kind: "heading", level: 2, text: "Membranes" },
      { kind: "paragraph", text: "The membrane controls what enters." },
    ]);
    await expect(extractDocument("docx", utf8("PK\u0003\u0004 broken zip"))).rejects.toThrow(/DOCX file is corrupt/);
  });

  it("drops HTML scripts and styles and keeps headings", async () => {
    const html = `<html><head><title>Tides</title><style>p{color:red}</style></head><body>
      <script>alert("x")</script><h1>Tides</h1><p>The moon <b>pulls</b> the oceans.</p><noscript>enable js</noscript>
      <ul><li>Spring tides</li><li>Neap tides</li></ul></body></html>`;
    const extracted = await extractDocument("html", utf8(html));
    expect(extracted.title).toBe("Tides");
    expect(extracted.blocks).toEqual([
      { kind: "heading", level: 1, text: "Tides" },
      { kind: "paragraph", text: "The moon pulls the oceans." },
      { kind: "paragraph", text: "Spring tides" },
      { kind: "paragraph", text: "Neap tides" },
    ]);
  });

  it("reads Markdown structure and plain-text paragraphs", async () => {
    const markdown = await extractDocument(
      "markdown",
      utf8("# Rivers\n\nWater flows *downhill*.\n\n## Deltas\n\nSilt settles.\n"),
    );
    expect(markdown.blocks).toEqual([
      { kind: "heading", level: 1, text: "Rivers" },
      { kind: "paragraph", text: "Water flows downhill." },
      { kind: "heading", level: 2, text: "Deltas" },
      { kind: "paragraph", text: "Silt settles." },
    ]);
    const text = await extractDocument("text", utf8("First line\nsame paragraph.\n\nSecond\u0000 one."));
    expect(text.blocks.map((block) => block.text)).toEqual(["First line same paragraph.", "Second one."]);
  });

  it("rejects text that is not UTF-8 and files without text", async () => {
    await expect(extractDocument("text", new Uint8Array([0xff, 0xfe, 0x41]))).rejects.toThrow(/not UTF-8/);
    await expect(extractDocument("html", utf8("<script>only()</script>"))).rejects.toThrow(/contains no text/);
  });
});
