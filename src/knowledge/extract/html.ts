import { parse } from "parse5";
import type { DefaultTreeAdapterTypes } from "parse5";
import { normalizeSpace } from "./text.ts";
import type { DocumentBlock, ExtractedDocument } from "./types.ts";

type Node = DefaultTreeAdapterTypes.ChildNode | DefaultTreeAdapterTypes.Document;

// Never read as text: code, styling and embedded objects.
const skipped = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "math",
  "iframe",
  "object",
  "head",
  "button",
  "select",
]);
// Elements that end the running paragraph (the text after them starts a new one).
const blockElements = new Set([
  "p",
  "div",
  "li",
  "ul",
  "ol",
  "dl",
  "dt",
  "dd",
  "table",
  "tr",
  "td",
  "th",
  "thead",
  "tbody",
  "section",
  "article",
  "aside",
  "header",
  "footer",
  "nav",
  "main",
  "blockquote",
  "pre",
  "figure",
  "figcaption",
  "br",
  "hr",
  "form",
  "fieldset",
  "address",
  "caption",
  "details",
  "summary",
]);
const headingLevels: Readonly<Record<string, number>> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

/**
 * Reads an HTML page with a real parser (parse5): headings `h1`–`h6` become headings, block
 * elements end paragraphs, scripts, styles and other non-text elements are dropped.
 */
export function extractHtml(html: string): ExtractedDocument {
  const document = parse(html);
  const blocks: DocumentBlock[] = [];
  let paragraph = "";
  let title: string | undefined;
  const flush = (): void => {
    const text = normalizeSpace(paragraph);
    if (text !== "") blocks.push({ kind: "paragraph", text });
    paragraph = "";
  };
  const textOf = (node: Node): string => {
    if (node.nodeName === "#text") return (node as DefaultTreeAdapterTypes.TextNode).value;
    if (skipped.has(node.nodeName) || !("childNodes" in node)) return "";
    return node.childNodes
      .map((child) => (blockElements.has(child.nodeName) ? ` ${textOf(child)} ` : textOf(child)))
      .join("");
  };
  const visit = (node: Node): void => {
    if (skipped.has(node.nodeName)) return;
    if (node.nodeName === "#text") {
      paragraph += (node as DefaultTreeAdapterTypes.TextNode).value;
      return;
    }
    const level = headingLevels[node.nodeName];
    if (level !== undefined) {
      flush();
      const text = normalizeSpace(textOf(node));
      if (text !== "") blocks.push({ kind: "heading", level, text });
      return;
    }
    if (!("childNodes" in node)) return;
    const isBlock = blockElements.has(node.nodeName);
    if (isBlock) flush();
    for (const child of node.childNodes) visit(child);
    if (isBlock) flush();
  };
  const head = findElement(document, "head");
  if (head !== undefined) {
    const titleElement = findElement(head, "title");
    if (titleElement !== undefined) title = normalizeSpace(textOf(titleElement)) || undefined;
  }
  visit(document);
  flush();
  const firstHeading = blocks.find((block) => block.kind === "heading");
  return { title: title ?? firstHeading?.text, blocks };
}

function findElement(node: Node, name: string): Node | undefined {
  if (node.nodeName === name) return node;
  if (!("childNodes" in node)) return undefined;
  for (const child of node.childNodes) {
    const found = findElement(child, name);
    if (found !== undefined) return found;
  }
  return undefined;
}
