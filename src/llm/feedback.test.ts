import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeZodIssues, feedbackMessages, formatPath, maxEchoedAnswerLength } from "./feedback.ts";

function issuesOf(schema: z.ZodType, data: unknown) {
  const result = schema.safeParse(data);
  if (result.success) throw new Error("expected a failure");
  return describeZodIssues(result.error.issues, data);
}

describe("formatPath", () => {
  it("writes paths as code does", () => {
    expect(formatPath([])).toBe("(root)");
    expect(formatPath(["modules", 1, "lessons"])).toBe("modules[1].lessons");
    expect(formatPath([0, "odd key"])).toBe('[0]["odd key"]');
  });
});

describe("describeZodIssues", () => {
  it("states bounds with what the model actually wrote", () => {
    const schema = z.object({ title: z.string().max(5), items: z.array(z.number()).min(2), score: z.number().max(10) });
    expect(issuesOf(schema, { title: "too long", items: [1], score: 11 })).toEqual([
      { path: ["title"], message: "expected at most 5 characters, got 8" },
      { path: ["items"], message: "expected at least 2 items, got 1" },
      { path: ["score"], message: "expected a number <= 10, got 11" },
    ]);
  });

  it("names missing properties, wrong types and wrong enum values", () => {
    const schema = z.object({ level: z.enum(["easy", "hard"]), count: z.number(), name: z.string() });
    expect(issuesOf(schema, { level: "medium", count: "3" })).toEqual([
      { path: ["level"], message: 'expected one of "easy", "hard", got the string "medium"' },
      { path: ["count"], message: 'expected number, got the string "3"' },
      { path: ["name"], message: "expected string, got nothing (the property is missing)" },
    ]);
  });

  it("reports the closest branch of a union under the union's path", () => {
    const question = z.union([
      z.object({ kind: z.literal("choice"), options: z.array(z.string()).min(2) }),
      z.object({ kind: z.literal("open"), answer: z.string() }),
    ]);
    const issues = issuesOf(z.object({ questions: z.array(question) }), {
      questions: [{ kind: "choice", options: ["only one"] }],
    });
    expect(issues).toEqual([{ path: ["questions", 0, "options"], message: "expected at least 2 items, got 1" }]);
  });
});

describe("feedbackMessages", () => {
  const original = [{ role: "user" as const, content: "Make a quiz." }];
  it("appends the rejected answer and a list of failing paths", () => {
    const messages = feedbackMessages(original, '{"a":1}', [{ path: ["a"], message: "expected string, got number 1" }]);
    expect(messages).toHaveLength(3);
    expect(messages[1]).toEqual({ role: "assistant", content: '{"a":1}' });
    expect(messages[2]?.content).toContain("- a: expected string, got number 1");
    expect(messages[2]?.content).toContain("complete corrected JSON");
  });

  it("keeps the head and tail of a very long answer and skips an empty one", () => {
    const long = `HEAD${"x".repeat(maxEchoedAnswerLength * 2)}TAIL`;
    const echoed = feedbackMessages(original, long, [])[1]!.content;
    expect(echoed.length).toBeLessThan(maxEchoedAnswerLength + 100);
    expect(echoed.startsWith("HEAD")).toBe(true);
    expect(echoed.endsWith("TAIL")).toBe(true);
    expect(feedbackMessages(original, "  ", []).map((message) => message.role)).toEqual(["user", "user"]);
  });
});
