import OpenAI, { toFile } from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "./index.ts";

const schema = {
  type: "object",
  properties: {
    title: { type: "string" },
    points: { type: "array", items: { type: "string" }, minItems: 2, maxItems: 2 },
  },
  required: ["title", "points"],
  additionalProperties: false,
};

function line(customId: string, model = "gpt-4.1-mini", topic = "photosynthesis") {
  return JSON.stringify({
    custom_id: customId,
    method: "POST",
    url: "/v1/chat/completions",
    body: {
      model,
      messages: [{ role: "user", content: `Write a lesson title about ${topic}.` }],
      response_format: { type: "json_schema", json_schema: { name: "lesson", strict: true, schema } },
      max_completion_tokens: 500,
    },
  });
}

interface OutputLine {
  custom_id: string;
  response: {
    status_code: number;
    body: { choices: { message: { content: string } }[]; usage: { prompt_tokens: number } };
  };
  error: { code: string; message: string };
}

let simulator: RunningSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function open(options: Parameters<typeof startSimulator>[0] = {}) {
  simulator = await startSimulator({ timeScale: 0, ...options });
  const client = new OpenAI({ apiKey: "simulator", baseURL: simulator.url, maxRetries: 0, fetch: globalThis.fetch });
  return { simulator, client };
}

