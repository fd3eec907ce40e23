// Reading documents: format detection and one extractor per format, all producing blocks (headings
// and paragraphs, with pages for PDFs) that the chunker splits.
import { UnreadableDocumentError, UnsupportedDocumentTypeError } from "../errors.ts";
import { extractDocx } from "./docx.ts";
import { extractHtml } from "./html.ts";
import { extractMarkdown } from "./markdown.ts";
import { extractPdf } from "./pdf.ts";
import { extractPlainText } from "./text.ts";
import { documentFormats, type DocumentFormat, type ExtractedDocument } from "./types.ts";

export { documentFormats, type DocumentBlock, type DocumentFormat, type ExtractedDocument } from "./types.ts";

/** The media type stored for each format. */
export const formatMimeTypes: Readonly<Record<DocumentFormat, string>> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  html: "text/html",
  markdown: "text/markdown",
  text: "text/plain",
};

const extensions: Readonly<Record<string, DocumentFormat>> = {
  pdf: "pdf",
  docx: "docx",
  html: "html",
  htm: "html",
  xhtml: "html",
  md: "markdown",
  markdown: "markdown",
  txt: "text",
  text: "text",
};

/** What a user is told the knowledge base accepts. */
export const supportedTypesDescription =
  "PDF (.pdf), Word (.docx), HTML (.html, .htm), Markdown (.md) and plain text (.txt)";

/**
 * Decides a file's format from its name's extension, else its declared media type (the content
 * is checked by {@link extractDocument}: a `.pdf` without the `%PDF-` header is unreadable).
 * Throws {@link UnsupportedDocumentTypeError} listing the supported types.
 */
export function detectFormat(fileName: string, mimeType: string | undefined): DocumentFormat {
  const extension = /\.([a-z0-9]+)$/iu.exec(fileName)?.[1]?.toLowerCase();
  const declared = mimeType?.split(";")[0]?.trim().toLowerCase();
  const byMime = Object.entries(formatMimeTypes).find(([, mime]) => mime === declared)?.[0] as
    DocumentFormat | undefined;
  const format = (extension === undefined ? undefined : extensions[extension]) ?? byMime;
  if (format === undefined)
    throw new UnsupportedDocumentTypeError(
      `"${fileName}"${declared ? ` (${declared})` : ""} is not a supported type. Supported: ${supportedTypesDescription}.`,
      { details: { fileName, mimeType: declared ?? null, supported: [...documentFormats] } },
    );
  return format;
}

/**
 * Reads a file's text as blocks. Throws {@link UnreadableDocumentError} when there is no usable
 * text (corrupt, encrypted, scanned, empty, not UTF-8).
 */
export async function extractDocument(
  format: DocumentFormat,
  bytes: Uint8Array,
  signal?: AbortSignal,
): Promise<ExtractedDocument> {
  const extracted = await extractByFormat(format, bytes, signal);
  const blocks = extracted.blocks
    .map((block) => ({ ...block, text: withoutControlCharacters(block.text) }))
    .filter((block) => block.text !== "");
  if (!blocks.some((block) => block.kind === "paragraph"))
    throw new UnreadableDocumentError(
      `The ${format === "text" ? "text" : format.toUpperCase()} file contains no text.`,
    );
  return { ...extracted, blocks };
}

async function extractByFormat(
  format: DocumentFormat,
  bytes: Uint8Array,
  signal?: AbortSignal,
): Promise<ExtractedDocument> {
  switch (format) {
    case "pdf":
      if (!startsWith(bytes, "%PDF-"))
        throw new UnreadableDocumentError(
          "The file is not a PDF: it does not start with the %PDF- header (corrupt or misnamed).",
        );
      return extractPdf(bytes, signal);
    case "docx":
      if (!startsWith(bytes, "PK"))
        throw new UnreadableDocumentError("The file is not a DOCX: it is not a ZIP package (corrupt or misnamed).");
      return extractDocx(bytes);
    case "html":
      return extractHtml(decodeUtf8(bytes));
    case "markdown":
      return extractMarkdown(decodeUtf8(bytes));
    case "text":
      return extractPlainText(decodeUtf8(bytes));
  }
}

function startsWith(bytes: Uint8Array, prefix: string): boolean {
  return Buffer.from(bytes.subarray(0, prefix.length)).toString("latin1") === prefix;
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw new UnreadableDocumentError("The file is not UTF-8 text (a binary file, or another encoding).", {
      cause: error,
      suggestion: "Save it as UTF-8 and upload it again.",
    });
  }
}

// NUL cannot be stored in Postgres text, and other control characters and lone surrogates are noise.
function withoutControlCharacters(text: string): string {
  return text
    .toWellFormed()
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/gu, "")
    .trim();
}
