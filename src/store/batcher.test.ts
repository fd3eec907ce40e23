import { describe, expect, it } from "vitest";
import { createBatcher } from "./batcher.ts";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("createBatcher", () => {
  it("hands the calls made together to one write, and each call its own result", async () => {
    const writes: number[][] = [];
    const double = createBatcher(async (inputs: readonly number[]) => {
      writes.push([...inputs]);
      return inputs.map((input) => input * 2);
    });
    expect(await Promise.all([double(1), double(2), double(3)])).toEqual([2, 4, 6]);
    expect(await double(4)).toBe(8);
    expect(writes).toEqual([[1, 2, 3], [4]]);
  });

  it("writes one batch at a time: calls made while a write is in flight wait for it, then go together", async () => {
    const started: number[][] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const echo = createBatcher(async (inputs: readonly number[]) => {
      started.push([...inputs]);
      if (started.length === 1) await firstHeld;
      return [...inputs];
    });
    const first = echo(1);
    await nextTurn();
    const later = [echo(2), echo(3)];
    await nextTurn();
    expect(started).toEqual([[1]]);
    releaseFirst();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3]);
    expect(started).toEqual([[1], [2, 3]]);
  });

  it("rejects every call of a batch whose write failed or answered the wrong number of results, and goes on with the next", async () => {
    let call = 0;
    const flaky = createBatcher(async (inputs: readonly string[]) => {
      call += 1;
      if (call === 1) throw new Error("database gone");
      if (call === 2) return [inputs[0]!];
      return [...inputs];
    });
    const failed = await Promise.allSettled([flaky("a"), flaky("b")]);
    expect(failed.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    const short = await Promise.allSettled([flaky("c"), flaky("d")]);
    expect(short.map((result) => (result.status === "rejected" ? String(result.reason) : "ok"))).toEqual([
      "Error: A batched write answered 1 results for 2 inputs.",
      "Error: A batched write answered 1 results for 2 inputs.",
    ]);
    expect(await flaky("e")).toBe("e");
  });
});
