import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { AbortedError } from "../../../errors/index.ts";
import { LocalModelNotFoundError, OutputTruncatedError } from "../../errors.ts";
import { generateStructured } from "../../generate-structured.ts";
import { toStrictJsonSchema } from "../../json-schema.ts";
import type { LlmCallRecord, ProviderRequest } from "../../types.ts";
import { createLocalProvider } from "./provider.ts";

// The project's 260K-parameter test model (see test/fixtures/models/README.md).
const modelPath = fileURLToPath(new URL("../../../../test/fixtures/models/stories260K.gguf", import.meta.url));

const storySchema = z.object({
  title: z.string().min(1).max(24),
  mood: z.enum(["happy", "sad", "brave"]),
  characters: z.array(z.string().min(1).max(12)).min(1).max(3),
  moral: z.string().max(30).nullable(),
});

const messages = [
  { role: "system" as const, content: "You tell short stories as JSON." },
  { role: "user" as const, content: "Tell a story about a little dog." },
];

const provider = createLocalProvider({ modelPath, threads: 1, contextSize: 1024, gpu: false });
afterAll(() => provider.close());

function request(overrides: Partial<ProviderRequest> = {}): ProviderRequest {
  return {
    model: "stories260K",
    messages,
    responseFormat: { name: "story", schema: toStrictJsonSchema(storySchema) },
    maxOutputTokens: 400,
    temperature: 0.8,
    seed: 3,
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe("local provider (node-llama-cpp, stories260K)", () => {
  it("produces JSON that passes the zod schema through generateStructured", async () => {
    const records: LlmCallRecord[] = [];
    const result = await generateStructured({
      provider,
      model: "stories260K",
      task: "story",
      step: "story",
      jobId: null,
      schema: storySchema,
      schemaName: "story",
      messages,
      maxOutputTokens: 400,
      temperature: 0.8,
      seed: 1,
      maxAttempts: 6,
      recorder: { record: async (record) => void records.push(record) },
      prices: {},
      signal: new AbortController().signal,
    });
    expect(storySchema.safeParse(result.value).success).toBe(true);
    expect(result.model).toBe("stories260K");
    expect(records.at(-1)).toMatchObject({
      provider: "local",
      outcome: "success",
      usageReported: true,
      cachedPromptTokens: 0,
    });
    expect(records.at(-1)!.promptTokens).toBeGreaterThan(10);
    expect(records.at(-1)!.completionTokens).toBeGreaterThan(5);
    expect(result.usage.promptTokens).toBe(records.reduce((sum, record) => sum + record.promptTokens, 0));
  });

  it("keeps nullable fields able to hold strings (anyOf rewritten to oneOf)", async () => {
    const schema = z.object({ moral: z.string().min(3).max(20).nullable() });
    const seen = new Set<string>();
    for (let seed = 1; seed <= 8 && !seen.has("string"); seed++) {
      const response = await provider.complete(
        request({ responseFormat: { name: "moral", schema: toStrictJsonSchema(schema) }, seed, temperature: 1.2 }),
      );
      const parsed = JSON.parse(response.content) as { moral: string | null };
      seen.add(parsed.moral === null ? "null" : typeof parsed.moral);
    }
    expect(seen.has("string")).toBe(true);
  });

  it("reports a cut answer as OutputTruncatedError with the partial text and its token counts", async () => {
    const error = await provider.complete(request({ maxOutputTokens: 4 })).catch((caught: unknown) => caught);
    expect(OutputTruncatedError.isInstance(error)).toBe(true);
    const truncated = error as OutputTruncatedError;
    expect(truncated.usage?.completionTokens).toBe(4);
    expect(truncated.rawText?.startsWith("{")).toBe(true);
  });

  it("stops on abort with AbortedError", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(provider.complete(request({ signal: controller.signal }))).rejects.toBeInstanceOf(AbortedError);
    // The provider is still usable afterwards.
    await expect(provider.complete(request())).resolves.toMatchObject({ finishReason: "stop" });
  });

  it("fails fast with LLM_LOCAL_MODEL_NOT_FOUND naming a missing model file", () => {
    const missing = "/nonexistent/models/tiny.gguf";
    let error: unknown;
    try {
      createLocalProvider({ modelPath: missing, gpu: false });
    } catch (caught) {
      error = caught;
    }
    expect(LocalModelNotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "LLM_LOCAL_MODEL_NOT_FOUND", retryable: false, modelPath: missing });
    expect((error as Error).message).toContain(missing);
  });
});
