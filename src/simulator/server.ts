/** The simulator's HTTP server: options, routing, auth, outages and lifecycle. */
import { createServer } from "node:http";
import { simulatedContentHeader } from "../llm/simulated-content.ts";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AbortedError, CourseforgeError, InvalidInputError } from "../errors/index.ts";
import { parseBatchSettings } from "./batch-settings.ts";
import type { BatchSettings } from "./batch-settings.ts";
import { BatchStore, handleBatches } from "./batches.ts";
import { handleChatCompletions } from "./chat-completions.ts";
import { handleControl, startOutage } from "./control.ts";
import { handleEmbeddings } from "./embeddings.ts";
import { faultKinds, isFaultKind, parseFaultOptions } from "./faults.ts";
import type { FaultOptions } from "./faults.ts";
import { FileStore, handleFiles } from "./files.ts";
import { HttpError, sendError, sendJson } from "./http.ts";
import { createModelCatalog } from "./models.ts";
import type { ModelProfile } from "./models.ts";
import { listObject, modelObject, requestId } from "./openai-shapes.ts";
import { PromptCache } from "./prompt-cache.ts";
import { createRandom } from "./random.ts";
import { RateLimiter } from "./rate-limits.ts";
import { PlantedDefects } from "./low-quality.ts";
import { copyStats, emptyStats, rateWindowMs } from "./state.ts";
import type { SimulatorState, SimulatorStats } from "./state.ts";

/** How to run a simulator. */
export interface SimulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  readonly host?: string;
  /** Seed of every synthesized answer and fault roll (default 42). */
  readonly seed?: number;
  /** 1 = real time, 0.01 = 100× faster, 0 = no delays. Also scales the rate-limit window (see docs/simulator.md). */
  readonly timeScale?: number;
  /** Extra or overriding model profiles; missing fields come from the built-in profile or the default. */
  readonly models?: Readonly<Record<string, Partial<ModelProfile>>>;
  /** Profile of model names the table does not know. */
  readonly defaultModel?: Partial<ModelProfile>;
  /** Fault injection at start (default none). */
  readonly faults?: FaultOptions;
  /** The Batch API: completion time, expiry, per-line faults (see docs/simulator.md). */
  readonly batches?: Partial<BatchSettings>;
  /** When set, every request must send `Authorization: Bearer <apiKey>`. */
  readonly apiKey?: string;
  /** Closes the simulator when it fires. */
  readonly signal?: AbortSignal;
}

/** A started simulator. */
export interface RunningSimulator {
  /** Base URL for OpenAI clients, ending in `/v1`. */
  readonly url: string;
  readonly port: number;
  /** Stops listening, ends every pending request and closes connections. Safe to call twice. */
  close(): Promise<void>;
  /** Replaces the fault options. @throws {InvalidInputError} for an invalid rate or kind */
  setFaults(faults: FaultOptions): void;
  /** Every `/v1` request gets 503 for the next `milliseconds` (wall clock, not scaled). */
  startOutage(milliseconds: number): void;
  /** Changes the Batch API settings given; the others keep their value. @throws {InvalidInputError} */
  setBatchSettings(settings: Partial<BatchSettings>): void;
  stats(): SimulatorStats;
  resetStats(): void;
}

/** The simulator could not start (port in use, bad address). */
export class SimulatorStartError extends CourseforgeError {
  static readonly code = "SIMULATOR_START_FAILED";
  constructor(
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown>; suggestion?: string } = {},
  ) {
    super("SIMULATOR_START_FAILED", message, { ...options, retryable: false });
  }
}

