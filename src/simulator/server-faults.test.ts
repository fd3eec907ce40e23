import { Ajv2020 } from "ajv/dist/2020.js";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { faultKinds, refusalMessage } from "./faults.ts";
import { defaultModelProfiles } from "./models.ts";
import type { FaultKind } from "./faults.ts";
import { chatCompletionSchema, errorResponseSchema } from "../../test/support/openai-reference-schemas.ts";
import { startSimulator } from "./server.ts";
import type { RunningSimulator } from "./server.ts";
import { getJson, lessonFormat, lessonMessages, lessonRequest, postJson } from "../../test/support/simulator-client.ts";
import type { RawResponse } from "../../test/support/simulator-client.ts";

const validateLesson = new Ajv2020({ strict: true }).compile(lessonFormat.json_schema.schema);

describe("fault injection", () => {
  let simulator: RunningSimulator;
  let clean: string;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, timeScale: 0.001, seed: 9 });
    const response = await postJson(simulator.url, "/chat/completions", lessonRequest());
    clean = chatCompletionSchema.parse(response.body).choices[0]!.message.content!;
  });
  afterAll(() => simulator.close());
  beforeEach(() => {
    simulator.setFaults({ rate: 0, kinds: [] });
    simulator.resetStats();
  });

  const forced = (kind: FaultKind, body = lessonRequest()) =>
    postJson(simulator.url, "/chat/completions", body, { "x-simulator-fault": kind });
  const message = (response: RawResponse) => chatCompletionSchema.parse(response.body).choices[0]!;

  it("rate_limit: 429 with OpenAI's body, retry-after headers and rate-limit headers", async () => {
    const response = await forced("rate_limit");
    expect(response.status).toBe(429);
    expect(errorResponseSchema.parse(response.body).error).toMatchObject({
      type: "requests",
      code: "rate_limit_exceeded",
    });
    expect(Number(response.headers.get("retry-after-ms"))).toBeGreaterThan(0);
    expect(Number(response.headers.get("retry-after"))).toBe(
      Math.ceil(Number(response.headers.get("retry-after-ms")) / 1000),
    );
    expect(response.headers.get("x-ratelimit-limit-requests")).toBe("5000");
    expect(simulator.stats().faultsInjected.rate_limit).toBe(1);
  });

  it("server_error: 500 with a server_error body", async () => {
    const response = await forced("server_error");
    expect(response.status).toBe(500);
    expect(errorResponseSchema.parse(response.body).error.type).toBe("server_error");
  });

  it("timeout: never answers; the client's abort ends the request", async () => {
    const outcome = await postJson(
      simulator.url,
      "/chat/completions",
      lessonRequest(),
      { "x-simulator-fault": "timeout" },
      AbortSignal.timeout(150),
    ).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(DOMException);
    expect((outcome as DOMException).name).toBe("TimeoutError");
    expect(simulator.stats()).toMatchObject({ completions: 0, faultsInjected: { timeout: 1 } });
  });

  it("timeout: drops the connection after ten scaled minutes", async () => {
    // timeScale 0.001 holds for 600 ms.
    const outcome = await forced("timeout").catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(TypeError);
  });

  it("invalid_json: 200 with content that does not parse", async () => {
    const choice = message(await forced("invalid_json"));
    expect(choice.finish_reason).toBe("stop");
    expect(() => JSON.parse(choice.message.content!)).toThrow();
  });

  it("schema_violation: 200 with valid JSON that breaks the schema", async () => {
    const content = JSON.parse(message(await forced("schema_violation")).message.content!) as unknown;
    expect(validateLesson(content)).toBe(false);
  });

  it("refusal: null content, the refusal text, finish_reason stop", async () => {
    const choice = message(await forced("refusal"));
    expect(choice).toMatchObject({ finish_reason: "stop", message: { content: null, refusal: refusalMessage } });
  });

  it("truncation: the answer cut mid-way with finish_reason length", async () => {
    const choice = message(await forced("truncation"));
    expect(choice.finish_reason).toBe("length");
    expect(choice.message.content!.length).toBeLessThan(clean.length);
    expect(clean.startsWith(choice.message.content!)).toBe(true);
  });

  it("content_filter: no content and finish_reason content_filter", async () => {
    const choice = message(await forced("content_filter"));
    expect(choice).toMatchObject({ finish_reason: "content_filter", message: { content: null, refusal: null } });
  });

  it("slow_stream: ten times the normal latency", async () => {
    const slow = await forced("slow_stream");
    expect(message(slow).message.content).toBe(clean);
    const profile = defaultModelProfiles["gpt-4.1-mini"]!;
    const tokens = chatCompletionSchema.parse(slow.body).usage!.completion_tokens;
    const normalMs = profile.timeToFirstTokenMs + (tokens / profile.tokensPerSecond) * 1000;
    expect(Number(slow.headers.get("x-simulator-delay-ms"))).toBe(Math.round(normalMs * 10 * 0.001));
  });

  it("streams refusals and content filtering the way OpenAI does", async () => {
    const client = new OpenAI({ baseURL: simulator.url, apiKey: "x", maxRetries: 0 });
    const stream = async (kind: FaultKind) => {
      const chunks = await client.chat.completions.create(
        { model: "gpt-4.1-mini", messages: lessonMessages, stream: true },
        { headers: { "x-simulator-fault": kind } },
      );
      let refusal = "";
      let content = "";
      let finish: string | null = null;
      for await (const chunk of chunks) {
        refusal += chunk.choices[0]?.delta.refusal ?? "";
        content += chunk.choices[0]?.delta.content ?? "";
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      return { refusal, content, finish };
    };
    expect(await stream("refusal")).toEqual({ refusal: refusalMessage, content: "", finish: "stop" });
    expect(await stream("content_filter")).toEqual({ refusal: "", content: "", finish: "content_filter" });
  });

  it("rejects an unknown forced fault", async () => {
    const response = await postJson(simulator.url, "/chat/completions", lessonRequest(), {
      "x-simulator-fault": "meteor",
    });
    expect(response.status).toBe(400);
    expect(errorResponseSchema.parse(response.body).error.param).toBe("x-simulator-fault");
  });

  it("with rate 1 and one kind always injects it; with rate 0 never injects", async () => {
    simulator.setFaults({ rate: 1, kinds: ["server_error"] });
    const faulty = await Promise.all(
      Array.from({ length: 20 }, () => postJson(simulator.url, "/chat/completions", lessonRequest())),
    );
    expect(faulty.map((response) => response.status)).toEqual(Array(20).fill(500));
    expect(simulator.stats().faultsInjected.server_error).toBe(20);

    simulator.setFaults({ rate: 0, kinds: [...faultKinds] });
    const healthy = await Promise.all(
      Array.from({ length: 20 }, () => postJson(simulator.url, "/chat/completions", lessonRequest())),
    );
    expect(healthy.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(Object.values(simulator.stats().faultsInjected).reduce((sum, value) => sum + value, 0)).toBe(20);
  });

  it("changes faults through POST /_simulator/faults and reports them in GET /_simulator/stats", async () => {
    const origin = simulator.url.replace(/\/v1$/, "");
    const set = await postJson(origin, "/_simulator/faults", { rate: 1, kinds: ["refusal"] });
    expect(set.body).toEqual({ rate: 1, kinds: ["refusal"] });
    expect(message(await postJson(simulator.url, "/chat/completions", lessonRequest())).message.refusal).toBe(
      refusalMessage,
    );
    const stats = await getJson(origin, "/_simulator/stats");
    expect(stats.body).toMatchObject({ requests: 1, completions: 1, faultsInjected: { refusal: 1 } });
    expect((await postJson(origin, "/_simulator/faults", { rate: 3, kinds: [] })).status).toBe(400);
  });

  it("answers 503 to every request during an outage, then recovers", async () => {
    simulator.startOutage(150);
    const during = await postJson(simulator.url, "/chat/completions", lessonRequest());
    expect(during.status).toBe(503);
    expect(errorResponseSchema.parse(during.body).error.type).toBe("server_error");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await postJson(simulator.url, "/chat/completions", lessonRequest())).status).toBe(200);

    const origin = simulator.url.replace(/\/v1$/, "");
    expect((await postJson(origin, "/_simulator/outage", { ms: 60_000 })).status).toBe(200);
    expect((await getJson(simulator.url, "/models")).status).toBe(503);
    await postJson(origin, "/_simulator/outage", { ms: 0 });
    expect((await getJson(simulator.url, "/models")).status).toBe(200);
    expect(simulator.stats().faultsInjected.outage).toBe(2);
  });
});

describe("API key", () => {
  it("requires the configured bearer key", async () => {
    const simulator = await startSimulator({ timeScale: 0, apiKey: "secret" });
    try {
      const denied = await postJson(simulator.url, "/chat/completions", lessonRequest());
      expect(denied.status).toBe(401);
      expect(errorResponseSchema.parse(denied.body).error.code).toBe("invalid_api_key");
      expect(
        (await postJson(simulator.url, "/chat/completions", lessonRequest(), { authorization: "Bearer secret" }))
          .status,
      ).toBe(200);
    } finally {
      await simulator.close();
    }
  });
});
