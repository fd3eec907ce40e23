import { describe, expect, it } from "vitest";
import { extractPromptWords, fallbackWords } from "./prompt-words.ts";

describe("extractPromptWords", () => {
  it("keeps the words of the user messages, the first (the brief) weighing most, and skips task wording and ids", () => {
    const words = extractPromptWords([
      { role: "system", content: "You are an expert teacher of TypeScript." },
      { role: "user", content: "Topic: generics in TypeScript. Lesson m1-l2-o1 covers reusable functions." },
      { role: "user", content: "Write a lesson about variance: return JSON." },
      { role: "assistant", content: "{}" },
      { role: "user", content: "Fix modules[0].title: too long." },
    ]);
    expect(words.slice(0, 2)).toEqual(["generics", "TypeScript"]);
    expect(words).toContain("variance");
    expect(words).not.toContain("expert");
    expect(words).not.toContain("lesson");
    expect(words).not.toContain("json");
    expect(words.some((word) => /\d/.test(word))).toBe(false);
  });

  it("reads the system message only when the user messages offer too few words", () => {
    const words = extractPromptWords([
      { role: "system", content: "You are an expert teacher of astronomy, telescopes and planets." },
      { role: "user", content: "Go on." },
    ]);
    expect(words).toContain("astronomy");
  });

  it("falls back to generic words for an empty prompt", () => {
    expect(extractPromptWords([{ role: "user", content: "a b c" }])).toEqual(fallbackWords);
  });
});
