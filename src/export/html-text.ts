import MarkdownIt from "markdown-it";
import { isSafeUrl } from "./safe-url.ts";

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

// Raw HTML off (it is shown as text), no bare-URL linking, links only to safe URLs.
const renderer = new MarkdownIt({ html: false, linkify: false, typographer: false });
renderer.validateLink = isSafeUrl;
// Images would fetch from the network and model-written ones can be trackers: their alt text stays.
renderer.renderer.rules.image = (tokens, index) => escapeHtml(tokens[index]?.content ?? "");
renderer.renderer.rules.link_open = (tokens, index, options, _environment, self) => {
  const token = tokens[index];
  if (token !== undefined && !String(token.attrGet("href") ?? "").startsWith("#")) {
    token.attrSet("rel", "noopener noreferrer nofollow");
  }
  return self.renderToken(tokens, index, options);
};

/**
 * Renders model-written Markdown to HTML fit to embed: raw HTML shows as text, unsafe links are
 * not links, images become their alt text, and headings start at `headingLevel` (capped at 6) so a
 * body cannot break the page's heading order.
 */
export function markdownToHtml(markdown: string, headingLevel: number): string {
  const tokens = renderer.parse(markdown, {});
  const levels = tokens.filter((token) => token.type === "heading_open").map((token) => Number(token.tag.slice(1)));
  const shift = levels.length === 0 ? 0 : Math.max(0, headingLevel - Math.min(...levels));
  for (const token of tokens) {
    if (token.type === "heading_open" || token.type === "heading_close") {
      token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + shift)}`;
    }
  }
  return renderer.renderer.render(tokens, renderer.options, {});
}

/** Renders one paragraph of model-written Markdown without the paragraph element (for a label or legend). */
export function markdownToInlineHtml(markdown: string): string {
  return renderer.renderInline(markdown.replace(/\s+/g, " ").trim(), {});
}
