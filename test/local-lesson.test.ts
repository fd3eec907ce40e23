import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  checkLessonDraft,
  lessonDraftSchema,
  lessonFromDraft,
  Lesson,
  outlineFromDraft,
  type CourseRequest,
  type OutlineDraft,
} from "../src/course/index.ts";
import { lessonMessages } from "../src/generation/index.ts";
import { createLocalProvider, generateStructured, type LlmCallRecord } from "../src/llm/index.ts";

// The project's tiny real GGUF model (test/fixtures/models/README.md): it writes children's-story
// gibberish, so this proves the local path end to end (load, grammar, tokens, validation), not quality.
const modelPath = fileURLToPath(new URL("./fixtures/models/stories260K.gguf", import.meta.url));

const request: CourseRequest = {
  topic: "Dogs",
  audience: "children",
  level: "beginner",
  modules: 1,
  lessonsPerModule: 1,
  language: "en",
};
const outlineDraft: OutlineDraft = {
  title: "Dogs",
  description: "A short course about dogs.",
  modules: [
    {
      title: "Living with a dog",
      summary: "What a dog needs.",
      lessons: [
        {
          title: "Feeding a dog",
          summary: "How to feed a dog.",
          objectives: ["Name what a dog eats", "Plan a feeding day"],
          keyPoints: ["Fresh water", "Regular meals"],
        },
      ],
    },
  ],
};

describe("local provider writes a lesson with the real GGUF model", () => {
  const provider = createLocalProvider({ modelPath, threads: 1, contextSize: 4096, gpu: false });
  afterAll(() => provider.close());

  it("produces a schema-valid lesson through the pipeline's own schema, prompts and checks", async () => {
    const outline = outlineFromDraft(outlineDraft, request);
    const outlineLesson = outline.modules[0]!.lessons[0]!;
    const records: LlmCallRecord[] = [];
    const result = await generateStructured({
      provider,
      model: "stories260K",
      task: "lesson",
      step: "lesson:m1-l1",
      jobId: null,
      schema: lessonDraftSchema(),
      schemaName: "lesson",
      messages: lessonMessages(request, outline, outlineLesson),
      maxOutputTokens: 1500,
      temperature: 0.8,
      seed: 5,
      semanticCheck: checkLessonDraft,
      maxAttempts: 8,
      recorder: { record: async (record) => void records.push(record) },
      prices: {},
      signal: new AbortController().signal,
    });
    const lesson = lessonFromDraft(result.value, outlineLesson);
    expect(Lesson.safeParse(lesson).success).toBe(true);
    expect(lesson.sections.map((section) => section.kind)).toEqual(
      expect.arrayContaining(["introduction", "worked_example", "activity", "summary"]),
    );
    expect(records.at(-1)).toMatchObject({ provider: "local", outcome: "success", usageReported: true });
    expect(records.at(-1)!.completionTokens).toBeGreaterThan(20);
  }, 400_000);
});
