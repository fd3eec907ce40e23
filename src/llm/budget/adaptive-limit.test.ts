import { describe, expect, it } from "vitest";
import { AbortedError } from "../../errors/index.ts";
import { AdaptiveLimit } from "./adaptive-limit.ts";

const signal = new AbortController().signal;

describe("AdaptiveLimit", () => {
  it("grows by one after enough successes and halves once per burst of overloads", async () => {
    const limit = new AdaptiveLimit({ initial: 4, min: 1, max: 16, increaseAfter: 2 });
    for (let index = 0; index < 2; index++) (await limit.acquire(signal))("success");
    expect(limit.limit).toBe(5);
    const burst = await Promise.all([limit.acquire(signal), limit.acquire(signal), limit.acquire(signal)]);
    for (const release of burst) release("overload");
    expect(limit.limit).toBe(2);
    (await limit.acquire(signal))("overload");
    expect(limit.limit).toBe(1);
    (await limit.acquire(signal))("overload");
    expect(limit.limit).toBe(1);
  });

  it("makes callers over the limit wait for a slot, and lets them go on abort", async () => {
    const limit = new AdaptiveLimit({ initial: 1, min: 1, max: 4, increaseAfter: 100 });
    const first = await limit.acquire(signal);
    let secondStarted = false;
    const second = limit.acquire(signal).then((release) => {
      secondStarted = true;
      return release;
    });
    const controller = new AbortController();
    const third = limit.acquire(controller.signal);
    await Promise.resolve();
    expect(secondStarted).toBe(false);
    controller.abort();
    await expect(third).rejects.toBeInstanceOf(AbortedError);
    first("other");
    (await second)("success");
    expect(secondStarted).toBe(true);
    expect(limit.inFlight).toBe(0);
  });
});
