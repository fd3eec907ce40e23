import { describe, expect, it } from "vitest";
import { sampleCourse } from "../../test/support/course-fixtures.ts";
import { formatSummary, plural, summaryOfCourse } from "./generate-summary.ts";

const files = { jsonFile: "/out/course.json", markdownFile: "/out/course.md" };

describe("the generate summary", () => {
  it("counts in the singular for one", () => {
    expect(plural(1, "module")).toBe("1 module");
    expect(plural(2, "module")).toBe("2 modules");
    expect(plural(1_200, "token")).toBe("1,200 tokens");
  });

  it("says a simulated run's cost was not paid", () => {
    const course = sampleCourse();
    const simulated = { ...course, generation: { ...course.generation, simulated: true, costUsd: 0.0123 } };
    const text = formatSummary(
      simulated,
      summaryOfCourse(simulated, { jobId: "job_1", outDir: "/out", durationMs: 1500 }),
      files,
    );
    expect(text).toContain("(simulated content)");
    expect(text).toContain("$0.0123 at real prices (simulated: nothing was paid)");

    const real = { ...course, generation: { ...course.generation, simulated: false, costUsd: 0.0123 } };
    const realText = formatSummary(
      real,
      summaryOfCourse(real, { jobId: "job_1", outDir: "/out", durationMs: 1500 }),
      files,
    );
    expect(realText).not.toContain("simulated");
    expect(realText).toContain(", $0.0123, 1.5s");
  });

  it("writes one module and one lesson in the singular", () => {
    const course = sampleCourse();
    const single = { ...course, modules: [{ ...course.modules[0]!, lessons: [course.modules[0]!.lessons[0]!] }] };
    const text = formatSummary(
      single,
      summaryOfCourse(single, { jobId: "job_1", outDir: "/out", durationMs: 10 }),
      files,
    );
    expect(text).toMatch(/^ {2}1 module, 1 lesson, /m);
  });
});
