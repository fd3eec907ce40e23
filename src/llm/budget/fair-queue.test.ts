import { describe, expect, it } from "vitest";
import { FairQueue } from "./fair-queue.ts";

const teacher = (userId: string, urgency = 0) => ({ userId, priority: 20, urgency });
const student = (userId: string, urgency = 0) => ({ userId, priority: 10, urgency });

function drain(queue: FairQueue<string>, now = 0): string[] {
  const order: string[] = [];
  for (let grant = queue.shift(now); grant !== undefined; grant = queue.shift(now)) {
    order.push(grant.item);
    grant.finish(now);
  }
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
      for (const [name, queue] of [
        ["aging", aging],
        ["strict", strict],
      ] as const) {
        queue.push(`teacher@${now}`, teacher(`t${now % 3}`), 100, now);
        const grant = queue.shift(now)!;
        grant.finish(now);
        served[name].push(grant.item);
      }
    }
    expect(served.strict).not.toContain("student");
    expect(served.aging.indexOf("student")).toBe(10);
  });

  it("gives a user returning after a pause no credit for the time it was away", () => {
    const queue = new FairQueue<string>({ idleGraceMs: 2_000 });
    queue.push("a-early", teacher("a"), 1_000, 0);
    const early = queue.shift(0)!;
    expect(early.item).toBe("a-early");
    early.finish(0);
    for (let index = 0; index < 5; index++) queue.push(`b${index}`, teacher("b"), 1_000, 1);
    for (let index = 0; index < 3; index++) queue.shift(1)!.finish(1);
    // b has been served 3 000 tokens, a 1 000; a comes back long after and must not get 2 000
    // tokens' head start: it starts level with b.
    queue.push("a-late", teacher("a"), 1_000, 10_000);
    queue.push("a-later", teacher("a"), 1_000, 10_000);
    expect(drain(queue, 10_000)).toEqual(["b3", "a-late", "b4", "a-later"]);
  });

  it("keeps the standing of a user between two of its calls (within the grace period)", () => {
    const queue = new FairQueue<string>({ idleGraceMs: 2_000 });
    queue.push("a1", teacher("a"), 1_000, 0);
    queue.push("b1", teacher("b"), 1_000, 0);
    const [a1, b1] = [queue.shift(0)!, queue.shift(0)!];
    a1.finish(10);
    // a asks again at once and is served alone while b's call runs: a is 2 000 tokens ahead.
    for (let index = 2; index <= 3; index++) queue.push(`a${index}`, teacher("a"), 1_000, 20);
    queue.shift(20)!.finish(30);
    // b's call ends; it stores its answer and asks again 500 ms later, a in the meantime too.
    b1.finish(100);
    queue.push("a4", teacher("a"), 1_000, 400);
    for (let index = 2; index <= 3; index++) queue.push(`b${index}`, teacher("b"), 1_000, 600);
    expect(drain(queue, 600)).toEqual(["b2", "a3", "b3", "a4"]);
  });

  it("keeps the lead of a user who got ahead while it was alone when it asks again", () => {
    const queue = new FairQueue<string>({ idleGraceMs: 2_000 });
    for (let index = 1; index <= 3; index++) queue.push(`a${index}`, teacher("a"), 1_000, 0);
    // a is alone: it gets 3 000 tokens, then has nothing waiting or in flight for long.
    expect(drain(queue)).toEqual(["a1", "a2", "a3"]);
    for (let index = 1; index <= 3; index++) queue.push(`b${index}`, teacher("b"), 1_000, 5_000);
    queue.shift(5_000)!.finish(5_000);
    // b has had 1 000 tokens, a 3 000: a's next call waits until b has caught up.
    queue.push("a4", teacher("a"), 1_000, 6_000);
    expect(drain(queue, 6_000)).toEqual(["b2", "b3", "a4"]);
  });

  it("forgets a lead the others never caught up with once the lead memory has passed", () => {
    const run = (backAt: number) => {
      const queue = new FairQueue<string>({ idleGraceMs: 2_000, leadMemoryMs: 60_000 });
      for (let index = 1; index <= 3; index++) queue.push(`a${index}`, teacher("a"), 1_000, 0);
      drain(queue);
      // b arrives when a has gone quiet, with nothing served: a's lead of 3 000 tokens is remembered.
      queue.push("b1", teacher("b"), 1_000, backAt);
      queue.push("b2", teacher("b"), 1_000, backAt);
      queue.push("a4", teacher("a"), 1_000, backAt);
      return drain(queue, backAt);
    };
    expect(run(50_000)).toEqual(["b1", "b2", "a4"]);
    expect(run(200_000)).toEqual(["b1", "a4", "b2"]);
  });

  it("counts a user whose calls are all in flight as active: whoever was served alone meanwhile waits for it to catch up", () => {
    const queue = new FairQueue<string>();
    // Two courses start: each has its outline in flight.
    queue.push("a-outline", teacher("a"), 1_000, 0);
    queue.push("b-outline", teacher("b"), 1_000, 0);
    const outlines = [queue.shift(0)!, queue.shift(0)!];
    // a's outline answers first and its four lessons are granted while b's outline still runs.
    outlines[0]!.finish(5_000);
    for (let index = 1; index <= 4; index++) queue.push(`a-lesson${index}`, teacher("a"), 1_000, 5_010);
    const aLessons = [1, 2, 3, 4].map(() => queue.shift(5_010)!);
    expect(aLessons.map((grant) => grant.item)).toEqual(["a-lesson1", "a-lesson2", "a-lesson3", "a-lesson4"]);
    // Then b's outline answers; a's quizzes queue as its lessons answer.
    outlines[1]!.finish(6_000);
    for (let index = 1; index <= 4; index++) queue.push(`b-lesson${index}`, teacher("b"), 1_000, 6_010);
    for (const grant of aLessons) grant.finish(7_000);
    for (let index = 1; index <= 2; index++) queue.push(`a-quiz${index}`, teacher("a"), 1_000, 7_010);
    // b was active all along (its outline in flight): it is served until level with a, then they alternate.
    expect(drain(queue, 7_010)).toEqual(["b-lesson1", "b-lesson2", "b-lesson3", "b-lesson4", "a-quiz1", "a-quiz2"]);
  });

  it("ages a starved class above a higher one, but within a class an old call does not jump the fair order", () => {
    const queue = new FairQueue<string>({ agingMs: 1_000 });
    queue.push("student", student("s"), 1_000, 0);
    queue.push("b0", teacher("b"), 1_000, 0);
    for (let index = 1; index <= 4; index++) queue.push(`a${index}`, teacher("a"), 1_000, 0);
    // b's first call stays in flight while a is served twice.
    const inFlight = queue.shift(0)!;
    expect(inFlight.item).toBe("b0");
    for (const expected of ["a1", "a2"]) {
      const grant = queue.shift(0)!;
      expect(grant.item).toBe(expected);
      grant.finish(0);
    }
    inFlight.finish(4_900);
    queue.push("b1", teacher("b"), 1_000, 5_000);
    queue.push("b2", teacher("b"), 1_000, 5_000);
    // At 5 000 ms the student and a3, a4 are past the aging limit: the student's class goes first
    // (its entry is the oldest); among teachers b, served 1 000 tokens against a's 2 000, goes first.
    expect(drain(queue, 5_000)).toEqual(["student", "b1", "a3", "b2", "a4"]);
  });

  it("forgets an entry removed while waiting", () => {
    const queue = new FairQueue<string>();
    const ticket = queue.push("gone", teacher("a"), 1, 0);
    queue.push("kept", teacher("b"), 1, 0);
    expect(queue.remove(ticket, 0)).toBe(true);
    expect(queue.remove(ticket, 0)).toBe(false);
    expect(queue.size).toBe(1);
    expect(drain(queue)).toEqual(["kept"]);
  });

  it("peek names the entry the next grant is, and taking it charges its user as shift does", () => {
    const queue = new FairQueue<string>();
    queue.push("a1", teacher("a"), 3_000, 0);
    queue.push("a2", teacher("a"), 3_000, 0);
    queue.push("b1", teacher("b"), 1_000, 0);
    const head = queue.peek(0)!;
    expect(head.item).toBe("a1");
    expect(queue.size).toBe(3);
    head.take().finish(0);
    // a has had 3 000 tokens: b goes next, then a again once b's 1 000 leave it still behind.
    expect(queue.peek(0)!.item).toBe("b1");
    expect(() => head.take()).toThrow(/no longer waiting/);
    expect(queue.size).toBe(2);
    expect(drain(queue)).toEqual(["b1", "a2"]);
  });
});
