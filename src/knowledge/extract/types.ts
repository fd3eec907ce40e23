/** One structural piece of a document's text, in reading order. */
export type DocumentBlock =
  | { readonly kind: "heading"; readonly level: number; readonly text: string; readonly page?: number }
  | { readonly kind: "paragraph"; readonly text: string; readonly page?: number };

/** What an extractor reads out of a file. */
export interface ExtractedDocument {
  /** From the file's own metadata or first heading; `undefined` when it has none. */
  readonly title: string | undefined;
  readonly blocks: readonly DocumentBlock[];
  /** PDFs only. */
  readonly pageCount?: number;
}

/** The formats the knowledge base reads. */
export const documentFormats = ["pdf", "docx", "html", "markdown", "text"] as const;

/** One of {@link documentFormats}. */
export type DocumentFormat = (typeof documentFormats)[number];
