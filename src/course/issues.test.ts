import { z } from "zod";
import { describe, expect, it } from "vitest";
import { formatIssuePath, formatIssues, issuesFromZod } from "./issues.ts";

const question = z.union([
  z.strictObject({ type: z.literal("single_choice"), prompt: z.string(), correctOptionIndex: z.int() }),
  z.strictObject({ type: z.literal("true_false"), statement: z.string(), answer: z.boolean() }),
]);
const quiz = z.strictObject({ questions: z.array(question) });

function issuesOf(value: unknown) {
  const result = quiz.safeParse(value);
  if (result.success) throw new Error("expected a failure");
  return issuesFromZod(result.error);
}

describe("issuesFromZod", () => {
  it("reports the failing field of the union branch whose type matched", () => {
    expect(issuesOf({ questions: [{ type: "true_false", statement: "Water is wet.", answer: "yes" }] })).toEqual([
      { path: ["questions", 0, "answer"], message: expect.stringContaining("expected boolean") },
    ]);
  });

  it("reports an unknown type at the type field, listing the types", () => {
    expect(issuesOf({ questions: [{ type: "essay", prompt: "Discuss." }] })).toEqual([
      { path: ["questions", 0, "type"], message: `expected one of "single_choice", "true_false"` },
    ]);
  });

  it("reports each unknown key at its own path", () => {
    const issues = issuesOf({ questions: [], extra: 1, more: 2 });
    expect(issues.map((issue) => issue.path)).toEqual([["extra"], ["more"]]);
    expect(issues[0]?.message).toMatch(/^unknown field "extra"/);
  });

  it("reports an unknown key inside the matched union branch", () => {
    const issues = issuesOf({
      questions: [{ type: "single_choice", prompt: "Why?", correctOptionIndex: 0, hint: "x" }],
    });
    expect(issues.map((issue) => issue.path)).toEqual([["questions", 0, "hint"]]);
  });
});

describe("formatIssues", () => {
  it("renders paths with dots and brackets, one issue per line", () => {
    expect(formatIssuePath(["modules", 0, "lessons", 1, "quiz", "questions", 2, "correctOptionId"])).toBe(
      "modules[0].lessons[1].quiz.questions[2].correctOptionId",
    );
    expect(formatIssuePath([])).toBe("(root)");
    expect(formatIssuePath([3, "title"])).toBe("[3].title");
    expect(
      formatIssues([
        { path: ["title"], message: "must not be blank" },
        { path: [], message: "bad" },
      ]),
    ).toBe("title: must not be blank\n(root): bad");
  });
});
