// A course grounded on a 3-document collection, generated on the simulator end to end: citations
// in every lesson, each resolving to a chunk the owner may read, each quote a verbatim span of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultPrices } from "../src/config/index.ts";
import type { CourseRequest } from "../src/course/index.ts";
import { courseToMarkdown } from "../src/export/index.ts";
import { runGenerationJob } from "../src/jobs/index.ts";
import { createKnowledgeService, findChunks, type KnowledgeService } from "../src/knowledge/index.ts";
import { createOpenAiCompatibleProvider, type ModelProvider } from "../src/llm/index.ts";
import { openKnowledgeBed, type KnowledgeBed } from "./support/knowledge-bed.ts";
import { buildPdf } from "./support/pdf.ts";

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const request: CourseRequest = {
  topic: "Photosynthesis in plants",
  audience: "high-school students",
  level: "beginner",
  modules: 1,
  lessonsPerModule: 2,
  language: "en",
};

const lightReactions = `# Light reactions of photosynthesis

Photosynthesis in plants starts when chlorophyll in the thylakoid membranes absorbs light. The light reactions split water and release oxygen.

## ATP and NADPH

The energy of light is stored in ATP and NADPH, which the plant uses later to build sugar.
`;
const calvinCycle = `<h1>The Calvin cycle</h1><p>Plants fix carbon dioxide in the stroma of the chloroplast.</p>
<p>The enzyme RuBisCO attaches carbon dioxide to a five-carbon sugar; ATP and NADPH from the light reactions drive the cycle.</p>`;
const leafPdf = buildPdf(
  [
    { lines: ["Leaves are the organs of photosynthesis in plants.", "Stomata let carbon dioxide in and oxygen out."] },
    { lines: ["Chloroplasts in leaf cells hold the chlorophyll that captures light for photosynthesis."] },
  ],
  { title: "Leaf structure" },
);

describe("grounded course generation", () => {
  let bed: KnowledgeBed;
  let knowledge: KnowledgeService;
  let provider: ModelProvider;

  const generate = (grounding: ReturnType<KnowledgeService["grounding"]>) =>
    runGenerationJob(request, {
      database: bed.database,
      provider,
      models: { outline: "gpt-4.1-mini", lesson: "gpt-4.1-mini", quiz: "gpt-4.1-mini" },
      concurrency: 2,
      maxAttempts: 4,
      timeoutMs: 10_000,
      temperature: 0.7,
      prices: defaultPrices,
      simulated: true,
      signal: new AbortController().signal,
      grounding,
    });

  beforeAll(async () => {
    bed = await openKnowledgeBed();
    provider = createOpenAiCompatibleProvider({ name: "simulator", apiKey: "test", baseUrl: bed.simulator.url });
    knowledge = createKnowledgeService({
      database: bed.database,
      embedder: bed.embedder,
      vectorSearch: { kind: "exact", reason: "test" },
      settings: {
        maxUploadBytes: 1_000_000,
        quota: { maxDocuments: 100, maxBytes: 10_000_000 },
        minimumSimilarity: 0.3,
        tokenBudget: 2_000,
      },
    });
    await knowledge.upload(bed.alice, "photosynthesis", [
      { fileName: "light.md", content: utf8(lightReactions) },
      { fileName: "calvin.html", content: utf8(calvinCycle) },
      { fileName: "leaf.pdf", content: leafPdf },
    ]);
    await knowledge.upload(bed.alice, "unrelated", [
      {
        fileName: "bridges.txt",
        content: utf8("Suspension bridges hang their deck from steel cables anchored in concrete."),
      },
    ]);
  });
  afterAll(async () => {
    await provider?.close();
    await bed?.cleanup();
  });

  it("cites the material in every lesson, every citation resolving with a verbatim quote", async () => {
    const sources = await knowledge.resolveSources(bed.alice, { collections: ["photosynthesis"] });
    const { course } = await generate(knowledge.grounding(bed.alice, sources));
    expect(course.generation.grounded).toBe(true);
    expect(courseToMarkdown(course)).toMatch(/^\[\^m1-l1-s\d+-1\]: .+: “.+”$/mu);
    const lessons = course.modules.flatMap((module) => module.lessons);
    expect(lessons).toHaveLength(2);
    for (const lesson of lessons) {
      const citations = lesson.sections.flatMap((section) => section.citations ?? []);
      expect(citations.length, lesson.id).toBeGreaterThan(0);
      const chunks = new Map(
        (
          await findChunks(
            bed.database,
            bed.alice,
            citations.map((citation) => citation.chunkId),
          )
        ).map((chunk) => [chunk.id, chunk]),
      );
      for (const citation of citations) {
        const chunk = chunks.get(citation.chunkId);
        expect(chunk, citation.chunkId).toBeDefined();
        expect(chunk!.documentId).toBe(citation.documentId);
        expect(chunk!.text).toContain(citation.quote);
        expect(citation.page).toBe(chunk!.page);
      }
      // Another user may not read them.
      expect(
        await findChunks(
          bed.database,
          bed.bob,
          citations.map((citation) => citation.chunkId),
        ),
      ).toEqual([]);
    }
  });

  it("generates ungrounded, and says so, when nothing relevant is found", async () => {
    const sources = await knowledge.resolveSources(bed.alice, { collections: ["unrelated"] });
    const { course } = await generate(knowledge.grounding(bed.alice, sources));
    expect(course.generation.grounded).toBe(false);
    expect(
      course.modules
        .flatMap((module) => module.lessons)
        .flatMap((lesson) => lesson.sections)
        .some((section) => section.citations !== undefined),
    ).toBe(false);
  });

  it("refuses a collection without ready documents and a deleted document, naming them", async () => {
    await expect(knowledge.resolveSources(bed.alice, { collections: ["nothing-here"] })).rejects.toThrow(
      /Collection "nothing-here" does not exist/,
    );
    const [document] = await knowledge.listDocuments(bed.alice, ["unrelated"]);
    await knowledge.deleteDocument(bed.alice, document!.id);
    await expect(knowledge.resolveSources(bed.alice, { documents: [document!.id] })).rejects.toThrow(
      new RegExp(`Document "${document!.id}" does not exist`),
    );
    await expect(knowledge.resolveSources(bed.alice, { collections: ["unrelated"] })).rejects.toThrow(
      /has no ready document/,
    );
  });
});
