import { describe, expect, it } from "vitest";
import { SlidingWindow } from "./sliding-window.ts";

describe("SlidingWindow", () => {
  it("lets the capacity through at once, then waits for the oldest reservations to leave the window (plus the margin)", () => {
    const window = new SlidingWindow(1_000, { windowMs: 60_000, marginMs: 100 });
    window.take(600, 0);
    window.take(400, 10_000);
    expect(window.level(10_000)).toBe(0);
    // 300 more fit once the 600 of t=0 have left: at 60 100 ms, not earlier as a refilled bucket would allow.
    expect(window.waitMs(300, 30_000)).toBe(60_100 - 30_000 + 1);
    expect(window.waitMs(300, 60_101)).toBe(0);
    expect(window.level(60_101)).toBe(600);
    // An amount over the capacity waits for an empty window only.
    expect(window.waitMs(5_000, 70_101)).toBe(0);
  });

  it("counts a reservation for the window plus a small default margin: 0.25 %, at least 50 ms", () => {
    const short = new SlidingWindow(1_000, { windowMs: 15_000 });
    short.take(1_000, 0);
    expect(short.waitMs(1, 0)).toBe(15_050 + 1);
    expect(short.level(15_049)).toBe(0);
    expect(short.level(15_050)).toBe(1_000);
    const minute = new SlidingWindow(1_000, { windowMs: 60_000 });
    minute.take(1_000, 0);
    expect(minute.waitMs(1, 0)).toBe(60_150 + 1);
  });

  it("gives back refunds, counts what other clients spent from the provider's remaining, and pauses after a refusal", () => {
    const window = new SlidingWindow(1_000, { windowMs: 60_000, marginMs: 0 });
    const entry = window.take(500, 0);
    window.refund(entry, 200);
    expect(window.level(0)).toBe(700);
    // The provider said 500 were left when our request of t=0 reached it: others spent 200 then.
    window.correct({ remaining: 500 }, 5_000, 0);
    expect(window.level(5_000)).toBe(500);
    window.correct({ remaining: 500 }, 6_000, 0);
    expect(window.level(6_000)).toBe(500);
    window.drain(6_000, 2_000);
    expect(window.waitMs(1, 6_000)).toBe(2_000);
    expect(window.waitMs(1, 8_000)).toBe(0);
    window.correct({ limit: 2_000 }, 8_000);
    expect(window.level(8_000)).toBe(1_500);
  });

  it("counts a reservation from when the provider accepted it, with the small margin of an exact time, so it leaves the window when it leaves the provider's", () => {
    const window = new SlidingWindow(1_000, { windowMs: 10_000, marginMs: 100, acceptedMarginMs: 10 });
    const late = window.take(1_000, 0);
    // Unanswered: counted from when it was reserved, plus the transit margin.
    expect(window.waitMs(1, 0)).toBe(10_100 + 1);
    window.move(late, 3_000);
    expect(window.waitMs(1, 10_001)).toBe(3_010);
    // Never earlier than reserved; an answer that says "accepted at once" still shortens the margin.
    window.move(late, 1_000);
    expect(window.waitMs(1, 13_001)).toBe(10);
    expect(window.waitMs(1, 13_011)).toBe(0);
    const other = new SlidingWindow(1_000, { windowMs: 10_000, marginMs: 100, acceptedMarginMs: 10 });
    const answered = other.take(600, 0);
    other.take(400, 0);
    other.move(answered, 0);
    // The answered 600 leave at 10 010, the unanswered 400 at 10 100.
    expect(other.waitMs(600, 5_000)).toBe(5_010 + 1);
    expect(other.waitMs(700, 5_000)).toBe(5_100 + 1);
  });
});
