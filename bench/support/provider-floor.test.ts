import { describe, expect, it } from "vitest";
import type { ModelProvider, ProviderRequest, ProviderResponse } from "../../src/llm/index.ts";
import { recordRequests, replayCourseCalls } from "./provider-floor.ts";

const request = (kind: string, id: string): ProviderRequest => ({
  model: "m",
  messages: [{ role: "user", content: id }],
  responseFormat: { name: kind, schema: {} },
  maxOutputTokens: 10,
  signal: new AbortController().signal,
});

// Answers after a turn, and logs when each request starts and ends.
function loggingProvider(log: string[]): ModelProvider {
  return {
    name: "fake",
    async complete(sent): Promise<ProviderResponse> {
      const id = sent.messages[0]!.content;
      log.push(`start ${id}`);
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.push(`end ${id}`);
      return { content: "{}", finishReason: "stop", model: sent.model, usage: undefined };
    },
    close: async () => {},
  };
}

describe("recordRequests", () => {
  it("keeps the requests passed on since the last take", async () => {
    const recording = recordRequests(loggingProvider([]));
    await recording.provider.complete(request("outline", "o"));
    expect(recording.take().map((sent) => sent.messages[0]!.content)).toEqual(["o"]);
    await recording.provider.complete(request("lesson", "l1"));
    expect(recording.take().map((sent) => sent.messages[0]!.content)).toEqual(["l1"]);
  });
});

describe("replayCourseCalls", () => {
  it("sends the outline first, then every lesson at once, each followed by its quiz", async () => {
    const log: string[] = [];
    const requests = [
      request("outline", "o"),
      request("lesson", "l1"),
      request("lesson", "l2"),
      request("quiz", "q1"),
      request("quiz", "q2"),
    ];
    const replay = await replayCourseCalls(loggingProvider(log), requests, new AbortController().signal);
    expect(replay.calls).toBe(5);
    expect(replay.cpuMs).toBeGreaterThan(0);
    expect(log.slice(0, 4)).toEqual(["start o", "end o", "start l1", "start l2"]);
    expect(log.indexOf("start q1")).toBeGreaterThan(log.indexOf("end l1"));
    expect(log.indexOf("start q2")).toBeGreaterThan(log.indexOf("end l2"));
  });

  it("refuses requests that are not one course (a retried call, a missing quiz)", async () => {
    const provider = loggingProvider([]);
    const signal = new AbortController().signal;
    await expect(
      replayCourseCalls(provider, [request("outline", "o"), request("lesson", "l1")], signal),
    ).rejects.toThrow(/one outline and as many lessons as quizzes/);
    await expect(
      replayCourseCalls(provider, [request("outline", "o"), request("outline", "o2")], signal),
    ).rejects.toThrow(/got outline, outline/);
  });
});
