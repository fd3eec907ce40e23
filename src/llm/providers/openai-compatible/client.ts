import OpenAI from "openai";
import { createRedactor, type Redact } from "../../../redaction/index.ts";
import { createNodeHttpFetch } from "./node-http-fetch.ts";

/** What chat and embeddings share to reach one OpenAI-compatible endpoint. */
export interface OpenAiEndpointOptions {
  readonly apiKey: string;
  /** e.g. `http://localhost:11434/v1` for Ollama; the SDK's default (api.openai.com) when absent. */
  readonly baseUrl?: string | undefined;
  readonly organization?: string | undefined;
  /** Per-request timeout enforced by the SDK. */
  readonly timeoutMs: number;
  /**
   * The `fetch` the SDK sends with. Default: a lean `node:http` one with keep-alive sockets
   * ({@link createNodeHttpFetch}), freed by `close()`; pass `globalThis.fetch` for undici's.
   */
  readonly fetch?: typeof globalThis.fetch | undefined;
}

/** The SDK client of one endpoint, the redactor of its key, and what frees its sockets. */
export interface OpenAiEndpoint {
  readonly client: OpenAI;
  /** Removes the endpoint's key (and anything shaped like a credential) from provider text. */
  readonly redact: Redact;
  close(): Promise<void>;
}

/**
 * Opens the official SDK on an endpoint with its own retries off (Courseforge retries in exactly one
 * layer) and with every setting passed explicitly, so the SDK reads no `OPENAI_*` variable itself.
 */
export function openOpenAiEndpoint(options: OpenAiEndpointOptions): OpenAiEndpoint {
  const transport = options.fetch === undefined ? createNodeHttpFetch() : undefined;
  const client = new OpenAI({
    fetch: options.fetch ?? transport!.fetch,
    apiKey: options.apiKey,
    baseURL: options.baseUrl ?? null,
    organization: options.organization ?? null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    timeout: options.timeoutMs,
    maxRetries: 0,
  });
  return { client, redact: createRedactor([options.apiKey]), close: async () => transport?.close() };
}
