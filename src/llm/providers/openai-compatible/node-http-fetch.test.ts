import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeHttpFetch } from "./node-http-fetch.ts";

let server: Server;
let baseUrl: string;
const transport = createNodeHttpFetch();

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.url === "/empty") {
        response.writeHead(204).end();
        return;
      }
      if (request.url === "/hang") return;
      if (request.url === "/moved") {
        response.writeHead(307, { location: "/v1/moved-here" }).end();
        return;
      }
      const body = JSON.stringify({
        method: request.method,
        authorization: request.headers.authorization,
        received: Buffer.concat(chunks).toString("utf8"),
      });
      response
        .writeHead(429, {
          "content-type": "application/json",
          "x-ratelimit-remaining-requests": "0",
          "set-cookie": ["a=1", "b=2"],
        })
        .end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  transport.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("createNodeHttpFetch", () => {
  it("sends the method, headers and body, and returns status, headers and body as a Response", async () => {
    const response = await transport.fetch(`${baseUrl}/v1/chat/completions`, {
      method: "POST",
      headers: new Headers({ authorization: "Bearer sk-test", "content-type": "application/json" }),
      body: JSON.stringify({ model: "m", note: "ünïcödé" }),
    });
    expect(response.status).toBe(429);
    expect(response.ok).toBe(false);
    expect(response.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(await response.json()).toEqual({
      method: "POST",
      authorization: "Bearer sk-test",
      received: JSON.stringify({ model: "m", note: "ünïcödé" }),
    });
  });

  it("follows a redirect with the method and body, as fetch does", async () => {
    const response = await transport.fetch(`${baseUrl}/moved`, {
      method: "POST",
      headers: { authorization: "Bearer sk-test" },
      body: '{"a":1}',
    });
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ method: "POST", authorization: "Bearer sk-test", received: '{"a":1}' });
  });

  it("gives a 204 no body", async () => {
    const response = await transport.fetch(`${baseUrl}/empty`, {
      method: "DELETE",
      headers: { authorization: "Bearer x" },
    });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it("rejects with an AbortError when the signal fires, and with TypeError('fetch failed') when the server is unreachable", async () => {
    const controller = new AbortController();
    const pending = transport.fetch(`${baseUrl}/hang`, { method: "POST", body: "{}", signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await transport.fetch(`http://127.0.0.1:${port}/`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe("fetch failed");
    expect((error as TypeError & { cause: { code: string } }).cause.code).toBe("ECONNREFUSED");
  });
});
