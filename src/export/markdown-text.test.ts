import fc from "fast-check";
import MarkdownIt from "markdown-it";
type Token = ReturnType<InstanceType<typeof MarkdownIt>["parse"]>[number];
import { describe, expect, it } from "vitest";
import { markdownText, sanitizeMarkdown } from "./markdown-text.ts";
import { isSafeUrl } from "./safe-url.ts";

// The oracle: a permissive renderer (raw HTML on, every link accepted) and the WHATWG URL parser.
const permissive = new MarkdownIt({ html: true });
permissive.validateLink = () => true;

function flatten(tokens: readonly Token[]): Token[] {
  return tokens.flatMap((token) => [token, ...flatten(token.children ?? [])]);
}

function dangers(markdown: string): string[] {
  return flatten(permissive.parse(markdown, {})).flatMap((token) => {
    if (token.type === "html_block" || token.type === "html_inline") return [`html ${token.content}`];
    const url = token.attrGet("href") ?? token.attrGet("src");
    if (url === null) return [];
    const protocol = new URL(String(url), "https://base.example/").protocol;
    return ["http:", "https:", "mailto:"].includes(protocol) ? [] : [`${protocol} ${url}`];
  });
}

const hostileFragments = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "<a href='javascript:alert(1)'>x</a>",
  "<javascript:alert(1)>",
  "[a](javascript:alert(1))",
  "[a](<javascript:alert(1)>)",
  "[a](JaVaScRiPt:alert(1))",
  "[a]( \njavascript:alert(1))",
  "[a](java&#115;cript:alert(1))",
  "[a](javascript&colon;alert(1))",
  "[a](java\\script:alert(1))",
  "[a](%6Aavascript:alert(1))",
  "![i](data:text/html,x)",
  "[r]\n\n[r]: vbscript:msgbox(1)",
  "[r]: <javascript:alert(1)>\n[r]",
  "[safe](https://example.org)",
  "`<b>code</b>`",
  "``a ` <b>x</b> ``",
  "```\n<script>in fence</script>\n```",
  '```js" onload="x\n',
  "~~~\n",
  "`",
  "\n",
  "\n\n",
  "    <div>indented</div>",
  "<!-- comment -->",
  "<?php echo 1; ?>",
  "<![CDATA[x]]>",
  "*em* **strong**",
  "> quote <i>",
  "- item <u>",
  "\\",
  "]",
  "(",
  "[",
  ":",
];

describe("sanitizeMarkdown", () => {
  it("leaves no raw HTML and no unsafe link in any mix of hostile fragments", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...hostileFragments), { maxLength: 12 }), fc.string(), (parts, noise) => {
        const source = parts.join(noise.length % 2 === 0 ? " " : "\n") + noise;
        expect(dangers(sanitizeMarkdown(source))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it("finds the dangers in the unsanitized text (the oracle works)", () => {
    expect(dangers("<script>x</script>")).not.toEqual([]);
    expect(dangers("[a](javascript:alert(1))")).not.toEqual([]);
    expect(dangers("[r]\n\n[r]: vbscript:msgbox(1)")).not.toEqual([]);
  });

  it("keeps safe Markdown as written", () => {
    const safe = "# Title\n\nSee [docs](https://example.org) and `a<b`.\n\n```html\n<p>x</p>\n```\n\n- one\n- two";
    expect(sanitizeMarkdown(safe)).toBe(safe);
  });

  it("shows raw HTML as text instead of dropping the words", () => {
    expect(permissive.renderInline(sanitizeMarkdown("Use the <p> tag."))).toBe("Use the &lt;p&gt; tag.");
  });
});

describe("markdownText", () => {
  it("renders as exactly the given text, on one line", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((text) => text.trim() !== ""),
        (text) => {
          const html = permissive.render(`${markdownText(text)}\n`);
          const expected = text.replace(/\s+/g, " ").trim();
          const tokens = flatten(permissive.parse(markdownText(text), {}));
          expect(
            tokens.filter((token) => !["paragraph_open", "paragraph_close", "inline", "text"].includes(token.type)),
          ).toEqual([]);
          expect(
            tokens
              .filter((token) => token.type === "text")
              .map((token) => token.content)
              .join(""),
          ).toBe(expected);
          expect(html.startsWith("<p>")).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("escapes block markers at the start and every inline marker", () => {
    expect(markdownText("- 1. <b>x</b> *y* [z](javascript:a) &amp; #")).toBe(
      "\\- 1. \\<b\\>x\\</b\\> \\*y\\* \\[z\\](javascript:a) \\&amp; \\#",
    );
  });
});

describe("isSafeUrl", () => {
  it("accepts web and mail links and relative ones, refuses every other scheme", () => {
    for (const url of ["https://a.example/x", "http://a", "mailto:a@b.example", "#part", "/page", "page.html", "a/b:c"])
      expect(isSafeUrl(url), url).toBe(true);
    for (const url of ["javascript:alert(1)", " JAVA\tSCRIPT:x", "data:text/html,x", "vbscript:x", "file:///etc"])
      expect(isSafeUrl(url), url).toBe(false);
    for (const url of ["java&#115;cript:x", "javascript&colon;x", "java\\script:x", "\u0001javascript:x"])
      expect(isSafeUrl(url), url).toBe(false);
  });
});
