import { describe, expect, it } from "vitest";
import { createStreamSlots, TooManyStreamsError } from "./stream-slots.ts";

describe("createStreamSlots", () => {
  it("refuses a user's stream beyond the cap, counts users apart, and frees a slot once per release", () => {
    const slots = createStreamSlots(2);
    const first = slots.take("alice");
    slots.take("alice");
    expect(() => slots.take("alice")).toThrowError(TooManyStreamsError);
    expect(slots.open("alice")).toBe(2);
    const bob = slots.take("bob");
    expect(slots.open("bob")).toBe(1);
    first();
    first();
    expect(slots.open("alice")).toBe(1);
    slots.take("alice");
    expect(() => slots.take("alice")).toThrowError(/2 event streams open/);
    bob();
    expect(slots.open("bob")).toBe(0);
  });

  it("says when to retry", () => {
    const error = new TooManyStreamsError(5);
    expect(error.code).toBe("TOO_MANY_STREAMS");
    expect(error.details).toEqual({ limit: 5, retryAfterMs: 10_000 });
  });
});