async function submit(client: OpenAI, lines: readonly string[], idempotencyKey?: string) {
  const file = await client.files.create({
    file: await toFile(Buffer.from(`${lines.join("\n")}\n`), "lines.jsonl"),
    purpose: "batch",
  });
  return client.batches.create(
    { input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h", metadata: { run: "test" } },
    idempotencyKey === undefined ? {} : { headers: { "Idempotency-Key": idempotencyKey } },
  );
}

async function jsonLines(client: OpenAI, fileId: string | null | undefined) {
  if (!fileId) return [];
  const text = await (await client.files.content(fileId)).text();
  return text
    .split("\n")
    .filter((entry) => entry !== "")
    .map((entry) => JSON.parse(entry) as OutputLine);
}

describe("simulated Batch API through the openai SDK", () => {
  it("stores an uploaded file and returns its bytes", async () => {
    const { client } = await open();
    const file = await client.files.create({ file: await toFile(Buffer.from("a\nb\n"), "x.jsonl"), purpose: "batch" });
    expect(file).toMatchObject({
      object: "file",
      purpose: "batch",
      bytes: 4,
      filename: "x.jsonl",
      status: "processed",
    });
    expect(await (await client.files.content(file.id)).text()).toBe("a\nb\n");
    expect((await client.files.retrieve(file.id)).id).toBe(file.id);
    await expect(client.files.retrieve("file-missing")).rejects.toMatchObject({ status: 404 });
  });

  it("answers every line with a schema-valid chat completion once the batch completes", async () => {
    const { client, simulator } = await open();
    const created = await submit(client, [line("a"), line("b", undefined, "volcanoes")]);
    expect(created).toMatchObject({ object: "batch", endpoint: "/v1/chat/completions", completion_window: "24h" });
    const batch = await client.batches.retrieve(created.id);
    expect(batch.status).toBe("completed");
    expect(batch.request_counts).toEqual({ total: 2, completed: 2, failed: 0 });
    expect(batch.metadata).toEqual({ run: "test" });
    const outputs = await jsonLines(client, batch.output_file_id);
    expect(outputs.map((output) => output.custom_id).sort()).toEqual(["a", "b"]);
    for (const output of outputs) {
      expect(output.response.status_code).toBe(200);
      const answer = JSON.parse(output.response.body.choices[0]!.message.content);
      expect(answer.points).toHaveLength(2);
      expect(output.response.body.usage.prompt_tokens).toBeGreaterThan(0);
    }
    expect(batch.error_file_id ?? null).toBeNull();
    expect(simulator.stats()).toMatchObject({ batchesCreated: 1, batchLines: 2, completions: 0 });
    expect(simulator.stats().batchCompletionTokens).toBeGreaterThan(0);
  });

  it("counts lines done as simulated time passes", async () => {
    const { client } = await open({ timeScale: 1, batches: { completionMs: 400 } });
    const created = await submit(
      client,
      ["a", "b", "c", "d"].map((id) => line(id)),
    );
    const first = await client.batches.retrieve(created.id);
    expect(first.status).toBe("in_progress");
    expect(first.request_counts!.completed).toBeLessThan(4);
    await new Promise((resolve) => setTimeout(resolve, 450));
    const last = await client.batches.retrieve(created.id);
    expect(last.status).toBe("completed");
    expect(last.request_counts!.completed).toBe(4);
  });

  it("puts a failed line in the error file and a damaged answer in the output file", async () => {
    const { client } = await open({
      batches: { lineFaultRate: 1, lineFaultKinds: ["server_error"], lineFaultLimit: 1 },
    });
    const batch = await client.batches.retrieve((await submit(client, [line("a"), line("b")])).id);
    expect(batch.request_counts).toEqual({ total: 2, completed: 1, failed: 1 });
    const errors = await jsonLines(client, batch.error_file_id);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.response.status_code).toBe(500);
    expect(await jsonLines(client, batch.output_file_id)).toHaveLength(1);

    simulator!.setBatchSettings({ lineFaultRate: 1, lineFaultKinds: ["invalid_json"], lineFaultLimit: 10 });
    const broken = await client.batches.retrieve((await submit(client, [line("c")])).id);
    const [output] = await jsonLines(client, broken.output_file_id);
    expect(() => JSON.parse(output!.response.body.choices[0]!.message.content)).toThrow();
  });

  it("expires half-way when told to: answered lines in the output, the rest as batch_expired", async () => {
    const { client } = await open({ batches: { expireNext: 1 } });
    const batch = await client.batches.retrieve(
      (
        await submit(
          client,
          ["a", "b", "c", "d"].map((id) => line(id)),
        )
      ).id,
    );
    expect(batch.status).toBe("expired");
    expect(batch.expired_at).toBeTypeOf("number");
    expect(await jsonLines(client, batch.output_file_id)).toHaveLength(2);
    const errors = await jsonLines(client, batch.error_file_id);
    expect(errors.map((error) => error.error.code)).toEqual(["batch_expired", "batch_expired"]);
    // Only the next batch was told to expire.
    expect((await client.batches.retrieve((await submit(client, [line("e")])).id)).status).toBe("completed");
  });

  it("cancels a running batch, keeping what it answered", async () => {
    const { client } = await open({ timeScale: 1, batches: { completionMs: 60_000 } });
    const created = await submit(client, [line("a"), line("b")]);
    expect((await client.batches.cancel(created.id)).status).toBe("cancelling");
    const batch = await client.batches.retrieve(created.id);
    expect(batch.status).toBe("cancelled");
    expect((await jsonLines(client, batch.error_file_id)).map((error) => error.error.code)).toEqual([
      "batch_cancelled",
      "batch_cancelled",
    ]);
    await expect(client.batches.cancel(created.id)).resolves.toMatchObject({ status: "cancelled" });
  });

  it("creates one batch for a create repeated with the same idempotency key", async () => {
    const { client, simulator } = await open();
    const file = await client.files.create({
      file: await toFile(Buffer.from(`${line("a")}\n`), "l.jsonl"),
      purpose: "batch",
    });
    const body = {
      input_file_id: file.id,
      endpoint: "/v1/chat/completions" as const,
      completion_window: "24h" as const,
    };
    const first = await client.batches.create(body, { headers: { "Idempotency-Key": "cf-batch-1" } });
    const again = await client.batches.create(body, { headers: { "Idempotency-Key": "cf-batch-1" } });
    expect(again.id).toBe(first.id);
    expect(simulator.stats().batchesCreated).toBe(1);
  });

  it("fails a batch whose file is not a valid batch input, naming the line", async () => {
    const { client } = await open();
    const mixed = await client.batches.retrieve((await submit(client, [line("a"), line("b", "gpt-4.1")])).id);
    expect(mixed.status).toBe("failed");
    expect(mixed.errors?.data?.[0]).toMatchObject({ code: "mismatched_model" });
    const broken = await client.batches.retrieve((await submit(client, [line("a"), "{not json"])).id);
    expect(broken.errors?.data?.[0]).toMatchObject({ code: "invalid_json_line", line: 2 });
    const duplicated = await client.batches.retrieve((await submit(client, [line("a"), line("a")])).id);
    expect(duplicated.errors?.data?.[0]).toMatchObject({ code: "duplicate_custom_id" });
  });

  it("refuses an upload without a purpose and a batch over a file of another purpose", async () => {
    const { client } = await open();
    await expect(
      client.files.create({ file: await toFile(Buffer.from("x"), "x.jsonl"), purpose: "nonsense" as "batch" }),
    ).rejects.toMatchObject({ status: 400 });
    const file = await client.files.create({ file: await toFile(Buffer.from("x"), "x.jsonl"), purpose: "user_data" });
    await expect(
      client.batches.create({ input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h" }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(client.batches.retrieve("batch_missing")).rejects.toMatchObject({ status: 404 });
  });

  it("reads and changes the batch settings through the control endpoint", async () => {
    const { simulator } = await open();
    const root = simulator.url.replace(/\/v1$/, "");
    const changed = await fetch(`${root}/_simulator/batches`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ expireNext: 2, completionMs: 5_000 }),
    });
    expect(await changed.json()).toMatchObject({ expireNext: 2, completionMs: 5_000, lineFaultRate: 0 });
    const refused = await fetch(`${root}/_simulator/batches`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ expireNext: -1 }),
    });
    expect(refused.status).toBe(400);
    expect(await (await fetch(`${root}/_simulator/batches`)).json()).toMatchObject({ expireNext: 2 });
  });

  it("rejects invalid batch settings with a message naming the field", async () => {
    const { simulator } = await open();
    expect(() => simulator.setBatchSettings({ lineFaultRate: 2 })).toThrow(/lineFaultRate/);
  });
});
