import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { generateCorpus } from "./knowledge-corpus.ts";

const folder = new URL("fixtures/knowledge/", import.meta.url);

describe("the labelled set of bench knowledge", () => {
  const corpus = generateCorpus();

  it("is what the committed fixtures hold (regenerate with node bench/write-knowledge-fixtures.ts)", async () => {
    for (const document of corpus.documents)
      expect(await readFile(new URL(document.fileName, folder), "utf8")).toBe(document.markdown);
    expect(JSON.parse(await readFile(new URL("questions.json", folder), "utf8"))).toEqual(corpus.questions);
  });

  it("labels each question with a passage found once in its section, and words the question otherwise", () => {
    expect(corpus.documents).toHaveLength(3);
    expect(corpus.questions.length).toBeGreaterThanOrEqual(60);
    expect(new Set(corpus.questions.map((question) => question.id)).size).toBe(corpus.questions.length);
    for (const question of corpus.questions) {
      const markdown = corpus.documents.find((document) => document.fileName === question.document)!.markdown;
      const sections = markdown.split(/^## /mu).filter((section) => section.startsWith(`${question.section}\n`));
      expect(sections).toHaveLength(1);
      expect(sections[0]!.split(question.passage)).toHaveLength(2);
      expect(markdown).not.toContain(question.question.replace(/\?$/u, ""));
    }
  });
});
