import { describe, expect, it } from "vitest";
import { AbortedError } from "../errors/index.ts";
import { PriorityLimiter } from "./scheduler.ts";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe("PriorityLimiter", () => {
  it("never runs more than its concurrency at once", async () => {
    const limiter = new PriorityLimiter(2);
    let active = 0;
    let peak = 0;
    const tasks = Array.from({ length: 7 }, () =>
      limiter.run(async () => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setImmediate(resolve));
        active -= 1;
      }),
    );
    await Promise.all(tasks);
    expect(peak).toBe(2);
    expect(limiter.running).toBe(0);
  });

  it("starts waiting tasks by priority, then in arrival order", async () => {
    const limiter = new PriorityLimiter(1);
    const gate = deferred();
    const order: string[] = [];
    const first = limiter.run(() => gate.promise);
    const runs = [
      limiter.run(async () => void order.push("low-1"), { priority: 0 }),
      limiter.run(async () => void order.push("high"), { priority: 5 }),
      limiter.run(async () => void order.push("low-2"), { priority: 0 }),
      limiter.run(async () => void order.push("mid"), { priority: 2 }),
    ];
    gate.resolve();
    await Promise.all([first, ...runs]);
    expect(order).toEqual(["high", "mid", "low-1", "low-2"]);
  });

  it("releases the slot when a task throws", async () => {
    const limiter = new PriorityLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limiter.run(async () => 7)).resolves.toBe(7);
  });

  it("drops a waiting task whose signal fires", async () => {
    const limiter = new PriorityLimiter(1);
    const gate = deferred();
    const holder = limiter.run(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const waiting = limiter.run(async () => void (ran = true), { signal: controller.signal });
    expect(limiter.waiting).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    expect(limiter.waiting).toBe(0);
    gate.resolve();
    await holder;
    expect(ran).toBe(false);
  });
});
