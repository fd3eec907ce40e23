import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LlmError } from "../llm-error.ts";
import { createOpenAiCompatibleEmbeddings } from "./openai-compatible.ts";

// A key that matches no credential shape, so only the configured-secret redaction can catch it.
const apiKey = "plainsecretvalue-0123456789";
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  // A proxy whose 401 echoes the key it was sent, as some do.
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const key = (request.headers.authorization ?? "").replace(/^Bearer /, "");
      response.writeHead(401, { "content-type": "application/json" });
      response.end(
        JSON.stringify({ error: { message: `Incorrect API key provided: ${key}.`, code: "invalid_api_key" } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("OpenAI-compatible embeddings", () => {
  it("keep the endpoint's key out of the error a 401 that echoes it becomes", async () => {
    const embeddings = createOpenAiCompatibleEmbeddings({ apiKey, baseUrl, timeoutMs: 5_000 });
    try {
      const error = await embeddings
        .embed({ model: "text-embedding-3-small", inputs: ["hello"], signal: AbortSignal.timeout(5_000) })
        .then(
          () => undefined,
          (failure: unknown) => failure,
        );
      expect(LlmError.isInstance(error)).toBe(true);
      const llmError = error as LlmError;
      expect(llmError.code).toBe("LLM_AUTH_FAILED");
      // The provider's words are kept, the key is not.
      expect(llmError.message).toContain("Incorrect API key provided");
      expect(JSON.stringify({ message: llmError.message, raw: llmError.rawText })).not.toContain(apiKey);
    } finally {
      await embeddings.close();
    }
  });
});
