const maxGraphemes = 60;
// Well under the 255-byte file-name limit of common file systems, with room for an extension.
const maxBytes = 200;
const graphemes = new Intl.Segmenter("und", { granularity: "grapheme" });

/**
 * Turns a topic or title into a folder or file name: lowercase words of letters and digits of any
 * script, joined by dashes (`Photosynthèse` → `photosynthese`, `Фотосинтез` → `фотосинтез`,
 * `光合作用` → `光合作用`). Latin letters lose their accents; other scripts keep their combining
 * marks (a Devanagari vowel sign is part of the word). Punctuation, symbols and emoji become
 * dashes, so the result never holds a path separator or a dot. Returns undefined when nothing
 * is left (a topic of emoji only): the caller falls back to the course id.
 */
export function slugOf(text: string): string | undefined {
  const words = text
    .normalize("NFC")
    .replace(/\p{Script=Latin}\p{M}*/gu, (letter) => letter.normalize("NFKD").replace(/\p{M}/gu, ""))
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{Nd}]+/gu, "-")
    .replace(/^[-\p{M}]+|-+$/gu, "");
  let slug = "";
  let count = 0;
  for (const { segment } of graphemes.segment(words)) {
    if (count === maxGraphemes || Buffer.byteLength(slug + segment) > maxBytes) break;
    slug += segment;
    count += 1;
  }
  slug = slug.replace(/-+$/g, "");
  return slug === "" ? undefined : slug;
}
