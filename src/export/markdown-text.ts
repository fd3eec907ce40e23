import MarkdownIt from "markdown-it";
import { isSafeUrl } from "./safe-url.ts";

/**
 * Puts user text (a topic, an audience, a title, an objective) on one line of Markdown that renders
 * as exactly that text: white space runs become one space and every character Markdown could read
 * as syntax (emphasis, links, raw HTML, entities, headings, code) is backslash-escaped.
 */
export function markdownText(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line === "") return "Untitled";
  return line
    .replace(/[\\`*_[\]<>&~#|!]/g, "\\$&")
    .replace(/^[-+>=]/, "\\$&")
    .replace(/^(\d+)([.)])/, "$1\\$2");
}

/**
 * Makes model-written Markdown safe to hand on: raw HTML is escaped so it shows as text, and links,
 * images and link reference definitions whose destination is not a safe URL ({@link isSafeUrl}) lose
 * their link syntax and keep their text. Code (fenced blocks and inline spans) is left as written,
 * because Markdown never reads HTML or links inside code. The result is then parsed with
 * markdown-it (raw HTML on, every link accepted); should any HTML or unsafe link survive (a construct
 * the scan above misreads), the text is escaped whole instead, code included.
 */
export function sanitizeMarkdown(markdown: string): string {
  const careful = sanitizeOutsideCode(markdown);
  return hasDanger(careful) ? escapeEverywhere(markdown) : careful;
}

const checker = new MarkdownIt({ html: true });
checker.validateLink = () => true;

function hasDanger(markdown: string): boolean {
  const stack = [...checker.parse(markdown, {})];
  for (let token = stack.pop(); token !== undefined; token = stack.pop()) {
    if (token.type === "html_block" || token.type === "html_inline") return true;
    const url = token.attrGet("href") ?? token.attrGet("src");
    if (url !== null && !isSafeUrl(String(url))) return true;
    stack.push(...(token.children ?? []));
  }
  return false;
}

// The fallback: `<` as an entity, `](` and `]:` split so no inline link or definition can form.
function escapeEverywhere(markdown: string): string {
  return markdown
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/\](?=[(:])/g, "] ");
}

function sanitizeOutsideCode(markdown: string): string {
  const output: string[] = [];
  let fence: string | undefined;
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) output.push(sanitizeParagraph(paragraph.join("\n")));
    paragraph = [];
  };
  for (const line of markdown.split("\n")) {
    const fenceMatch = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/.exec(line);
    if (fence !== undefined) {
      output.push(line);
      if (fenceMatch?.[1] !== undefined && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) {
        fence = undefined;
      }
      continue;
    }
    if (fenceMatch?.[1] !== undefined) {
      flush();
      fence = fenceMatch[1];
      // An info string may not hold HTML either: it is printed in the rendered class attribute.
      output.push(line.replace(/[<>&"]/g, ""));
      continue;
    }
    if (line.trim() === "") {
      flush();
      output.push(line);
      continue;
    }
    paragraph.push(line);
  }
  flush();
  return output.join("\n");
}

// Lines between blank lines, outside fences: unsafe links lose their syntax, then each line's code
// spans are copied and the rest has `<` escaped (backslash pairs are kept as they are).
function sanitizeParagraph(text: string): string {
  return neutralizeUnsafeLinks(text).split("\n").map(escapeLine).join("\n");
}

function escapeLine(line: string): string {
  let result = "";
  let index = 0;
  while (index < line.length) {
    const character = line[index]!;
    if (character === "\\") {
      result += line.slice(index, index + 2);
      index += 2;
    } else if (character === "`") {
      const run = /^`+/.exec(line.slice(index))?.[0] ?? "`";
      const close = findClosingRun(line, index + run.length, run.length);
      if (close === -1) {
        result += run.replace(/`/g, "\\`");
        index += run.length;
      } else {
        result += line.slice(index, close + run.length);
        index = close + run.length;
      }
    } else {
      result += character === "<" ? "\\<" : character;
      index += 1;
    }
  }
  return result;
}

function findClosingRun(text: string, from: number, length: number): number {
  const pattern = /`+/g;
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0].length === length) return match.index;
  }
  return -1;
}

// An unsafe definition loses its brackets; an unsafe inline link or image has `](` turned into
// `]\(`, so the bracketed text stays as text and no link is made.
function neutralizeUnsafeLinks(text: string): string {
  return text
    .replace(
      /^( {0,3})\[((?:[^\]\\]|\\.)+)\]:[ \t]*\n?[ \t]*(<[^>\n]*>|\S+)/gm,
      (definition, indent: string, label: string, destination: string) =>
        isSafeUrl(unwrap(destination))
          ? definition
          : `${indent}\\[${label}\\]${definition.slice(indent.length + label.length + 2)}`,
    )
    .replace(/\]\([ \t]*\n?[ \t]*(<[^>\n]*>|[^\s)]*)/g, (opening, destination: string) =>
      isSafeUrl(unwrap(destination)) ? opening : `]\\${opening.slice(1)}`,
    );
}

function unwrap(destination: string): string {
  return destination.startsWith("<") && destination.endsWith(">") ? destination.slice(1, -1) : destination;
}
