import { describe, expect, it } from "vitest";
import { startFetchLoop, type FetchedMessage } from "./fetch-loop.ts";

// A queue in memory; the loop's polls never end by themselves (only a wake or a freed slot
// starts another fetch), so what the loop does is decided by events, not by timing.
function memoryQueue() {
  const waiting: FetchedMessage[] = [];
  const fetches: number[] = [];
  const completed: string[] = [];
  const failed: string[] = [];
  let fetched!: () => void;
  let nextFetch = new Promise<void>((resolve) => (fetched = resolve));
  return {
    waiting,
    fetches,
    completed,
    failed,
    send(jobId: string) {
      waiting.push({ id: `msg-${jobId}`, jobId });
    },
    /** Resolves after the next fetch answered and the loop handed its messages to the handler. */
    afterFetch() {
      return nextFetch;
    },
    fetch: async (limit: number) => {
      fetches.push(limit);
      const taken = waiting.splice(0, limit);
      const resolve = fetched;
      nextFetch = new Promise<void>((next) => (fetched = next));
      // After the loop has handed the messages out (its continuation runs before the next macrotask).
      setImmediate(resolve);
      return taken;
    },
    complete: async (message: FetchedMessage) => void completed.push(message.jobId),
    fail: async (message: FetchedMessage) => void failed.push(message.jobId),
  };
}

const neverEndingPoll = (_ms: number, wake: AbortSignal) =>
  new Promise<void>((resolve) => wake.addEventListener("abort", () => resolve(), { once: true }));

describe("startFetchLoop", () => {
  it("takes a message sent to an idle loop when woken, without waiting for the poll", async () => {
    const queue = memoryQueue();
    const stop = new AbortController();
    const handled: string[] = [];
    const firstFetch = queue.afterFetch();
    const loop = startFetchLoop({
      ...queue,
      handler: async (jobId) => void handled.push(jobId),
      concurrency: 4,
      pollingMs: 60_000,
      onError: () => {},
      signal: stop.signal,
      sleep: neverEndingPoll,
    });
    await firstFetch;
    queue.send("job-1");
    const woken = queue.afterFetch();
    loop.wake();
    await woken;
    stop.abort();
    await loop.settled();
    expect(handled).toEqual(["job-1"]);
    expect(queue.completed).toEqual(["job-1"]);
  });

  it("asks for no more messages than it has free slots, and fetches again when a slot frees", async () => {
    const queue = memoryQueue();
    for (const jobId of ["a", "b", "c"]) queue.send(jobId);
    const stop = new AbortController();
    const release = new Map<string, () => void>();
    const handler = (jobId: string) => new Promise<void>((resolve) => release.set(jobId, resolve));
    const firstFetch = queue.afterFetch();
    const loop = startFetchLoop({
      ...queue,
      handler,
      concurrency: 2,
      pollingMs: 60_000,
      onError: () => {},
      signal: stop.signal,
      sleep: neverEndingPoll,
    });
    await firstFetch;
    expect(queue.fetches).toEqual([2]);
    expect([...release.keys()]).toEqual(["a", "b"]);
    const refetch = queue.afterFetch();
    release.get("a")!();
    await refetch;
    expect(queue.fetches).toEqual([2, 1]);
    expect([...release.keys()]).toEqual(["a", "b", "c"]);
    stop.abort();
    release.get("b")!();
    release.get("c")!();
    await loop.settled();
    expect(queue.completed.sort()).toEqual(["a", "b", "c"]);
  });

  it("fails the message of a handler that threw, so the queue delivers it again", async () => {
    const queue = memoryQueue();
    queue.send("broken");
    const stop = new AbortController();
    const firstFetch = queue.afterFetch();
    const loop = startFetchLoop({
      ...queue,
      handler: async () => Promise.reject(new Error("database away")),
      concurrency: 1,
      pollingMs: 60_000,
      onError: () => {},
      signal: stop.signal,
      sleep: neverEndingPoll,
    });
    await firstFetch;
    stop.abort();
    await loop.settled();
    expect(queue.failed).toEqual(["broken"]);
    expect(queue.completed).toEqual([]);
  });
});