/**
 * Starts an OpenAI-compatible simulator on `host:port`.
 * @throws {InvalidInputError} for invalid options, {@link SimulatorStartError} when it cannot listen
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const { port = 0, host = "127.0.0.1", seed = 42, timeScale = 1 } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new InvalidInputError(`Simulator port must be 0–65535 (got ${port}).`);
  if (!Number.isFinite(timeScale) || timeScale < 0)
    throw new InvalidInputError(`Simulator timeScale must be 0 or more (got ${timeScale}).`);
  if (!Number.isFinite(seed)) throw new InvalidInputError(`Simulator seed must be a finite number (got ${seed}).`);
  let catalog;
  try {
    catalog = createModelCatalog(options.models, options.defaultModel);
  } catch (error) {
    throw new InvalidInputError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  const shutdown = new AbortController();
  const state: SimulatorState = {
    seed,
    timeScale,
    catalog,
    limiter: new RateLimiter(rateWindowMs(timeScale)),
    cache: new PromptCache(),
    faultRandom: createRandom(seed ^ 0x5f3759df),
    shutdown: shutdown.signal,
    now: () => Date.now(),
    stats: emptyStats(),
    faults: parseFaultOptions(options.faults ?? { rate: 0, kinds: [] }),
    faultsRemaining: options.faults?.limit ?? Number.POSITIVE_INFINITY,
    outageUntil: 0,
    planted: new PlantedDefects(),
    files: new FileStore(),
    batches: new BatchStore(parseBatchSettings(options.batches ?? {})),
  };

  const server = createServer((request, response) => void handle(request, response, state, options.apiKey));
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) =>
      reject(
        new SimulatorStartError(`The simulator could not listen on ${host}:${port}: ${error.message}`, {
          cause: error,
          details: { host, port },
          suggestion: "Choose another --port, or 0 for a free one.",
        }),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      shutdown.abort(new AbortedError("The simulator is closing."));
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  options.signal?.addEventListener("abort", () => void close(), { once: true });
  if (options.signal?.aborted) await close();

  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${actualPort}/v1`,
    port: actualPort,
    close,
    setFaults: (faults) => {
      state.faults = parseFaultOptions(faults);
      state.faultsRemaining = state.faults.limit ?? Number.POSITIVE_INFINITY;
    },
    startOutage: (milliseconds) => startOutage(state, milliseconds),
    setBatchSettings: (settings) => state.batches.configure(parseBatchSettings(settings, state.batches.settings)),
    stats: () => copyStats(state.stats),
    resetStats: () => {
      state.stats = emptyStats();
    },
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  state: SimulatorState,
  apiKey: string | undefined,
): Promise<void> {
  const client = new AbortController();
  response.on("close", () => {
    if (!response.writableFinished) client.abort(new AbortedError("The client disconnected."));
  });
  const signal = AbortSignal.any([client.signal, state.shutdown]);
  response.setHeader("x-request-id", requestId());
  response.setHeader(simulatedContentHeader, "true");
  try {
    await route(request, response, state, apiKey, signal);
  } catch (error) {
    if (error instanceof HttpError) sendError(response, error);
    else if (error instanceof AbortedError || signal.aborted) response.destroy();
    else
      sendError(
        response,
        new HttpError(500, `Simulator internal error: ${error instanceof Error ? error.message : String(error)}`),
      );
    if (response.headersSent && !response.writableEnded) response.destroy();
  }
}

async function route(
  request: IncomingMessage,
  response: ServerResponse,
  state: SimulatorState,
  apiKey: string | undefined,
  signal: AbortSignal,
): Promise<void> {
  const path = new URL(request.url ?? "/", "http://simulator").pathname.replace(/\/+$/, "") || "/";
  const method = request.method ?? "GET";
  if (apiKey !== undefined && request.headers.authorization !== `Bearer ${apiKey}`) {
    throw new HttpError(
      401,
      "Incorrect API key provided. The simulator was started with an API key; send it as 'Authorization: Bearer <key>'.",
      { code: "invalid_api_key" },
    );
  }
  if (path.startsWith("/_simulator/") && (await handleControl(request, response, path, state))) return;
  if (!path.startsWith("/v1/")) throw notFound(method, path);

  state.stats.requests++;
  if (state.now() < state.outageUntil) {
    state.stats.faultsInjected.outage++;
    throw new HttpError(503, "The server is overloaded or not ready yet (simulated outage).", {
      code: "service_unavailable",
      headers: { "x-simulator-fault": "outage" },
    });
  }
  const header = request.headers["x-simulator-fault"];
  if (header !== undefined && !isFaultKind(header)) {
    throw new HttpError(400, `Unknown x-simulator-fault "${String(header)}"; use one of ${faultKinds.join(", ")}.`, {
      param: "x-simulator-fault",
      code: "invalid_value",
    });
  }
  const forced = isFaultKind(header) ? header : undefined;

  if (method === "POST" && path === "/v1/chat/completions")
    return handleChatCompletions(request, response, state, forced, signal);
  if (method === "POST" && path === "/v1/embeddings") return handleEmbeddings(request, response, state, signal);
  if (path.startsWith("/v1/files") && (await handleFiles(request, response, method, path, state.files, state.now())))
    return;
  if (path.startsWith("/v1/batches") && (await handleBatches(request, response, method, path, state))) return;
  if (method === "GET" && path === "/v1/models")
    return sendJson(response, 200, listObject(state.catalog.names().map(modelObject)));
  const model = /^\/v1\/models\/(.+)$/.exec(path)?.[1];
  if (method === "GET" && model !== undefined) {
    const id = decodeURIComponent(model);
    if (!state.catalog.has(id))
      throw new HttpError(404, `The model '${id}' does not exist or you do not have access to it.`, {
        param: "model",
        code: "model_not_found",
      });
    return sendJson(response, 200, modelObject(id));
  }
  throw notFound(method, path);
}

function notFound(method: string, path: string): HttpError {
  return new HttpError(404, `Invalid URL (${method} ${path})`, { code: "unknown_url" });
}
