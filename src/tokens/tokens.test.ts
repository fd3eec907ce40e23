import { describe, expect, it } from "vitest";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { countChatTokens, countTextTokens, encodeTexts } from "./index.ts";

// The tokenizer itself, without the module's memory of long texts: what every count must equal.
const encodeText = (text: string) => encode(text);

// A long text (over the cache's minimum length) made of distinct words.
const longText = (seed: string) =>
  Array.from({ length: 200 }, (_, index) => `${seed}${index} lesson objective`).join(" ");

describe("countChatTokens", () => {
  it("counts each message's tokens plus OpenAI's per-message and reply overhead", () => {
    const messages = [
      { role: "system" as const, content: "You write courses." },
      { role: "user" as const, content: longText("alpha") },
    ];
    const expected =
      3 +
      messages.reduce(
        (total, message) => total + 3 + encodeText(message.role).length + encodeText(message.content).length,
        0,
      );
    expect(countChatTokens(messages)).toBe(expected);
  });

  it("counts a long text seen before the same as the first time, and a text differing in one character as itself", () => {
    const prefix = longText("beta");
    const first = countChatTokens([{ role: "user", content: prefix }]);
    expect(countChatTokens([{ role: "user", content: prefix }])).toBe(first);
    // Same length, the last character changed; then a few words more: each counted as itself.
    for (const other of [`${prefix.slice(0, -1)}s`, `${prefix} and a closing sentence with more words`]) {
      expect(countChatTokens([{ role: "user", content: other }])).toBe(
        3 + 3 + encodeText("user").length + encodeText(other).length,
      );
    }
    expect(countTextTokens(`${prefix} and a closing sentence with more words`)).toBeGreaterThan(
      countTextTokens(prefix),
    );
  });
});

describe("encodeTexts", () => {
  it("encodes each text on its own, the same the second time, and hands out a copy the caller may change", () => {
    const texts = [longText("gamma"), "<|user|>a short task<|end|>", longText("delta")];
    const expected = texts.flatMap((text) => encodeText(text));
    const first = encodeTexts(texts);
    expect(first).toEqual(expected);
    first.fill(0);
    expect(encodeTexts(texts)).toEqual(expected);
    expect(encodeTexts([texts[0]!, longText("epsilon")])).toEqual([
      ...encodeText(texts[0]!),
      ...encodeText(longText("epsilon")),
    ]);
  });
});
