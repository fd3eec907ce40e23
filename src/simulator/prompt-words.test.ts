import { describe, expect, it } from "vitest";
import { extractPromptWords, fallbackWords } from "./prompt-words.ts";

describe("extractPromptWords", () => {
  it("keeps the topic words of the last user message and the system message, most frequent first", () => {
    const words = extractPromptWords([
      { role: "system", content: "You are an expert teacher of TypeScript." },
      { role: "user", content: "Old request about gardening." },
      { role: "assistant", content: "Sure." },
      { role: "user", content: "Write a lesson about generics: generics make functions reusable. Return JSON." },
    ]);
    expect(words[0]).toBe("generics");
    expect(words).toContain("TypeScript");
    expect(words).toContain("reusable");
    expect(words).not.toContain("gardening");
    expect(words).not.toContain("lesson");
    expect(words).not.toContain("json");
  });

  it("falls back to generic words for an empty prompt", () => {
    expect(extractPromptWords([{ role: "user", content: "a b c" }])).toEqual(fallbackWords);
  });
});
