import { describe, expect, it } from "vitest";
import { breakJson, chooseFault, faultKinds, parseFaultOptions, truncateContent, violateSchema } from "./faults.ts";
import { createRandom } from "./random.ts";
import { matchesSchema } from "./schema-check.ts";

const schema = {
  type: "object",
  additionalProperties: false,
  required: ["title", "count"],
  properties: { title: { type: "string" }, count: { type: "integer" } },
};

describe("faults", () => {
  it("fires with rate 1 always, with rate 0 never, and picks only configured kinds", () => {
    const random = createRandom(1);
    for (let index = 0; index < 200; index++) {
      expect(chooseFault({ rate: 1, kinds: ["refusal"] }, random)).toBe("refusal");
      expect(chooseFault({ rate: 0, kinds: ["refusal"] }, random)).toBeUndefined();
    }
    const seen = new Set(Array.from({ length: 500 }, () => chooseFault({ rate: 1, kinds: [] }, random)));
    // low_quality is decided per lesson and only when named, never rolled for a request.
    expect(seen).toEqual(new Set(faultKinds.filter((kind) => kind !== "low_quality")));
  });

  it("breaks JSON so that it no longer parses", () => {
    for (let seed = 1; seed <= 50; seed++) {
      for (const content of ['{"title":"soil","count":3}', "12345", '"text"', "[1,2,3]"]) {
        expect(() => JSON.parse(breakJson(content, createRandom(seed)))).toThrow();
      }
    }
  });

  it("violates the schema with still-valid JSON", () => {
    const value = { title: "soil", count: 3 };
    expect(matchesSchema(value, schema, schema)).toBe(true);
    const violated = violateSchema(value, schema);
    expect(matchesSchema(violated, schema, schema)).toBe(false);
    expect(JSON.parse(JSON.stringify(violated))).toEqual(violated);
  });

  it("truncates to a strict prefix", () => {
    const content = "a".repeat(100);
    const cut = truncateContent(content, createRandom(3));
    expect(cut.length).toBeLessThan(content.length);
    expect(content.startsWith(cut)).toBe(true);
  });

  it("validates fault options", () => {
    expect(parseFaultOptions({ rate: 0.5, kinds: ["timeout", "timeout"] })).toEqual({ rate: 0.5, kinds: ["timeout"] });
    expect(() => parseFaultOptions({ rate: 2, kinds: [] })).toThrow(/rate/);
    expect(() => parseFaultOptions({ rate: 0.1, kinds: ["meteor"] })).toThrow(/kinds/);
  });
});
