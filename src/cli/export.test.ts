import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureContext, createCliDatabase } from "../../test/support/cli-command.ts";
import type { TestDatabase } from "../../test/support/database.ts";
import { readZip } from "../../test/support/zip-reader.ts";
import { sampleCourse } from "../../test/support/course-fixtures.ts";
import { CourseforgeError } from "../errors/index.ts";
import { exportCommand } from "./export.ts";

const course = sampleCourse();
let testDatabase: TestDatabase;
let workspace: string;
beforeAll(async () => {
  testDatabase = await createCliDatabase(async (database) => {
    await database.query(
      `INSERT INTO courses (id, title, topic, language, format_version, document) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
      [course.id, course.title, course.topic, course.language, course.formatVersion, JSON.stringify(course)],
    );
  });
  workspace = await mkdtemp(path.join(os.tmpdir(), "courseforge-export-"));
});
afterAll(async () => {
  await testDatabase?.cleanup();
  await rm(workspace, { recursive: true, force: true });
});

function context() {
  return { ...captureContext(), workingDirectory: workspace };
}

describe("courseforge export", () => {
  it("writes the stored course under its stable file name by default", async () => {
    const run = context();
    const code = await exportCommand(course.id, { format: "html", dataDir: testDatabase.location }, run);
    expect(code).toBe(0);
    const file = path.join(workspace, "photosynthesis-from-light-to-sugar-crs_sample.html");
    expect(run.stdout.text).toBe(`Wrote html export to ${file}\n`);
    expect(await readFile(file, "utf8")).toMatch(/^<!doctype html>\n<html lang="en">/);
  });

  it("streams a package to --out and leaves no temporary file", async () => {
    const run = context();
    const out = path.join(workspace, "lms", "..", "package.zip");
    await exportCommand(course.id, { format: "scorm12", out, dataDir: testDatabase.location, json: true }, run);
    expect(JSON.parse(run.stdout.text)).toEqual({ courseId: course.id, format: "scorm12", file: path.resolve(out) });
    expect([...readZip(await readFile(out)).keys()]).toContain("imsmanifest.xml");
    expect((await readdir(workspace)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("writes to stdout with --out -", async () => {
    const run = context();
    await exportCommand(course.id, { format: "markdown", out: "-", dataDir: testDatabase.location }, run);
    expect(run.stdout.text.startsWith("# Photosynthesis from light to sugar\n")).toBe(true);
  });

  it("says which course is missing and which formats exist", async () => {
    const missing = await exportCommand("crs_nope", { format: "cc", dataDir: testDatabase.location }, context()).catch(
      (error: unknown) => error,
    );
    expect(CourseforgeError.isInstance(missing) && missing.code).toBe("NOT_FOUND");
    expect((missing as Error).message).toBe("No course crs_nope in this database.");
    const format = await exportCommand(course.id, { format: "pdf", dataDir: testDatabase.location }, context()).catch(
      (error: unknown) => error,
    );
    expect(CourseforgeError.isInstance(format) && format.code).toBe("INVALID_INPUT");
    expect((format as CourseforgeError).suggestion).toBe("Use --format with one of json, markdown, html, scorm12, cc.");
  });
});
