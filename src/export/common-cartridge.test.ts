import { describe, expect, it } from "vitest";
import { collect, readZip } from "../../test/support/zip-reader.ts";
import { sampleCourse } from "../../test/support/course-fixtures.ts";
import { courseToCommonCartridge } from "./common-cartridge.ts";

describe("courseToCommonCartridge", () => {
  const course = sampleCourse();
  const filesPromise = collect(courseToCommonCartridge(course)).then(readZip);

  it("lists one web content page and one QTI assessment per lesson, every referenced file present", async () => {
    const files = await filesPromise;
    const manifest = files.get("imsmanifest.xml")!.toString("utf8");
    expect(manifest).toContain("<schemaversion>1.1.0</schemaversion>");
    expect([...manifest.matchAll(/type="imsqti_xmlv1p2\/imscc_xmlv1p1\/assessment"/g)]).toHaveLength(4);
    expect([...manifest.matchAll(/type="webcontent" href="/g)]).toHaveLength(4);
    const referenced = [...manifest.matchAll(/<file href="([^"]+)"/g)].map((match) => match[1]!);
    expect(new Set(referenced)).toEqual(new Set([...files.keys()].filter((name) => name !== "imsmanifest.xml")));
    const identifiers = new Set([...manifest.matchAll(/<resource identifier="([^"]+)"/g)].map((match) => match[1]));
    for (const reference of manifest.matchAll(/identifierref="([^"]+)"/g)) expect(identifiers).toContain(reference[1]);
  });

  it("keeps the answer key out of the lesson pages (the LMS quiz carries it)", async () => {
    const files = await filesPromise;
    const page = files.get("web_resources/m1-l1.html")!.toString("utf8");
    expect(page).not.toContain("data-answer");
    expect(page).not.toContain("<script");
    expect(page).toContain("Light reactions");
  });

  it("gives every question a QTI item whose condition sets SCORE 100 for its correct answer", async () => {
    const files = await filesPromise;
    const qti = files.get("m1-l1-quiz/assessment.xml")!.toString("utf8");
    const items = [...qti.matchAll(/<item ident="([^"]+)"[\s\S]*?<\/item>/g)];
    expect(items.map((item) => item[1])).toEqual(course.modules[0]!.lessons[0]!.quiz.questions.map((q) => q.id));
    const correct = (item: string) =>
      /<respcondition continue="No"><conditionvar>([\s\S]*?)<\/conditionvar><setvar action="Set" varname="SCORE">100</.exec(
        item,
      )![1];
    expect(correct(items[0]![0])).toBe('<varequal respident="response1">m1-l1-q1-b</varequal>');
    expect(correct(items[1]![0])).toBe(
      '<and><varequal respident="response1">m1-l1-q2-a</varequal><varequal respident="response1">m1-l1-q2-b</varequal><not><varequal respident="response1">m1-l1-q2-c</varequal></not><not><varequal respident="response1">m1-l1-q2-d</varequal></not></and>',
    );
    expect(correct(items[2]![0])).toBe('<varequal respident="response1">false</varequal>');
    expect(correct(items[3]![0])).toBe(
      '<or><varequal respident="response1" case="No">chlorophyll</varequal><varequal respident="response1" case="No">chlorophyll a</varequal></or>',
    );
  });
});
