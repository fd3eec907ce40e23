import { createHash } from "node:crypto";
import { parse } from "parse5";
import { describe, expect, it } from "vitest";
import { sampleCourse } from "../../test/support/course-fixtures.ts";
import { courseToHtml } from "./html.ts";
import { hostileCourse } from "../../test/support/export-fixtures.ts";

interface Element {
  readonly tagName: string;
  readonly attrs: readonly { name: string; value: string }[];
  readonly childNodes?: readonly Node[];
}
type Node = Element | { readonly nodeName: "#text"; readonly value: string; readonly childNodes?: undefined };

function elements(root: { childNodes?: readonly unknown[] }): Element[] {
  const found: Element[] = [];
  const visit = (node: unknown) => {
    const candidate = node as Partial<Element> & { content?: unknown; childNodes?: readonly unknown[] };
    if (typeof candidate.tagName === "string") found.push(candidate as Element);
    for (const child of candidate.childNodes ?? []) visit(child);
  };
  visit(root);
  return found;
}

function text(node: unknown): string {
  const candidate = node as { nodeName?: string; value?: string; childNodes?: readonly unknown[] };
  if (candidate.nodeName === "#text") return candidate.value ?? "";
  return (candidate.childNodes ?? []).map(text).join("");
}

function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name)?.value;
}

describe("courseToHtml", () => {
  it("runs no model or user text as script, loads nothing and links nowhere unsafe", () => {
    const html = courseToHtml(hostileCourse());
    const all = elements(parse(html));
    const scripts = all.filter((element) => element.tagName === "script");
    expect(scripts).toHaveLength(1);
    expect(attribute(scripts[0]!, "src")).toBeUndefined();
    expect(
      all.filter((element) => ["img", "iframe", "svg", "object", "embed", "link", "base"].includes(element.tagName)),
    ).toEqual([]);
    expect(all.flatMap((element) => element.attrs.filter((attr) => /^on/i.test(attr.name)))).toEqual([]);
    expect(all.filter((element) => attribute(element, "src") !== undefined)).toEqual([]);
    for (const element of all.filter((candidate) => attribute(candidate, "href") !== undefined)) {
      const href = attribute(element, "href")!;
      expect(["https:", "http:", "mailto:"], href).toContain(new URL(href, "https://relative.invalid/").protocol);
    }
    const body = text(all.find((element) => element.tagName === "main"));
    expect(body).toContain(`<script>window.__pwned = "script"</script>`);
    expect(body).toContain(`<img src=x onerror="window.__pwned = 'img'">`);
  });

  it("allows only its own inline script and style, by hash, under a default-src 'none' policy", () => {
    const all = elements(parse(courseToHtml(sampleCourse())));
    const policy = attribute(
      all.find((element) => attribute(element, "http-equiv") === "Content-Security-Policy")!,
      "content",
    )!;
    expect(policy).toContain("default-src 'none'");
    const hashOf = (tagName: string) => {
      const content = text(all.find((element) => element.tagName === tagName));
      return `'sha256-${createHash("sha256").update(content).digest("base64")}'`;
    };
    expect(policy).toContain(`script-src ${hashOf("script")}`);
    expect(policy).toContain(`style-src ${hashOf("style")}`);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });

  it("has the course language, landmarks, a heading order without skips and a label for every control", () => {
    const course = sampleCourse();
    course.language = "de";
    const all = elements(parse(courseToHtml(course)));
    expect(
      attribute(
        all.find((element) => element.tagName === "html")!,
        "lang",
      ),
    ).toBe("de");
    for (const landmark of ["header", "nav", "main", "footer"])
      expect(all.filter((element) => element.tagName === landmark)).toHaveLength(1);
    const levels = all
      .filter((element) => /^h[1-6]$/.test(element.tagName))
      .map((element) => Number(element.tagName[1]));
    expect(levels[0]).toBe(1);
    levels.forEach((level, index) => expect(level - (levels[index - 1] ?? 0)).toBeLessThanOrEqual(1));
    const labelled = new Set(
      all.filter((element) => element.tagName === "label").map((element) => attribute(element, "for")),
    );
    const inputs = all.filter((element) => element.tagName === "input");
    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) expect(labelled).toContain(attribute(input, "id"));
    const legends = all.filter((element) => element.tagName === "legend");
    expect(legends).toHaveLength(16);
    const words = text(all.find((element) => element.tagName === "main"));
    expect(words).toContain("Lektion 1.1: Lesson 1.1 title");
    expect(words).toContain("Antworten prüfen");
  });

  it("puts each quiz's answer key and explanation in the page, the explanation hidden until checked", () => {
    const all = elements(parse(courseToHtml(sampleCourse())));
    const questions = all.filter((element) => element.tagName === "fieldset");
    expect(questions.map((element) => attribute(element, "data-answer")).slice(0, 4)).toEqual([
      '["m1-l1-q1-b"]',
      '["m1-l1-q2-a","m1-l1-q2-b"]',
      '["false"]',
      '["chlorophyll","chlorophyll a"]',
    ]);
    const explanations = all.filter((element) => (attribute(element, "class") ?? "") === "explanation");
    expect(explanations).toHaveLength(16);
    for (const explanation of explanations) expect(attribute(explanation, "hidden")).toBe("");
  });

  it("starts each lesson on a new printed page", () => {
    expect(courseToHtml(sampleCourse())).toMatch(/@media print \{[^}]*\}\s*\.lesson \{ break-before: page;/);
  });

  it("is deterministic", () => {
    expect(courseToHtml(sampleCourse())).toBe(courseToHtml(sampleCourse()));
  });
});
