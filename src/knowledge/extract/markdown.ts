import MarkdownIt from "markdown-it";
import { extractHtml } from "./html.ts";
import type { ExtractedDocument } from "./types.ts";

// Raw HTML inside Markdown is shown as text, never interpreted (no scripts reach the extractor as markup).
const markdown = new MarkdownIt({ html: false, linkify: false });

/** Markdown: rendered with markdown-it, then read like HTML (headings and paragraphs kept). */
export function extractMarkdown(text: string): ExtractedDocument {
  return extractHtml(`<body>${markdown.render(text)}</body>`);
}
