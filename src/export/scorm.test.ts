import { describe, expect, it } from "vitest";
import { collect, readZip } from "../../test/support/zip-reader.ts";
import { sampleCourse } from "../../test/support/course-fixtures.ts";
import { courseToScorm, scormMasteryScore } from "./scorm.ts";

describe("courseToScorm", () => {
  it("packages a SCORM 1.2 manifest, one SCO per lesson and the shared assets, every reference present", async () => {
    const files = readZip(await collect(courseToScorm(sampleCourse())));
    const manifest = files.get("imsmanifest.xml")!.toString("utf8");
    expect(manifest).toContain("<schemaversion>1.2</schemaversion>");
    const scos = [...manifest.matchAll(/adlcp:scormtype="sco" href="([^"]+)"/g)].map((match) => match[1]);
    expect(scos).toEqual(["lessons/m1-l1.html", "lessons/m1-l2.html", "lessons/m2-l1.html", "lessons/m2-l2.html"]);
    const referenced = [...manifest.matchAll(/<file href="([^"]+)"/g)].map((match) => match[1]!);
    expect(new Set(referenced)).toEqual(new Set([...files.keys()].filter((name) => name !== "imsmanifest.xml")));
    expect([...manifest.matchAll(/<adlcp:masteryscore>(\d+)</g)].map((match) => Number(match[1]))).toEqual(
      Array(4).fill(scormMasteryScore),
    );
    const page = files.get("lessons/m1-l1.html")!.toString("utf8");
    for (const asset of [...page.matchAll(/(?:href|src)="(\.\.\/shared\/[^"]+)"/g)].map((match) => match[1]!))
      expect(files.has(asset.replace("../", "")), asset).toBe(true);
    expect(page).toContain('<script src="../shared/quiz.js"></script>\n<script src="../shared/scorm.js"></script>');
  });

  it("gives the same bytes for the same course, as a zip stream", async () => {
    const course = sampleCourse();
    const first = await collect(courseToScorm(course));
    expect((await collect(courseToScorm(course))).equals(first)).toBe(true);
    const stream = courseToScorm(course);
    const iterator = stream[Symbol.asyncIterator]();
    const chunk = (await iterator.next()).value as Buffer;
    expect(chunk.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    stream.destroy();
  });
});
