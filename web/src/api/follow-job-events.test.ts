import { describe, expect, it } from "vitest";
import { createCourseforgeClient } from "../../../src/client/index.ts";
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
    typed: createCourseforgeClient({ fetch: unused }),
    fetchRaw: (_path, init = {}) => {
      headers.push({ ...init.headers });
      const next = responses.shift();
      return next === undefined ? Promise.reject(new Error("no more responses")) : Promise.resolve(next());
    },
  };
  return { api, headers };
}

const started = { type: "job.started", jobId: "job_1", stepsTotal: 3, stepsFromCheckpoint: 0 } as const;
const stepStarted = {
  type: "step.started",
  jobId: "job_1",
  step: "outline",
  kind: "outline",
  title: "Outline",
} as const;
const succeeded = {
  type: "job.succeeded",
  jobId: "job_1",
  courseId: "crs_1",
  promptTokens: 10,
  completionTokens: 5,
  cachedPromptTokens: 0,
  costUsd: 0.001,
  llmCalls: 1,
  durationMs: 20,
} as const;

describe("followJobEvents", () => {
  it("parses events split anywhere, resumes with Last-Event-ID after a dropped connection, and stops at the terminal event", async () => {
    const { api, headers } = fakeApi([
      () =>
        new Response(
          streamOf(
            [
              `retry: 1\n\nid: 1\nevent: job.started\ndata: ${JSON.stringify(started)}\n\nid: 2\nev`,
              `ent: step.started\ndata: ${JSON.stringify(stepStarted)}\n\n`,
            ],
            "drop",
          ),
        ),
      // The server replays after the given id; a repeated event is ignored all the same.
      () =>
        new Response(
          streamOf(
            [
              `id: 2\nevent: step.started\ndata: ${JSON.stringify(stepStarted)}\n\n: keep-alive\n\n` +
                `id: 3\nevent: step.failed\ndata: {"step":"outline"}\n\n` +
                `id: 4\nevent: job.succeeded\ndata: ${JSON.stringify(succeeded)}\n\n`,
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
      { id: 1, type: "job.started", data: started },
      { id: 2, type: "step.started", data: stepStarted },
      // id 3's data is not a step.failed event: skipped, not handed on as one.
      { id: 4, type: "job.succeeded", data: succeeded },
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
