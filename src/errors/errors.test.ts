import { describe, expect, it } from "vitest";
import { UserNotFoundError } from "../users/errors.ts";
import { AbortedError, CourseforgeError, InvalidInputError } from "./index.ts";
import type * as ErrorsModule from "./index.ts";

describe("CourseforgeError.isInstance", () => {
  it("is true for a Courseforge error made by another copy of the module (the brand is global)", async () => {
    // The same file under another URL is another module instance, with its own classes.
    const copyUrl = new URL("./index.ts?another-copy", import.meta.url).href;
    const copy = (await import(copyUrl)) as typeof ErrorsModule;
    const foreign = new copy.InvalidInputError("bad flag");
    expect(foreign).not.toBeInstanceOf(CourseforgeError);
    expect(CourseforgeError.isInstance(foreign)).toBe(true);
    expect(InvalidInputError.isInstance(foreign)).toBe(true);
  });

  it("is false for an error that only looks like one", () => {
    const lookalike = Object.assign(new Error("no"), { code: "INVALID_INPUT", retryable: false });
    expect(CourseforgeError.isInstance(lookalike)).toBe(false);
    expect(InvalidInputError.isInstance(lookalike)).toBe(false);
    expect(CourseforgeError.isInstance(undefined)).toBe(false);
  });

  it("checks a subclass's code: another Courseforge error is not one of it", () => {
    const aborted = new AbortedError();
    expect(CourseforgeError.isInstance(aborted)).toBe(true);
    expect(AbortedError.isInstance(aborted)).toBe(true);
    expect(InvalidInputError.isInstance(aborted)).toBe(false);
    expect(UserNotFoundError.isInstance(aborted)).toBe(false);
    expect(UserNotFoundError.isInstance(new UserNotFoundError({ id: "usr_1" }))).toBe(true);
  });
});
