import { describe, expect, it } from "vitest";
import { newId } from "./ids.ts";

describe("newId", () => {
  it("makes distinct ids with their prefix and 20 hex digits", () => {
    const ids = Array.from({ length: 200 }, () => newId("job"));
    for (const id of ids) expect(id).toMatch(/^job_[0-9a-f]{20}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(newId("crs")).toMatch(/^crs_[0-9a-f]{20}$/);
  });
});
