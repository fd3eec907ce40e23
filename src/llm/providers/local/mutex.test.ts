import { describe, expect, it } from "vitest";
import { AbortedError } from "../../../errors/index.ts";
import { createMutex } from "./mutex.ts";

describe("createMutex", () => {
  it("runs tasks one at a time in arrival order", async () => {
    const mutex = createMutex();
    const events: string[] = [];
    let releaseFirst!: () => void;
    const signal = new AbortController().signal;
    const first = mutex.run(async () => {
      events.push("first:start");
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      events.push("first:end");
      return 1;
    }, signal);
    const second = mutex.run(async () => {
      events.push("second");
      return 2;
    }, signal);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(["first:start"]);
    releaseFirst();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(events).toEqual(["first:start", "first:end", "second"]);
  });

  it("rejects a waiting task on abort without running it, and keeps the queue moving", async () => {
    const mutex = createMutex();
    let releaseFirst!: () => void;
    const first = mutex.run(
      () => new Promise<string>((resolve) => (releaseFirst = () => resolve("done"))),
      new AbortController().signal,
    );
    const controller = new AbortController();
    let ran = false;
    const waiting = mutex.run(async () => void (ran = true), controller.signal);
    const third = mutex.run(async () => "third", new AbortController().signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    releaseFirst();
    expect(await first).toBe("done");
    expect(await third).toBe("third");
    expect(ran).toBe(false);
  });
});
