import { describe, expect, it } from "vitest";
import { courseToMarkdown, demoteHeadings, oneLine } from "./markdown.ts";
import { sampleCourse } from "../../test/support/course-fixtures.ts";

describe("courseToMarkdown", () => {
  const course = sampleCourse();
  const markdown = courseToMarkdown(course);
  const headings = markdown.split("\n").filter((line) => /^#{1,6} /.test(line));

  it("starts with the course title and description", () => {
    expect(markdown.startsWith(`# ${course.title}\n\n${course.description}\n`)).toBe(true);
    expect(markdown).toContain("*Audience:* high-school students");
    expect(markdown).toContain("Simulated course");
  });

  it("has one heading per module and lesson, with their titles, in order", () => {
    expect(headings.filter((line) => line.startsWith("## ") || line.startsWith("### "))).toEqual([
      "## Module 1: Module 1 title",
      "### Lesson 1.1: Lesson 1.1 title",
      "### Lesson 1.2: Lesson 1.2 title",
      "## Module 2: Module 2 title",
      "### Lesson 2.1: Lesson 2.1 title",
      "### Lesson 2.2: Lesson 2.2 title",
    ]);
  });

  it("contains every objective, section body, key term and quiz question", () => {
    for (const lesson of course.modules.flatMap((module) => module.lessons)) {
      for (const objective of lesson.objectives) expect(markdown).toContain(`- ${objective.text}`);
      for (const keyTerm of lesson.keyTerms) expect(markdown).toContain(`- **${keyTerm.term}**: ${keyTerm.definition}`);
      for (const question of lesson.quiz.questions) {
        expect(markdown).toContain(question.prompt);
        expect(markdown).toContain(question.explanation);
      }
    }
    expect(markdown).toContain("Follow one photon:");
  });

  it("puts each lesson's sections, quiz and answers in that order, answers with letters and explanations", () => {
    const lesson = markdown.slice(markdown.indexOf("### Lesson 1.1"), markdown.indexOf("### Lesson 1.2"));
    const order = [
      "#### Objectives",
      "#### Why it matters",
      "#### Light reactions",
      "#### Takeaways",
      "#### Key terms",
      "#### Quiz",
      "#### Answers",
    ];
    expect(order.map((heading) => lesson.indexOf(heading))).toEqual(
      [...order.map((heading) => lesson.indexOf(heading))].sort((a, b) => a - b),
    );
    expect(order.every((heading) => lesson.includes(heading))).toBe(true);
    const answers = lesson.slice(lesson.indexOf("#### Answers"));
    expect(answers).toContain("**1.** B. Thylakoid membrane");
    expect(answers).toContain("**2.** A. Glucose; B. Oxygen");
    expect(answers).toContain("**3.** False");
    expect(answers).toContain("**4.** chlorophyll / chlorophyll a");
    expect(answers).toContain("It uses ATP and NADPH.");
    expect(lesson.slice(lesson.indexOf("#### Quiz"), lesson.indexOf("#### Answers"))).toContain("- C. Nucleus");
  });

  it("keeps body headings below the section heading and leaves code alone", () => {
    expect(markdown).toContain("##### Where");
    expect(markdown).toContain("```python\n# not a heading\n");
  });

  it("does not let titles break headings", () => {
    const broken = sampleCourse();
    broken.title = "## Photosynthesis\nfor everyone";
    broken.modules[0]!.lessons[0]!.title = "# Light\n\n# Dark ##";
    const text = courseToMarkdown(broken);
    expect(text.startsWith("# Photosynthesis for everyone\n")).toBe(true);
    expect(text).toContain("### Lesson 1.1: Light # Dark \\##\n");
  });

  it("is deterministic", () => {
    expect(courseToMarkdown(sampleCourse())).toBe(markdown);
  });
});

describe("oneLine", () => {
  it("collapses white space, strips leading # and escapes a closing run of #", () => {
    expect(oneLine("  ### Title \n with\tbreaks  ")).toBe("Title with breaks");
    expect(oneLine("Learn C# fast")).toBe("Learn C# fast");
    expect(oneLine("Title ##")).toBe("Title \\##");
    expect(oneLine(" # ")).toBe("Untitled");
  });
});

describe("demoteHeadings", () => {
  it("shifts headings so the highest is at the given level, capped at 6", () => {
    expect(demoteHeadings("# A\ntext\n### B\n#hashtag", 5)).toBe("##### A\ntext\n###### B\n#hashtag");
  });

  it("leaves bodies without headings, or with headings low enough, unchanged", () => {
    expect(demoteHeadings("text\n###### deep", 5)).toBe("text\n###### deep");
    expect(demoteHeadings("~~~\n# code\n~~~", 5)).toBe("~~~\n# code\n~~~");
  });
});
