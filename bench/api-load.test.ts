import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOpenLoop } from "./api-load.ts";

// A stand-in API: 202 {created: true}, except 500 for key "…-3" and a replay for key "…-4".
const received: { key: string | undefined; authorization: string | undefined; body: string }[] = [];
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const key = request.headers["idempotency-key"];
      received.push({
        key: typeof key === "string" ? key : undefined,
        authorization: request.headers.authorization,
        body,
      });
      if (typeof key === "string" && key.endsWith("-3")) {
        response.writeHead(500, { "content-type": "application/json" }).end('{"error":{}}');
        return;
      }
      response
        .writeHead(202, { "content-type": "application/json" })
        .end(JSON.stringify({ jobId: "job_x", created: !(typeof key === "string" && key.endsWith("-4")) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("runOpenLoop", () => {
  it("schedules rate × duration requests at fixed intervals, each with its own key and the next token, and classifies the answers", async () => {
    const result = await runOpenLoop({
      url,
      tokens: ["cf_even", "cf_odd"],
      rate: 200,
      durationSeconds: 0.05,
      connections: 4,
      keyPrefix: "run",
      body: '{"topic":"Tides"}',
      signal: new AbortController().signal,
    });
    expect(result.samples).toHaveLength(10);
    // The schedule is arithmetic (5 ms apart from the start), whatever the answers took.
    result.samples.forEach((sample, index) => {
      expect(sample.scheduledAt).toBeCloseTo(result.startedAt + index * 5, 6);
      expect(sample.sentAt).toBeGreaterThanOrEqual(sample.scheduledAt);
      expect(sample.endedAt).toBeGreaterThanOrEqual(sample.sentAt);
    });
    expect(received.map((request) => request.key).sort()).toEqual(
      Array.from({ length: 10 }, (_, index) => `run-${index}`).sort(),
    );
    // Tokens are used in turn, so the load is spread over the users.
    for (const request of received) {
      const index = Number(request.key!.slice("run-".length));
      expect(request.authorization).toBe(index % 2 === 0 ? "Bearer cf_even" : "Bearer cf_odd");
      expect(request.body).toBe('{"topic":"Tides"}');
    }
    expect(result.samples.map((sample) => sample.error)).toEqual([
      undefined,
      undefined,
      undefined,
      "HTTP 500",
      "replayed",
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(result.samples[3]!.status).toBe(500);
    expect(result.samples[4]).toMatchObject({ status: 202, created: false });
  });

  it("counts a refused connection as an error instead of failing the run", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await runOpenLoop({
      url: `http://127.0.0.1:${port}`,
      tokens: ["t"],
      rate: 100,
      durationSeconds: 0.02,
      connections: 1,
      keyPrefix: "gone",
      body: "{}",
      signal: new AbortController().signal,
    });
    expect(result.samples.map((sample) => [sample.status, sample.error])).toEqual([
      [0, "ECONNREFUSED"],
      [0, "ECONNREFUSED"],
    ]);
  });
});
