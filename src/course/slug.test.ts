import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { slugOf } from "./slug.ts";

describe("slugOf", () => {
  it("keeps the letters of every script, lowercased, words joined by dashes", () => {
    expect(slugOf("Volcanoes of Iceland")).toBe("volcanoes-of-iceland");
    expect(slugOf("Photosynthèse & Respiration")).toBe("photosynthese-respiration");
    expect(slugOf("Árvíztűrő tükörfúrógép")).toBe("arvizturo-tukorfurogep");
    expect(slugOf("Фотосинтез для школьников")).toBe("фотосинтез-для-школьников");
    expect(slugOf("光合作用")).toBe("光合作用");
    expect(slugOf("Ελληνική ιστορία")).toBe("ελληνική-ιστορία");
    expect(slugOf("العربية للمبتدئين")).toBe("العربية-للمبتدئين");
    // Devanagari vowel signs are combining marks and part of the word.
    expect(slugOf("प्रकाश संश्लेषण")).toBe("प्रकाश-संश्लेषण");
    expect(slugOf("🌋 Volcanoes 101!")).toBe("volcanoes-101");
  });

  it("returns undefined when no letter or digit is left, so the caller uses the course id", () => {
    expect(slugOf("🌋🔥")).toBeUndefined();
    expect(slugOf(" ... ")).toBeUndefined();
  });

  it("never makes a path: no separators, no dots, no leading or trailing dash, at most 60 characters and 200 bytes", () => {
    expect(slugOf("../../etc/passwd")).toBe("etc-passwd");
    expect(slugOf("東".repeat(100))).toBe("東".repeat(60));
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (text) => {
        const slug = slugOf(text);
        if (slug === undefined) return;
        expect(slug).not.toMatch(/[/\\.:\s]|^-|-$/);
        expect([...new Intl.Segmenter("und", { granularity: "grapheme" }).segment(slug)].length).toBeLessThanOrEqual(
          60,
        );
        expect(Buffer.byteLength(slug)).toBeLessThanOrEqual(200);
      }),
    );
  });
});
