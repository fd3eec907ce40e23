import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, createApiClient } from "./client.ts";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("createApiClient", () => {
  it("sends the token and JSON, and returns the JSON answer", async () => {
    const fetchMock = vi.fn(
      async () =>
        new Response(JSON.stringify({ jobId: "job_1" }), {
          status: 202,
          headers: { "content-type": "application/json" },
        }),
    );
    vi.stubGlobal("fetch", fetchMock);
    const api = createApiClient({ token: "cf_secret", baseUrl: "http://api.test/" });
    expect(await api.post("/v1/courses", { topic: "Tides" })).toEqual({ jobId: "job_1" });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("http://api.test/v1/courses");
    expect(init.method).toBe("POST");
    expect(init.body).toBe('{"topic":"Tides"}');
    expect(init.headers).toMatchObject({ authorization: "Bearer cf_secret", "content-type": "application/json" });
  });

  it("sends a FormData as multipart, leaving its content type (with the boundary) to fetch", async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ documents: [] }), { status: 202 }));
    vi.stubGlobal("fetch", fetchMock);
    const form = new FormData();
    form.append("collection", "biology");
    form.append("file", new Blob(["# Cells"], { type: "text/markdown" }), "cells.md");
    expect(await createApiClient({ token: "cf_secret" }).post("/v1/knowledge/documents", form)).toEqual({
      documents: [],
    });
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.body).toBe(form);
    expect(init.headers).toMatchObject({ authorization: "Bearer cf_secret" });
    expect(Object.keys(init.headers as Record<string, string>)).not.toContain("content-type");
  });

  it("turns the API's error body into an ApiError with code, details and Retry-After", async () => {
    const body = {
      error: {
        code: "RATE_LIMITED",
        message: "You reached 20 courses per hour.",
        details: { limit: "courses-hour", field: "x" },
      },
    };
    vi.stubGlobal(
      "fetch",
      async () => new Response(JSON.stringify(body), { status: 429, headers: { "retry-after": "95" } }),
    );
    const error = await createApiClient({ token: "t" })
      .get("/v1/jobs")
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 429,
      code: "RATE_LIMITED",
      message: "You reached 20 courses per hour.",
      details: { limit: "courses-hour" },
      retryAfterSeconds: 95,
      field: "x",
    });
  });

  it("says NETWORK when the server cannot be reached, and HTTP_<status> for a body that is not the API's", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(createApiClient({}).get("/v1/me")).rejects.toMatchObject({ code: "NETWORK", status: 0 });
    vi.stubGlobal(
      "fetch",
      async () => new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }),
    );
    await expect(createApiClient({}).get("/v1/me")).rejects.toMatchObject({ code: "HTTP_502", status: 502 });
  });
});
