import mammoth from "mammoth";
import { UnreadableDocumentError } from "../errors.ts";
import { extractHtml } from "./html.ts";
import type { ExtractedDocument } from "./types.ts";

/** DOCX: converted to HTML by mammoth (Word's heading styles become `h1`–`h6`), then read like HTML. */
export async function extractDocx(bytes: Uint8Array): Promise<ExtractedDocument> {
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }));
  } catch (error) {
    throw new UnreadableDocumentError("The DOCX file is corrupt: it could not be opened as a Word document.", {
      cause: error,
      suggestion: "Open it in Word or LibreOffice, save it again as .docx, and upload that copy.",
    });
  }
  return extractHtml(`<body>${html}</body>`);
}
