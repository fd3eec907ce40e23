import { extractText, getDocumentProxy, getMeta } from "unpdf";
import { UnreadableDocumentError } from "../errors.ts";
import { paragraphsOf } from "./text.ts";
import type { DocumentBlock, ExtractedDocument } from "./types.ts";

/**
 * PDF: the text layer page by page (unpdf / pdf.js), each block keeping its 1-based page number.
 * Encrypted, corrupt and text-less (scanned) files are {@link UnreadableDocumentError}s that say which.
 */
export async function extractPdf(bytes: Uint8Array, signal?: AbortSignal): Promise<ExtractedDocument> {
  signal?.throwIfAborted();
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of (detaches) the buffer it gets: give it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { stopAtErrors: true, verbosity: 0 });
  } catch (error) {
    const name = (error as { name?: unknown }).name;
    if (name === "PasswordException")
      throw new UnreadableDocumentError("The PDF is encrypted (password-protected): its text cannot be read.", {
        cause: error,
        suggestion: "Remove the password (print or export it to a new PDF) and upload that copy.",
      });
    throw new UnreadableDocumentError("The PDF is corrupt: it could not be parsed.", {
      cause: error,
      details: { parser: error instanceof Error ? error.message : String(error) },
      suggestion: "Export the document to PDF again and upload the new file.",
    });
  }
  try {
    const { totalPages, text } = await extractText(pdf, { mergePages: false });
    signal?.throwIfAborted();
    const blocks: DocumentBlock[] = text.flatMap((pageText, index) => paragraphsOf(pageText, index + 1));
    if (blocks.length === 0)
      throw new UnreadableDocumentError(
        `The PDF has no text layer (${totalPages} page${totalPages === 1 ? "" : "s"} of images only, e.g. a scan): there is no text to read.`,
        { suggestion: "Run it through OCR (e.g. ocrmypdf) to add a text layer, then upload it again." },
      );
    const { info } = await getMeta(pdf).catch(() => ({ info: {} as Record<string, unknown> }));
    const title = typeof info["Title"] === "string" && info["Title"].trim() !== "" ? info["Title"].trim() : undefined;
    return { title, blocks, pageCount: totalPages };
  } catch (error) {
    if (error instanceof UnreadableDocumentError) throw error;
    throw new UnreadableDocumentError("The PDF is corrupt: its pages could not be read.", { cause: error });
  } finally {
    await pdf.loadingTask.destroy();
  }
}
