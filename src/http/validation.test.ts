import { z } from "zod";
import { describe, expect, it } from "vitest";
import { CourseforgeError } from "../errors/index.ts";
import { findUnstorableText, parseInput, readJsonBody } from "./validation.ts";
import { CreateCourseBody } from "./schemas.ts";

function failure(run: () => unknown): { code: string; message: string; details: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    if (CourseforgeError.isInstance(error))
      return { code: error.code, message: error.message, details: { ...error.details } };
    throw error;
  }
  throw new Error("expected a failure");
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (CourseforgeError.isInstance(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a rejection");
}

function post(body: RequestInit["body"], headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/", {
    method: "POST",
    body,
    headers,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}

describe("parseInput", () => {
  it("fills defaults of a valid course request", () => {
    expect(parseInput(CreateCourseBody, { topic: " Tides " }, "body")).toEqual({
      topic: "Tides",
      audience: "general learners",
      level: "beginner",
      modules: 2,
      lessonsPerModule: 3,
      language: "en",
      reviewOutline: false,
    });
  });

  it("names an unknown field", () => {
    const result = failure(() => parseInput(CreateCourseBody, { topic: "Tides", lessonPerModule: 3 }, "body"));
    expect(result.code).toBe("INVALID_INPUT");
    expect(result.details.field).toBe("lessonPerModule");
    expect(result.message).toMatch(
      /^Invalid body: lessonPerModule: unknown field "lessonPerModule"; allowed fields are topic, .*reviewOutline/,
    );
  });

  it("names a field of the wrong type and lists every problem", () => {
    const result = failure(() =>
      parseInput(CreateCourseBody, { topic: "Tides", modules: "3", reviewOutline: "yes" }, "body"),
    );
    expect(result.details).toMatchObject({ location: "body", field: "modules" });
    expect(result.details.issues).toEqual([
      { field: "modules", message: expect.stringMatching(/modules must be a whole number from 1 to 12; got "3"/) },
      { field: "reviewOutline", message: expect.stringMatching(/reviewOutline must be true or false/) },
    ]);
    expect(result.message).toContain("(and 1 more problem)");
  });

  it("names the location when the whole value is wrong", () => {
    expect(failure(() => parseInput(CreateCourseBody, [1, 2], "body")).details.field).toBe("body");
    expect(failure(() => parseInput(z.strictObject({ id: z.string() }), {}, "path")).details).toMatchObject({
      location: "path",
      field: "id",
    });
  });
});

describe("readJsonBody", () => {
  it("reads JSON, with or without a content type; empty is undefined", async () => {
    expect(await readJsonBody(post('{"a":1}', { "content-type": "application/json; charset=utf-8" }), 100)).toEqual({
      a: 1,
    });
    expect(await readJsonBody(post("[true]", { "content-type": "application/vnd.api+json" }), 100)).toEqual([true]);
    expect(await readJsonBody(post("null"), 100)).toBeNull();
    expect(await readJsonBody(post(null), 100)).toBeUndefined();
    expect(await readJsonBody(post("  "), 100)).toBeUndefined();
  });

  it("refuses malformed JSON, bad UTF-8 and non-JSON content types", async () => {
    expect(await rejection(readJsonBody(post('{"a":'), 100))).toMatchObject({
      code: "MALFORMED_JSON",
      message: /not valid JSON/,
    });
    expect(await rejection(readJsonBody(post(new Uint8Array([0x7b, 0xff, 0x7d])), 100))).toMatchObject({
      code: "MALFORMED_JSON",
      message: /UTF-8/,
    });
    expect(
      await rejection(readJsonBody(post("a=1", { "content-type": "application/x-www-form-urlencoded" }), 100)),
    ).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
  });

  it("refuses a body over the limit, declared or streamed, without reading past it", async () => {
    expect(await rejection(readJsonBody(post("x".repeat(10), { "content-length": "101" }), 100))).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(40).fill(0x20));
      },
    });
    expect(await rejection(readJsonBody(post(endless), 100))).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(pulled).toBeLessThan(10);
    expect(await readJsonBody(post(`"${"x".repeat(98)}"`), 100)).toBe("x".repeat(98));
  });

  it("reads a body of declared length at once, and still refuses one longer than the limit whatever it declared", async () => {
    expect(await readJsonBody(post('{"a":2}', { "content-length": "7" }), 100)).toEqual({ a: 2 });
    expect(await rejection(readJsonBody(post(`"${"x".repeat(200)}"`, { "content-length": "10" }), 100))).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
  });
});

describe("text Postgres cannot store", () => {
  it("finds a NUL or a lone surrogate anywhere, values and keys, and names its path", () => {
    expect(findUnstorableText({ a: [{ b: "ok" }, { c: "x\u0000" }] })?.path).toEqual(["a", 1, "c"]);
    expect(findUnstorableText({ a: "\udfff" })?.problem).toMatch(/surrogate/);
    expect(findUnstorableText({ ["k\u0000"]: 1 })?.path).toEqual(["k\u0000"]);
    expect(findUnstorableText("\ud800")?.path).toEqual([]);
    // Paired surrogates (an emoji) and other control characters are storable text.
    expect(findUnstorableText({ a: "\u{1F30A} \u0001 tab\t", b: [1, true, null] })).toBeUndefined();
  });

  it("walks a deeply nested value without overflowing the stack", () => {
    let deep: unknown = "\u0000";
    for (let depth = 0; depth < 200_000; depth += 1) deep = [deep];
    const found = findUnstorableText(deep);
    expect(found?.problem).toMatch(/NUL/);
    expect(found?.path.length).toBe(33);
    expect(found?.path.at(-1)).toBe("…");
  });

  it("refuses it before the schema, as INVALID_INPUT naming the field", () => {
    const error = failure(() => parseInput(CreateCourseBody, { topic: "Ti\u0000des" }, "body"));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.details.field).toBe("topic");
    expect(error.message).toMatch(/^Invalid body: topic: contains a NUL character/);
  });
});
