import { describe, expect, it } from "vitest";
import { safeUrl } from "./markdown.tsx";

describe("safeUrl", () => {
  it("keeps http(s), mailto, fragments and relative links", () => {
    for (const url of [
      "https://example.com/a?b=c",
      "http://example.com",
      "mailto:ada@example.com",
      "#m1-l1-s2",
      "/courses/crs_1",
      "notes.html",
      "./a",
      "../b",
    ]) {
      expect(safeUrl(url), url).toBe(url);
    }
  });

  it("drops script, data and protocol-relative URLs, however they are disguised", () => {
    for (const url of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " javascript:alert(1)",
      "java\tscript:alert(1)",
      "java\nscript:alert(1)",
      "\u0001javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "//evil.example/x",
      "",
    ]) {
      expect(safeUrl(url), JSON.stringify(url)).toBeUndefined();
    }
  });
});
