const allowedProtocols = new Set(["http:", "https:", "mailto:"]);
const base = "https://relative.invalid/";

/**
 * Whether a link destination from untrusted text may be kept: `http:`, `https:` and `mailto:` URLs,
 * and relative ones (`#part`, `/page`, `page.html`), as a browser's URL parser reads them (it drops
 * tabs and new lines, so `java\tscript:` is `javascript:`). Anything else goes: `javascript:`,
 * `data:`, `vbscript:`, `file:`. A destination whose part before the first `/`, `?` or `#` holds `&`
 * or `\` is refused too: Markdown decodes entities and escapes there (`javascript&colon;`) before a
 * browser sees the URL.
 */
export function isSafeUrl(url: string): boolean {
  const head = url.split(/[/?#]/, 1)[0] ?? "";
  if (/[&\\]/.test(head)) return false;
  try {
    return allowedProtocols.has(new URL(url, base).protocol);
  } catch {
    return false;
  }
}
