/** What {@link buildPdf} writes on each page. */
export interface PdfPage {
  /** Lines of text in the page's text layer; none: a page with a drawn image-like box only (a "scan"). */
  readonly lines: readonly string[];
}

/**
 * Writes a minimal, valid PDF 1.4 by hand (Helvetica text, one line per `Tj`), so tests need no
 * binary fixtures. `encrypted` adds a standard security handler whose user password is not
 * empty: readers must ask for a password.
 */
export function buildPdf(pages: readonly PdfPage[], options: { title?: string; encrypted?: boolean } = {}): Uint8Array {
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  const catalog = add("");
  const pagesObject = add("");
  const font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  const kids: number[] = [];
  for (const page of pages) {
    const stream =
      page.lines.length === 0
        ? "0.5 g 72 72 400 600 re f"
        : `BT /F1 12 Tf 72 720 Td 14 TL ${page.lines.map((line) => `(${escapePdfString(line)}) Tj T*`).join(" ")} ET`;
    const content = add(`<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesObject} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObject} 0 R >>`;
  objects[pagesObject - 1] =
    `<< /Type /Pages /Kids [${kids.map((kid) => `${kid} 0 R`).join(" ")}] /Count ${kids.length} >>`;
  const info = options.title === undefined ? undefined : add(`<< /Title (${escapePdfString(options.title)}) >>`);
  const encrypt = options.encrypted
    ? add(`<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <${"ab".repeat(32)}> /U <${"cd".repeat(32)}> >>`)
    : undefined;
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R`;
  if (info !== undefined) body += ` /Info ${info} 0 R`;
  if (encrypt !== undefined) body += ` /Encrypt ${encrypt} 0 R /ID [<${"01".repeat(16)}> <${"01".repeat(16)}>]`;
  body += ` >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, "latin1"));
}

function escapePdfString(text: string): string {
  return text.replace(/[\\()]/gu, (character) => `\\${character}`);
}
