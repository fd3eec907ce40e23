import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createJsonSchemaValidator } from "./support/json-schema-validator.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "bin", "courseforge.js");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function courseforge(args: string[], cwd: string, environment: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      // A clean environment: no key, so the embedded defaults apply as on a fresh machine.
      { cwd, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...environment }, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe("courseforge CLI", () => {
  let workspace: string;
  beforeAll(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), "courseforge-cli-"));
  });
  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it("generates a course on the embedded defaults and prints a JSON summary as the last stdout line", async () => {
    const run = await courseforge(
      ["generate", "Volcanoes of Iceland", "--modules", "1", "--lessons-per-module", "2", "--json"],
      workspace,
      {
        COURSEFORGE_SIMULATOR_TIME_SCALE: "0",
      },
    );
    expect(run.stderr).toContain("SIMULATED");
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
    // Outline, two lessons, two quizzes, and the quality judge of each lesson (docs/quality.md).
    expect(summary).toMatchObject({ lessons: 2, llmCalls: 7, simulated: true });
    for (const key of ["courseId", "outDir", "inputTokens", "outputTokens", "costUsd", "durationMs"])
      expect(summary).toHaveProperty(key);
    expect(summary.outDir).toBe(path.join(workspace, "courses", "volcanoes-of-iceland"));

    const course = JSON.parse(await readFile(path.join(String(summary.outDir), "course.json"), "utf8")) as unknown;
    const schema = JSON.parse(await readFile(path.join(root, "schemas", "course.v1.json"), "utf8")) as object;
    const validate = createJsonSchemaValidator({ strict: false }).compile(schema);
    expect(validate(course), JSON.stringify(validate.errors)).toBe(true);
    const markdown = await readFile(path.join(String(summary.outDir), "course.md"), "utf8");
    expect(markdown).toContain("Quiz");

    const check = await courseforge(["validate", path.join(String(summary.outDir), "course.json")], workspace);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain("valid course");
  });

  it.each([
    [["generate", "Volcanoes", "--modules", "0"], /--modules/],
    [["generate", "Volcanoes", "--modules", "three"], /--modules/],
    [["generate", "Volcanoes", "--level", "expert"], /--level/],
    [["generate", "Volcanoes", "--language", "english!"], /--language/],
    [["generate", "Volcanoes", "--provider", "local"], /--model-path/],
    [["generate", "Volcanoes", "--bogus"], /unknown option/],
    [["generate"], /missing required argument/],
    [["validate", "does-not-exist.json"], /Cannot read/],
  ])("rejects bad arguments %j with a clear message and exit code 2", async (args, message) => {
    const run = await courseforge(args, workspace);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it("names the flag, not the request field, and says once what was given", async () => {
    const run = await courseforge(["generate", "Volcanoes", "--lessons-per-module", "0"], workspace);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: --lessons-per-module must be a whole number from 1 to 10; got 0.");
    expect(run.stderr).not.toContain("lessonsPerModule");
    expect(run.stderr.match(/got/g)).toHaveLength(1);
  });

  it("does not echo a huge topic back", async () => {
    const run = await courseforge(["generate", "x".repeat(5_000)], workspace);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("must be text of 3 to 200 characters");
    expect(run.stderr).toContain("got 5000 characters");
    expect(run.stderr.length).toBeLessThan(600);
  });

  it("refuses a well-formed language tag that names no language", async () => {
    const run = await courseforge(["generate", "Volcanoes", "--language", "xx-invalid"], workspace);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--language must be a BCP 47 tag of a known language such as "en", "fr" or "pt-BR"; got "xx-invalid"',
    );
  });

  it("validate gives the line and column of broken JSON", async () => {
    const file = path.join(workspace, "not-json.json");
    await writeFile(file, '{\n  "title": "Volcanoes",\n  "modules": \n}\n');
    const run = await courseforge(["validate", file], workspace);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${file}:4:1: not valid JSON (line 4, column 1: expected a JSON value)`);
  });

  it("reports the variable and expected form for a bad environment value", async () => {
    const run = await courseforge(["generate", "Volcanoes"], workspace, { COURSEFORGE_CONCURRENCY: "lots" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("COURSEFORGE_CONCURRENCY must be a whole number from 1 to 64");
  });

  it("validate explains what is wrong with an invalid course and exits 1", async () => {
    const file = path.join(workspace, "broken.json");
    await writeFile(file, JSON.stringify({ formatVersion: "1", title: "" }));
    const run = await courseforge(["validate", file], workspace);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/invalid course, \d+ problems?:/);
    expect(run.stdout).not.toContain("problem(s)");
    expect(run.stdout).toMatch(/modules/);
  });
});
