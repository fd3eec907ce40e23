import { describe, expect, it } from "vitest";
import { FairQueue } from "./fair-queue.ts";

const teacher = (userId: string, urgency = 0) => ({ userId, priority: 20, urgency });
const student = (userId: string, urgency = 0) => ({ userId, priority: 10, urgency });

function drain(queue: FairQueue<string>, now = 0): string[] {
  const order: string[] = [];
  for (let item = queue.shift(now); item !== undefined; item = queue.shift(now)) order.push(item);
  return order;
}

describe("FairQueue", () => {
  it("grants a user with one call within the first grants although another user queued 20 before it", () => {
    const queue = new FairQueue<string>();
    for (let index = 0; index < 20; index++) queue.push(`a${index}`, teacher("a"), 1_000, 0);
    queue.push("b0", teacher("b"), 1_000, 1);
    const order = drain(queue);
    expect(order.indexOf("b0")).toBeLessThanOrEqual(1);
    expect(order.filter((item) => item.startsWith("a"))).toEqual(Array.from({ length: 20 }, (_, index) => `a${index}`));
  });

  it("shares by tokens, not by calls: a user of small calls gets more of them", () => {
    const queue = new FairQueue<string>();
    for (let index = 0; index < 10; index++) queue.push(`big${index}`, teacher("big"), 4_000, 0);
    for (let index = 0; index < 40; index++) queue.push(`small${index}`, teacher("small"), 1_000, 0);
    const firstTwenty = drain(queue).slice(0, 20);
    // 4 000 tokens a call against 1 000: about four small calls per big one.
    expect(firstTwenty.filter((item) => item.startsWith("big")).length).toBe(4);
  });

  it("serves a higher role class first, and a user's most urgent call first", () => {
    const queue = new FairQueue<string>();
    queue.push("student-quiz", student("s", 1), 100, 0);
    queue.push("student-lesson", student("s", 2), 100, 1);
    queue.push("teacher-quiz", teacher("t", 1), 100, 2);
    queue.push("teacher-outline", teacher("t", 3), 100, 3);
    expect(drain(queue)).toEqual(["teacher-outline", "teacher-quiz", "student-lesson", "student-quiz"]);
  });

  it("does not starve a lower class: an entry older than the aging limit goes before younger higher-class entries", () => {
    const aging = new FairQueue<string>({ agingMs: 1_000 });
    const strict = new FairQueue<string>();
    for (const queue of [aging, strict]) queue.push("student", student("s"), 100, 0);
    const served = { aging: [] as string[], strict: [] as string[] };
    // Teachers keep the queue busy: one new call per 100 ms, one grant per 100 ms.
    for (let now = 0; now <= 3_000; now += 100) {
      for (const [name, queue] of [["aging", aging], ["strict", strict]] as const) {
        queue.push(`teacher@${now}`, teacher(`t${now % 3}`), 100, now);
        served[name].push(queue.shift(now)!);
      }
    }
    expect(served.strict).not.toContain("student");
    expect(served.aging.indexOf("student")).toBe(10);
  });

  it("gives a user returning after a pause no credit for the time it was away", () => {
    const queue = new FairQueue<string>();
    queue.push("a-early", teacher("a"), 1_000, 0);
    expect(queue.shift(0)).toBe("a-early");
    for (let index = 0; index < 5; index++) queue.push(`b${index}`, teacher("b"), 1_000, 1);
    for (let index = 0; index < 3; index++) queue.shift(1);
    // b has been served 3 000 tokens, a 1 000; a comes back and must not get 2 000 tokens' head start.
    queue.push("a-late", teacher("a"), 1_000, 2);
    queue.push("a-later", teacher("a"), 1_000, 2);
    expect(drain(queue, 2)).toEqual(["a-late", "b3", "a-later", "b4"]);
  });

  it("forgets an entry removed while waiting", () => {
    const queue = new FairQueue<string>();
    const ticket = queue.push("gone", teacher("a"), 1, 0);
    queue.push("kept", teacher("b"), 1, 0);
    expect(queue.remove(ticket)).toBe(true);
    expect(queue.remove(ticket)).toBe(false);
    expect(queue.size).toBe(1);
    expect(drain(queue)).toEqual(["kept"]);
  });
});
