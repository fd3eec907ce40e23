import type { Section } from "../course/index.ts";

// Characters that would start Markdown syntax inside a footnote's text (emphasis, links, HTML, code).
const markdownSyntax = /[\\`*_[\]<>#|~]/g;

/**
 * The Markdown footnotes of a section's citations: a line of references (`[^m1-l1-s2-1]`) to put
 * after the body, and one definition per citation — document title, page, and the quote. Labels
 * use the section id, so they are unique in a whole course. No citations: nothing.
 */
export function citationFootnotes(section: Section): string[] {
  const citations = section.citations ?? [];
  if (citations.length === 0) return [];
  const label = (index: number) => `[^${section.id}-${index + 1}]`;
  const references = `Sources: ${citations.map((_, index) => label(index)).join(" ")}`;
  const definitions = citations.map((citation, index) => {
    const where = citation.page === null ? "" : `, page ${citation.page}`;
    return `${label(index)}: ${escape(citation.title)}${where}: “${escape(citation.quote)}”`;
  });
  return [references, definitions.join("\n")];
}

function escape(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(markdownSyntax, (character) => `\\${character}`);
}
