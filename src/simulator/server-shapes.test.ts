import { Ajv2020 } from "ajv/dist/2020.js";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countChatTokens } from "../tokens/index.ts";
import {
  chatCompletionChunkSchema,
  chatCompletionSchema,
  embeddingListSchema,
  errorResponseSchema,
  modelListSchema,
  modelSchema,
} from "../../test/support/openai-reference-schemas.ts";
import { startSimulator } from "./server.ts";
import type { RunningSimulator } from "./server.ts";
import { getJson, lessonFormat, lessonMessages, lessonRequest, postJson } from "../../test/support/simulator-client.ts";

const validateLesson = new Ajv2020({ strict: true }).compile(lessonFormat.json_schema.schema);

describe("simulator responses follow OpenAI's documented shapes", () => {
  let simulator: RunningSimulator;
  let client: OpenAI;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, timeScale: 0, seed: 5 });
    client = new OpenAI({ baseURL: simulator.url, apiKey: "x", maxRetries: 0 });
  });
  afterAll(() => simulator.close());

  it("answers a json_schema chat completion with a chat.completion whose content validates", async () => {
    const response = await postJson(simulator.url, "/chat/completions", lessonRequest());
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
    expect(response.headers.get("openai-processing-ms")).toBe("0");
    const completion = chatCompletionSchema.parse(response.body);
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe("stop");
    const content = JSON.parse(choice.message.content!) as { title: string };
    expect(validateLesson(content)).toBe(true);
    expect(content.title).toMatch(/^\[simulated\] /);
    expect(completion.usage!.prompt_tokens).toBe(countChatTokens(lessonMessages));
  });

  it("streams chat.completion.chunk events: role first, content, finish, usage, [DONE]", async () => {
    const response = await postJson(
      simulator.url,
      "/chat/completions",
      lessonRequest({ stream: true, stream_options: { include_usage: true } }),
    );
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = response.text.split("\n\n").filter((event) => event.length > 0);
    expect(events.every((event) => event.startsWith("data: "))).toBe(true);
    expect(events.at(-1)).toBe("data: [DONE]");
    const chunks = events.slice(0, -1).map((event) => chatCompletionChunkSchema.parse(JSON.parse(event.slice(6))));
    expect(chunks[0]!.choices[0]!.delta.role).toBe("assistant");
    expect(chunks.length).toBeLessThanOrEqual(52);
    const usageChunk = chunks.at(-1)!;
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage!.completion_tokens).toBeGreaterThan(0);
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe("stop");
    const content = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(validateLesson(JSON.parse(content))).toBe(true);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it("returns OpenAI error bodies for bad input, unknown routes and unknown models", async () => {
    const missing = await postJson(simulator.url, "/chat/completions", { model: "gpt-4.1-mini" });
    expect(missing.status).toBe(400);
    expect(errorResponseSchema.parse(missing.body).error).toMatchObject({
      type: "invalid_request_error",
      param: "messages",
      code: "missing_required_parameter",
    });
    const badRole = await postJson(simulator.url, "/chat/completions", {
      model: "m",
      messages: [{ role: "robot", content: "hi" }],
    });
    expect(errorResponseSchema.parse(badRole.body).error.param).toBe("messages[0].role");
    const twoChoices = await postJson(simulator.url, "/chat/completions", lessonRequest({ n: 2 }));
    expect(errorResponseSchema.parse(twoChoices.body).error.param).toBe("n");
    const notJson = await fetch(`${simulator.url}/chat/completions`, { method: "POST", body: "{oops" });
    expect(notJson.status).toBe(400);
    errorResponseSchema.parse(await notJson.json());
    const route = await getJson(simulator.url, "/nowhere");
    expect(route.status).toBe(404);
    errorResponseSchema.parse(route.body);
    const model = await getJson(simulator.url, "/models/no-such-model");
    expect(model.status).toBe(404);
    expect(errorResponseSchema.parse(model.body).error.code).toBe("model_not_found");
  });

  it("lists and retrieves models", async () => {
    const list = modelListSchema.parse((await getJson(simulator.url, "/models")).body);
    expect(list.data.map((model) => model.id)).toEqual(
      expect.arrayContaining(["gpt-4.1-mini", "gpt-4.1", "gpt-4o-mini", "sim-fast"]),
    );
    expect(modelSchema.parse((await getJson(simulator.url, "/models/gpt-4.1")).body).id).toBe("gpt-4.1");
  });

  it("returns deterministic unit embeddings of the requested size", async () => {
    const body = {
      model: "text-embedding-3-small",
      input: ["soil erosion on slopes", "soil erosion on hills", "jazz harmony"],
      dimensions: 64,
      encoding_format: "float",
    };
    const first = embeddingListSchema.parse((await postJson(simulator.url, "/embeddings", body)).body);
    const again = embeddingListSchema.parse((await postJson(simulator.url, "/embeddings", body)).body);
    expect(again.data).toEqual(first.data);
    const vectors = first.data.map((item) => item.embedding as number[]);
    for (const vector of vectors) {
      expect(vector).toHaveLength(64);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 6);
    }
    const cosine = (left: number[], right: number[]) =>
      left.reduce((sum, value, index) => sum + value * right[index]!, 0);
    expect(cosine(vectors[0]!, vectors[1]!)).toBeGreaterThan(cosine(vectors[0]!, vectors[2]!));
    expect(first.usage.prompt_tokens).toBeGreaterThan(0);
  });

  describe("through the official openai SDK", () => {
    it("creates a completion", async () => {
      const completion = await client.chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "Summarize crop rotation." }],
      });
      chatCompletionSchema.parse(completion);
      expect(completion.choices[0]!.message.content).toMatch(/^\[simulated\] /);
      expect(completion.usage!.total_tokens).toBe(
        completion.usage!.prompt_tokens + completion.usage!.completion_tokens,
      );
    });

    it("streams a completion with usage", async () => {
      const stream = await client.chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "Summarize crop rotation." }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let content = "";
      let completionTokens = 0;
      let finishReason: string | null = null;
      for await (const chunk of stream) {
        chatCompletionChunkSchema.parse(chunk);
        content += chunk.choices[0]?.delta.content ?? "";
        finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
        completionTokens = chunk.usage?.completion_tokens ?? completionTokens;
      }
      expect(content).toMatch(/^\[simulated\] /);
      expect(finishReason).toBe("stop");
      expect(completionTokens).toBeGreaterThan(0);
    });

    it("answers a strict json_schema format with content that validates", async () => {
      const completion = await client.chat.completions.create({
        model: "gpt-4.1",
        messages: lessonMessages,
        response_format: lessonFormat as unknown as OpenAI.ResponseFormatJSONSchema,
        max_completion_tokens: 4000,
      });
      expect(validateLesson(JSON.parse(completion.choices[0]!.message.content!))).toBe(true);
    });

    it("decodes base64 embeddings (the SDK's default encoding)", async () => {
      const result = await client.embeddings.create({ model: "text-embedding-3-small", input: "terraces" });
      const vector = result.data[0]!.embedding;
      expect(vector).toHaveLength(1536);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 4);
    });

    it("surfaces errors as the SDK's typed errors", async () => {
      const error = await client.chat.completions
        .create(
          { model: "gpt-4.1", messages: [{ role: "user", content: "hi" }] },
          { headers: { "x-simulator-fault": "rate_limit" } },
        )
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      expect((error as InstanceType<typeof OpenAI.RateLimitError>).code).toBe("rate_limit_exceeded");
    });
  });
});
