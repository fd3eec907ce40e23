import { describe, expect, it } from "vitest";
import { CourseforgeError } from "../errors/index.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";

describe("course list cursors", () => {
  it("round-trips a keyset position", () => {
    const key = { createdAtKey: "2025-03-04T05:06:07.123456Z", id: "crs_abc" };
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(key);
  });

  it("refuses anything else as a 400 naming cursor", () => {
    for (const bad of [
      "",
      "abc",
      encodeCursor({ createdAtKey: "yesterday", id: "crs_a" }),
      Buffer.from('["2025-03-04T05:06:07.123456Z", 5]').toString("base64url"),
    ]) {
      try {
        decodeCursor(bad);
        expect.unreachable(bad);
      } catch (error) {
        expect(CourseforgeError.isInstance(error) && error.code).toBe("INVALID_INPUT");
        expect((error as CourseforgeError).details.field).toBe("cursor");
      }
    }
  });
});
