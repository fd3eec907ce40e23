import type { DocumentBlock, ExtractedDocument } from "./types.ts";

/** Collapses runs of white space (line breaks included) to one space and trims. */
export function normalizeSpace(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

/** Splits text into paragraphs at blank lines; each paragraph's white space is collapsed. */
export function paragraphsOf(text: string, page?: number): DocumentBlock[] {
  return text
    .split(/\n[\t ]*\n/u)
    .map(normalizeSpace)
    .filter((paragraph) => paragraph !== "")
    .map((paragraph) =>
      page === undefined ? { kind: "paragraph", text: paragraph } : { kind: "paragraph", text: paragraph, page },
    );
}

/** Plain text: paragraphs at blank lines, no headings. */
export function extractPlainText(text: string): ExtractedDocument {
  return { title: undefined, blocks: paragraphsOf(text.replace(/\r\n?/gu, "\n")) };
}
