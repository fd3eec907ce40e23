import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countTextTokens } from "../tokens/index.ts";
import { chatCompletionSchema, errorResponseSchema } from "../../test/support/openai-reference-schemas.ts";
import { startSimulator } from "./server.ts";
import type { RunningSimulator } from "./server.ts";
import { lessonRequest, postJson } from "../../test/support/simulator-client.ts";

const timeScale = 0.02;
const limited = { timeToFirstTokenMs: 0, tokensPerSecond: 100_000, rpm: 3, tpm: 1_000_000 };
const measured = { timeToFirstTokenMs: 800, tokensPerSecond: 40, rpm: 10_000, tpm: 2_000_000 };

describe("rate limits, prompt caching and latency over HTTP", () => {
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, timeScale, models: { limited, measured } });
  });
  afterAll(() => simulator.close());

  const chat = (body: Record<string, unknown>) => postJson(simulator.url, "/chat/completions", body);

  it("rejects the 4th request of a window with rpm 3, with retry-after-ms and headers, and admits it after the wait", async () => {
    const body = lessonRequest({ model: "limited" });
    const admitted = [await chat(body), await chat(body), await chat(body)];
    expect(admitted.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(admitted.map((response) => response.headers.get("x-ratelimit-remaining-requests"))).toEqual(["2", "1", "0"]);

    const rejected = await chat(body);
    expect(rejected.status).toBe(429);
    expect(errorResponseSchema.parse(rejected.body).error).toMatchObject({
      type: "requests",
      code: "rate_limit_exceeded",
    });
    const retryAfterMs = Number(rejected.headers.get("retry-after-ms"));
    // The window is 60 s × timeScale = 1.2 s; the wait is until the first request leaves it.
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(60_000 * timeScale);
    expect(rejected.headers.get("retry-after")).toBe(String(Math.ceil(retryAfterMs / 1000)));
    expect(rejected.headers.get("x-ratelimit-limit-requests")).toBe("3");
    expect(rejected.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(rejected.headers.get("x-ratelimit-reset-requests")).toMatch(/^\d+(\.\d+)?(ms|s)$/);
    expect(simulator.stats().rateLimited).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, retryAfterMs + 20));
    expect((await chat(body)).status).toBe(200);
  });

  it("charges prompt + max_tokens of admitted requests only, not of refused ones", async () => {
    const tight = await startSimulator({
      port: 0,
      timeScale,
      models: { tight: { ...limited, rpm: 10_000, tpm: 5_000 } },
    });
    try {
      const body = lessonRequest({ model: "tight", max_tokens: 3_000 });
      const first = await postJson(tight.url, "/chat/completions", body);
      expect(first.status).toBe(200);
      const promptTokens = chatCompletionSchema.parse(first.body).usage!.prompt_tokens;
      expect(tight.stats().chargedTokens).toBe(promptTokens + 3_000);
      const refused = await postJson(tight.url, "/chat/completions", body);
      expect(refused.status).toBe(429);
      expect(tight.stats()).toMatchObject({ rateLimited: 1, completions: 1, chargedTokens: promptTokens + 3_000 });
    } finally {
      await tight.close();
    }
  });

  it("reports cached prompt tokens for a shared prefix of 1500 tokens, in 128-token blocks", async () => {
    const rules = Array.from(
      { length: 400 },
      (_, index) => `Rule ${index}: keep soil covered in field ${index * 7}.`,
    ).join(" ");
    expect(countTextTokens(rules)).toBeGreaterThan(1500);
    const ask = (question: string, key?: string) =>
      chat({
        model: "sim-fast",
        messages: [
          { role: "system", content: rules },
          { role: "user", content: question },
        ],
        ...(key ? { prompt_cache_key: key } : {}),
      });
    const cachedOf = async (question: string, key?: string) =>
      chatCompletionSchema.parse((await ask(question, key)).body).usage!;

    expect((await cachedOf("What about terraces?")).prompt_tokens_details!.cached_tokens).toBe(0);
    const second = await cachedOf("And cover crops?");
    const cached = second.prompt_tokens_details!.cached_tokens!;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect(cached % 128).toBe(0);
    expect(cached).toBeLessThanOrEqual(second.prompt_tokens);
    // Another prompt_cache_key is another cache.
    expect((await cachedOf("And cover crops?", "tenant-b")).prompt_tokens_details!.cached_tokens).toBe(0);
    expect(simulator.stats().cachedPromptTokens).toBeGreaterThanOrEqual(cached);
  });

  it("never caches short prompts", async () => {
    const body = { model: "sim-fast", messages: [{ role: "user", content: "Short question about mulch." }] };
    await chat(body);
    const usage = chatCompletionSchema.parse((await chat(body)).body).usage!;
    expect(usage.prompt_tokens_details!.cached_tokens).toBe(0);
  });

  it("schedules time to first token plus output tokens at the model's speed, scaled", async () => {
    const response = await chat(lessonRequest({ model: "measured" }));
    const tokens = chatCompletionSchema.parse(response.body).usage!.completion_tokens;
    const expected = Math.round((measured.timeToFirstTokenMs + (tokens / measured.tokensPerSecond) * 1000) * timeScale);
    expect(Number(response.headers.get("openai-processing-ms"))).toBe(expected);

    const stream = await chat(lessonRequest({ model: "measured", stream: true }));
    expect(Number(stream.headers.get("openai-processing-ms"))).toBe(
      Math.round(measured.timeToFirstTokenMs * timeScale),
    );
    expect(Number(stream.headers.get("x-simulator-delay-ms"))).toBe(expected);
  });

  it("charges TPM with prompt plus max_tokens and stops at max_tokens with finish_reason length", async () => {
    const response = await chat(lessonRequest({ model: "sim-fast", max_tokens: 20 }));
    const completion = chatCompletionSchema.parse(response.body);
    expect(completion.choices[0]!.finish_reason).toBe("length");
    expect(completion.usage!.completion_tokens).toBeLessThanOrEqual(20);
    const before = Number(response.headers.get("x-ratelimit-remaining-tokens"));
    const next = await chat(lessonRequest({ model: "sim-fast", max_tokens: 500 }));
    const prompt = chatCompletionSchema.parse(next.body).usage!.prompt_tokens;
    expect(before - Number(next.headers.get("x-ratelimit-remaining-tokens"))).toBe(prompt + 500);
  });

  it("answers the same request the same way, and another seed differently", async () => {
    const content = async (url: string) =>
      chatCompletionSchema.parse((await postJson(url, "/chat/completions", lessonRequest({ model: "sim-fast" }))).body)
        .choices[0]!.message.content;
    const other = await startSimulator({ timeScale: 0, seed: 43 });
    try {
      const first = await content(simulator.url);
      expect(await content(simulator.url)).toBe(first);
      expect(await content(other.url)).not.toBe(first);
    } finally {
      await other.close();
    }
  });

  it("stops work when the client disconnects mid-stream", async () => {
    // About 350 output tokens at 1000 tokens/s: a stream of roughly 350 ms.
    const slow = await startSimulator({
      timeScale: 1,
      models: { paced: { timeToFirstTokenMs: 0, tokensPerSecond: 1_000 } },
    });
    try {
      const body = JSON.stringify(lessonRequest({ model: "paced", stream: true }));
      const controller = new AbortController();
      const response = await fetch(`${slow.url}/chat/completions`, { method: "POST", body, signal: controller.signal });
      await response.body!.getReader().read();
      controller.abort();
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(slow.stats().completions).toBe(0);
      // The same stream, read to its end, counts.
      await (await fetch(`${slow.url}/chat/completions`, { method: "POST", body })).text();
      expect(slow.stats().completions).toBe(1);
    } finally {
      await slow.close();
    }
  });

  it("counts a request in the window when it arrives, not when its body has been read", async () => {
    // One request per window of 60 s × 0.02 = 1.2 s; the first request's body arrives 500 ms late.
    const single = await startSimulator({ port: 0, timeScale, models: { single: { ...limited, rpm: 1 } } });
    try {
      const body = JSON.stringify(lessonRequest({ model: "single" }));
      const arrivedAt = performance.now();
      const first = await new Promise<number>((resolve, reject) => {
        const request = http.request(
          `${single.url}/chat/completions`,
          {
            method: "POST",
            headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
          },
          (response) => {
            response.resume();
            response.on("end", () => resolve(response.statusCode ?? 0));
          },
        );
        request.on("error", reject);
        request.flushHeaders();
        setTimeout(() => request.end(body), 500);
      });
      expect(first).toBe(200);
      const refused = await postJson(single.url, "/chat/completions", lessonRequest({ model: "single" }));
      expect(refused.status).toBe(429);
      // The window frees 1.2 s after the arrival; counted after the body, it would be 500 ms later.
      const freesAt = performance.now() + Number(refused.headers.get("retry-after-ms"));
      expect(freesAt - arrivedAt).toBeLessThan(1_200 + 250);
    } finally {
      await single.close();
    }
  });
});
