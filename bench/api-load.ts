/**
 * An open-loop load generator: request i is sent at t0 + i ÷ rate whatever the earlier ones are
 * doing, so a slow server builds a queue that the latencies show (no coordinated omission).
 */
import http from "node:http";
import { throwIfAborted } from "../src/errors/index.ts";

/** What happened to one scheduled request; times are `performance.now()` milliseconds. */
export interface RequestSample {
  /** When the schedule said to send it. */
  readonly scheduledAt: number;
  /** When the generator handed it to the HTTP client (later than scheduled when the generator lags). */
  readonly sentAt: number;
  /** When the whole response was read, or the request failed. */
  readonly endedAt: number;
  /** The HTTP status, or 0 when no response came. */
  readonly status: number;
  /** `created` of a 202 answer. */
  readonly created: boolean;
  /** Why it counts as an error (`HTTP 500`, `ECONNRESET`, `timeout`, `replayed`), else undefined. */
  readonly error: string | undefined;
}

/** Options of {@link runOpenLoop}. */
export interface OpenLoopOptions {
  /** Base URL of the API (`http://host:port`). */
  readonly url: string;
  /** Bearer tokens, used in turn: request i sends `tokens[i % tokens.length]`. */
  readonly tokens: readonly string[];
  /** Requests per second. */
  readonly rate: number;
  readonly durationSeconds: number;
  /** Most keep-alive connections at once; further requests wait for one (and that wait is latency). */
  readonly connections: number;
  /** Makes each request's Idempotency-Key distinct: `<keyPrefix>-<index>`. */
  readonly keyPrefix: string;
  readonly body: string;
  /** A request without a response by then is an error (default 30 s). */
  readonly timeoutMs?: number;
  readonly signal: AbortSignal;
}

/** The outcome of one run: every sample, in schedule order, and the schedule's start. */
export interface OpenLoopResult {
  readonly startedAt: number;
  readonly samples: readonly RequestSample[];
}

/** Sends `rate × durationSeconds` POST /v1/courses on schedule, then waits for every answer. */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  throwIfAborted(options.signal);
  if (options.tokens.length === 0) throw new RangeError("The load needs at least one token.");
  const total = Math.round(options.rate * options.durationSeconds);
  const intervalMs = 1000 / options.rate;
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: options.connections,
    maxFreeSockets: options.connections,
  });
  const target = new URL("/v1/courses", options.url);
  const pending: Promise<RequestSample>[] = [];
  const startedAt = performance.now() + 20;
  try {
    let next = 0;
    while (next < total) {
      throwIfAborted(options.signal);
      const now = performance.now();
      // Catch up on every request that is due (after a late timer), each with its own scheduled time.
      while (next < total && startedAt + next * intervalMs <= now) {
        pending.push(send(agent, target, options, next, startedAt + next * intervalMs));
        next++;
      }
      if (next < total) await sleep(startedAt + next * intervalMs - performance.now());
    }
    return { startedAt, samples: await Promise.all(pending) };
  } finally {
    agent.destroy();
  }
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, milliseconds)));
}

function send(
  agent: http.Agent,
  target: URL,
  options: OpenLoopOptions,
  index: number,
  scheduledAt: number,
): Promise<RequestSample> {
  const sentAt = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (status: number, created: boolean, error: string | undefined) => {
      if (settled) return;
      settled = true;
      resolve({ scheduledAt, sentAt, endedAt: performance.now(), status, created, error });
    };
    const request = http.request(
      target,
      {
        method: "POST",
        agent,
        signal: options.signal,
        timeout: options.timeoutMs ?? 30_000,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(options.body),
          authorization: `Bearer ${options.tokens[index % options.tokens.length]!}`,
          "idempotency-key": `${options.keyPrefix}-${index}`,
        },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("error", (error) => finish(response.statusCode ?? 0, false, errorName(error)));
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          if (status !== 202) return finish(status, false, `HTTP ${status}`);
          const created = readCreated(text);
          finish(status, created, created ? undefined : "replayed");
        });
      },
    );
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.on("error", (error) => finish(0, false, errorName(error)));
    request.end(options.body);
  });
}

function errorName(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : error.message;
}

function readCreated(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && (parsed as { created?: unknown }).created === true;
  } catch {
    return false;
  }
}
