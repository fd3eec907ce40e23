import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AbortedError } from "../../../errors/index.ts";
import {
  ContentFilteredError,
  InvalidJsonOutputError,
  ModelRefusalError,
  OutputTruncatedError,
  ProviderAuthError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderTimeoutError,
  ProviderUnavailableError,
} from "../../errors.ts";
import type { LlmError } from "../../errors.ts";
import type { ProviderRequest } from "../../types.ts";
import { createOpenAiCompatibleProvider } from "./provider.ts";

interface Fixture {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const loadFixture = (name: string): Fixture =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8")) as Fixture;

// Replays recorded OpenAI responses; "hang" keeps the request open, "empty" answers `content: ""`.
let next: Fixture | "hang" = loadFixture("success");
const received: { url: string; headers: IncomingMessage["headers"]; body: Record<string, unknown> }[] = [];
const hanging: ServerResponse[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        url: request.url ?? "",
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>,
      });
      if (next === "hang") {
        hanging.push(response);
        return;
      }
      response.writeHead(next.status, next.headers);
      response.end(JSON.stringify(next.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  for (const response of hanging) response.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const schema = {
  type: "object",
  properties: { title: { type: "string" } },
  required: ["title"],
  additionalProperties: false,
};
function request(overrides: Partial<ProviderRequest> = {}): ProviderRequest {
  return {
    model: "gpt-4o-mini",
    messages: [
      { role: "system", content: "You write course outlines." },
      { role: "user", content: "Photosynthesis, beginners." },
    ],
    responseFormat: { name: "outline", schema },
    maxOutputTokens: 900,
    temperature: 0.4,
    seed: 7,
    promptCacheKey: "outline:v1",
    signal: new AbortController().signal,
    ...overrides,
  };
}

async function failure(
  fixture: string | "hang",
  overrides: Partial<ProviderRequest> = {},
  timeoutMs?: number,
): Promise<unknown> {
  next = fixture === "hang" ? "hang" : loadFixture(fixture);
  const provider = createOpenAiCompatibleProvider({
    apiKey: "sk-test",
    baseUrl,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  return provider.complete(request(overrides)).then(
    () => expect.unreachable("the call should have failed"),
    (error: unknown) => error,
  );
}

describe("openai-compatible provider", () => {
  it("sends a strict json_schema request with the cache key, seed and token limit", async () => {
    next = loadFixture("success");
    received.length = 0;
    const provider = createOpenAiCompatibleProvider({ apiKey: "sk-test", baseUrl, organization: "org-123" });
    await provider.complete(request());
    const sent = received[0];
    expect(sent?.url).toBe("/v1/chat/completions");
    expect(sent?.headers.authorization).toBe("Bearer sk-test");
    expect(sent?.headers["openai-organization"]).toBe("org-123");
    expect(sent?.body).toMatchObject({
      model: "gpt-4o-mini",
      response_format: { type: "json_schema", json_schema: { name: "outline", strict: true, schema } },
      max_completion_tokens: 900,
      temperature: 0.4,
      seed: 7,
      prompt_cache_key: "outline:v1",
    });
    expect(sent?.body.max_tokens).toBeUndefined();
  });

  it("can send max_tokens for older servers", async () => {
    next = loadFixture("success");
    received.length = 0;
    await createOpenAiCompatibleProvider({ apiKey: "k", baseUrl, maxTokensParameter: "max_tokens" }).complete(
      request(),
    );
    expect(received[0]?.body.max_tokens).toBe(900);
    expect(received[0]?.body.max_completion_tokens).toBeUndefined();
  });

  it("maps a success: content, usage with cached tokens, model, request id, rate-limit headers", async () => {
    next = loadFixture("success");
    const response = await createOpenAiCompatibleProvider({ apiKey: "k", baseUrl }).complete(request());
    expect(JSON.parse(response.content)).toMatchObject({ title: "Photosynthesis for Beginners" });
    expect(response.finishReason).toBe("stop");
    expect(response.usage).toEqual({ promptTokens: 2143, completionTokens: 58, cachedPromptTokens: 1920 });
    expect(response.model).toBe("gpt-4o-mini-2024-07-18");
    expect(response.requestId).toBe("req_6f1c2b0e9d8a4b7c8e3f1a2b3c4d5e6f");
    expect(response.rateLimit).toEqual({
      limitRequests: 5000,
      remainingRequests: 4999,
      resetRequestsMs: 12,
      limitTokens: 4_000_000,
      remainingTokens: 3_998_765,
      resetTokensMs: 18,
    });
  });

  it("defaults cached tokens to 0 when the provider omits prompt_tokens_details", async () => {
    const fixture = loadFixture("success");
    const body = fixture.body as { usage: Record<string, unknown> };
    delete body.usage.prompt_tokens_details;
    next = fixture;
    const response = await createOpenAiCompatibleProvider({ apiKey: "k", baseUrl }).complete(request());
    expect(response.usage?.cachedPromptTokens).toBe(0);
  });

  it("maps message.refusal to a retryable ModelRefusalError", async () => {
    const error = await failure("refusal");
    expect(ModelRefusalError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "LLM_REFUSAL",
      retryable: true,
      rawText: "I'm sorry, I can't assist with that request.",
    });
  });

  it("maps finish_reason length to OutputTruncatedError with the partial text and usage", async () => {
    const error = await failure("length");
    expect(OutputTruncatedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "LLM_OUTPUT_TRUNCATED",
      retryable: true,
      finishReason: "length",
      usage: { completionTokens: 16 },
    });
    expect((error as OutputTruncatedError).rawText).toContain('"title":"Light and Le');
  });

  it("maps finish_reason content_filter to a non-retryable ContentFilteredError", async () => {
    const error = await failure("content-filter");
    expect(ContentFilteredError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: false, requestId: "req_2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f" });
  });

  it("maps an empty answer with finish stop to InvalidJsonOutputError", async () => {
    const fixture = loadFixture("success");
    (fixture.body as { choices: { message: { content: string } }[] }).choices[0]!.message.content = "";
    next = fixture;
    const error = await createOpenAiCompatibleProvider({ apiKey: "k", baseUrl })
      .complete(request())
      .catch((caught: unknown) => caught);
    expect(InvalidJsonOutputError.isInstance(error)).toBe(true);
  });

  it("maps 429 to ProviderRateLimitError with retry-after-ms", async () => {
    const error = await failure("error-429-rate-limit");
    expect(ProviderRateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "LLM_RATE_LIMITED",
      retryable: true,
      retryAfterMs: 1250,
      status: 429,
      requestId: "req_3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a",
    });
  });

  it("falls back to retry-after seconds, and treats insufficient_quota as not retryable", async () => {
    const fixture = loadFixture("error-429-rate-limit");
    delete fixture.headers["retry-after-ms"];
    (fixture.body as { error: { code: string } }).error.code = "insufficient_quota";
    next = fixture;
    const error = await createOpenAiCompatibleProvider({ apiKey: "k", baseUrl })
      .complete(request())
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "LLM_RATE_LIMITED", retryAfterMs: 1000, retryable: false });
  });

  it("maps 500 to a retryable ProviderUnavailableError", async () => {
    const error = await failure("error-500");
    expect(ProviderUnavailableError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true, status: 500 });
  });

  it("maps 401 to ProviderAuthError suggesting OPENAI_API_KEY", async () => {
    const error = await failure("error-401");
    expect(ProviderAuthError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: false, status: 401 });
    expect((error as ProviderAuthError).suggestion).toContain("OPENAI_API_KEY");
  });

  it.each(["error-400-unknown-model", "error-404-unknown-model", "error-400-invalid-schema"])(
    "maps %s to ProviderRequestError carrying the provider's message",
    async (fixture) => {
      const error = await failure(fixture);
      expect(ProviderRequestError.isInstance(error)).toBe(true);
      const expected = (loadFixture(fixture).body as { error: { message: string } }).error.message;
      expect((error as LlmError).message).toContain(expected);
      expect(error).toMatchObject({ retryable: false, status: loadFixture(fixture).status });
    },
  );

  it("maps a refused connection to ProviderUnavailableError", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const provider = createOpenAiCompatibleProvider({ apiKey: "k", baseUrl: `http://127.0.0.1:${port}/v1` });
    const error = await provider.complete(request()).catch((caught: unknown) => caught);
    expect(ProviderUnavailableError.isInstance(error)).toBe(true);
  });

  it("maps the SDK timeout to ProviderTimeoutError", async () => {
    const error = await failure("hang", {}, 50);
    expect(ProviderTimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true, details: { timeoutMs: 50 } });
  });

  it("maps the caller's abort to AbortedError", async () => {
    const controller = new AbortController();
    const hangingBefore = hanging.length;
    const pending = failure("hang", { signal: controller.signal });
    // Abort only once the server holds the request, so the abort interrupts it in flight.
    while (hanging.length === hangingBefore) await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error("user cancelled"));
    const error = await pending;
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).code).toBe("ABORTED");
  });
});
