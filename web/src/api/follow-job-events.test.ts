import { describe, expect, it } from "vitest";
import { ApiError, type ApiClient } from "./client.ts";
import { followJobEvents } from "./follow-job-events.ts";
import type { JobEvent } from "./types.ts";

// A stream that sends `chunks`, then either ends or fails as a dropped connection does.
function streamOf(chunks: readonly string[], end: "close" | "drop"): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(encoder.encode(chunks[index++]!));
      else if (end === "close") controller.close();
      else controller.error(new TypeError("network connection lost"));
    },
  });
}

function fakeApi(responses: Array<() => Response>): { api: ApiClient; headers: Array<Record<string, string>> } {
  const headers: Array<Record<string, string>> = [];
  const unused = () => Promise.reject(new Error("not used"));
  const api: ApiClient = {
    get: unused,
    post: unused,
    put: unused,
    del: unused,
    fetchRaw: (_path, init = {}) => {
      headers.push({ ...init.headers });
      const next = responses.shift();
      return next === undefined ? Promise.reject(new Error("no more responses")) : Promise.resolve(next());
    },
  };
  return { api, headers };
}

describe("followJobEvents", () => {
  it("parses events split anywhere, resumes with Last-Event-ID after a dropped connection, and stops at the terminal event", async () => {
    const { api, headers } = fakeApi([
      () =>
        new Response(
          streamOf(
            [
              'retry: 1\n\nid: 1\nevent: job.started\ndata: {"stepsTotal":3}\n\nid: 2\nev',
              'ent: step.started\ndata: {"step":"outline"}\n\n',
            ],
            "drop",
          ),
        ),
      // The server replays after the given id; a repeated event is ignored all the same.
      () =>
        new Response(
          streamOf(
            [
              'id: 2\nevent: step.started\ndata: {"step":"outline"}\n\n: keep-alive\n\nid: 3\nevent: job.succeeded\ndata: {"courseId":"crs_1"}\n\n',
            ],
            "close",
          ),
        ),
    ]);
    const seen: JobEvent[] = [];
    const states: string[] = [];
    await followJobEvents(
      api,
      "job_1",
      { onEvent: (event) => seen.push(event), onConnection: (state) => states.push(state) },
      { signal: new AbortController().signal },
    );
    expect(seen).toEqual([
      { id: 1, type: "job.started", data: { stepsTotal: 3 } },
      { id: 2, type: "step.started", data: { step: "outline" } },
      { id: 3, type: "job.succeeded", data: { courseId: "crs_1" } },
    ]);
    expect(headers.map((sent) => sent["last-event-id"])).toEqual([undefined, "2"]);
    expect(states).toEqual(["live", "reconnecting", "live"]);
  });

  it("gives up at once on an answer that will not change (404), instead of retrying", async () => {
    const { api } = fakeApi([]);
    api.fetchRaw = () => Promise.reject(new ApiError({ status: 404, code: "NOT_FOUND", message: "No job job_2." }));
    await expect(
      followJobEvents(api, "job_2", { onEvent: () => undefined }, { signal: new AbortController().signal }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
