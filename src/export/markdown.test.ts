import { describe, expect, it } from "vitest";
import MarkdownIt from "markdown-it";
import { courseToMarkdown, demoteHeadings } from "./markdown.ts";
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
    expect(text.startsWith("# \\#\\# Photosynthesis for everyone\n")).toBe(true);
    expect(text).toContain("### Lesson 1.1: \\# Light \\# Dark \\#\\#\n");
    const rendered = new MarkdownIt().render(text);
    expect(rendered).toContain("<h1>## Photosynthesis for everyone</h1>");
    expect(rendered).toContain("<h3>Lesson 1.1: # Light # Dark ##</h3>");
  });

  it("escapes user text and strips raw HTML and unsafe links from model text", () => {
    const hostile = sampleCourse();
    hostile.topic = "<script>alert('topic')</script>";
    hostile.audience = "<img src=x onerror=alert('audience')>";
    hostile.title = "[Edited](javascript:alert('title'))";
    const lesson = hostile.modules[0]!.lessons[0]!;
    lesson.objectives[0]!.text = "<b onmouseover=alert(1)>objective</b>";
    lesson.sections[0]!.body =
      "<script>alert('body')</script>\n\n[click](javascript:alert('link')) <a href=\"javascript:alert(2)\">raw</a> <javascript:alert(3)>\n\n[ref]\n\n[ref]: JaVaScRiPt:alert(4)\n\n![pixel](data:image/svg+xml,<svg onload=alert(5)>)";
    const text = courseToMarkdown(hostile);
    const renderer = new MarkdownIt({ html: true });
    renderer.validateLink = () => true;
    const html = renderer.render(text);
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.filter((tag) => /^<(script|img|b|iframe|svg)\b|\son\w+=|javascript:|data:/i.test(tag))).toEqual([]);
    expect(html).toContain("&lt;script&gt;alert('topic')&lt;/script&gt;");
    expect(html).toContain("&lt;b onmouseover=alert(1)&gt;objective&lt;/b&gt;");
    expect(html).toContain("[Edited](javascript:alert('title'))");
    expect(html).toContain("[click](javascript:alert('link'))");
  });

  it("keeps safe links, emphasis and code in model text", () => {
    const friendly = sampleCourse();
    friendly.modules[0]!.lessons[0]!.sections[0]!.body =
      "See [the docs](https://example.org/a?b=1) and [below](#part), **bold**, `a < b` and\n\n```html\n<p>code</p>\n```";
    const html = new MarkdownIt().render(courseToMarkdown(friendly));
    expect(html).toContain('<a href="https://example.org/a?b=1">the docs</a>');
    expect(html).toContain('<a href="#part">below</a>');
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<code>a &lt; b</code>");
    expect(html).toContain("&lt;p&gt;code&lt;/p&gt;");
  });

  it("prints its labels in the course language", () => {
    const french = sampleCourse();
    french.language = "fr-CA";
    const text = courseToMarkdown(french);
    expect(text).toContain("## Module 1: Module 1 title");
    expect(text).toContain("### Leçon 1.1: Lesson 1.1 title");
    expect(text).toContain("#### Objectifs");
    expect(text).toContain("#### Réponses");
    expect(text).toContain("**3.** Faux");
    expect(text).not.toContain("#### Answers");
    const japanese = sampleCourse();
    japanese.language = "ja";
    expect(courseToMarkdown(japanese)).toContain("#### クイズ");
  });

  it("is deterministic", () => {
    expect(courseToMarkdown(sampleCourse())).toBe(markdown);
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
