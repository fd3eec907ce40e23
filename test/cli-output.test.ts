import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/program.ts";
import { captureContext } from "./support/cli-command.ts";

let workspace: string;
beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), "courseforge-output-"));
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

// `generate` in-process on the simulator (no latency), in `workspace`, with its own database folder.
async function generate(args: string[]) {
  const context = {
    ...captureContext(),
    environment: { COURSEFORGE_SIMULATOR_TIME_SCALE: "0" },
    workingDirectory: workspace,
    signal: new AbortController().signal,
  };
  const dataDir = path.join(workspace, "data");
  const code = await runCli(
    ["generate", ...args, "--modules", "1", "--lessons-per-module", "1", "--data-dir", dataDir, "--json"],
    context,
  );
  const last = context.stdout.text.trim().split("\n").at(-1) ?? "";
  return {
    code,
    stderr: context.stderr.text,
    summary: code === 0 ? (JSON.parse(last) as { outDir: string; courseId: string }) : undefined,
    dataDir,
  };
}

describe("generate: where the course goes", () => {
  it("refuses an --out under /proc before any model call (no database opened), exit 2", async () => {
    const started = performance.now();
    const run = await generate(["Tides", "--out", "/proc/x"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: Cannot write the course to /proc/x");
    expect(run.stderr).toContain("--out DIR");
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(run.dataDir)).toBe(false);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("refuses an --out below a file, exit 2, and leaves nothing behind", async () => {
    const file = path.join(workspace, "a-file");
    await writeFile(file, "x");
    const run = await generate(["Tides", "--out", path.join(file, "course")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Cannot write the course to ${path.join(file, "course")} (ENOTDIR)`);
    expect(existsSync(run.dataDir)).toBe(false);
  });

  it("does not overwrite a folder that holds files without --force, naming the folder and the flag", async () => {
    const folder = path.join(workspace, "kept");
    await mkdir(folder);
    await writeFile(path.join(folder, "course.json"), "mine");
    const refused = await generate(["Tides", "--out", folder]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`The folder ${folder} already exists and is not empty.`);
    expect(refused.stderr).toContain("--force");
    expect(await readFile(path.join(folder, "course.json"), "utf8")).toBe("mine");
    expect(existsSync(refused.dataDir)).toBe(false);

    const forced = await generate(["Tides", "--out", folder, "--force"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(await readFile(path.join(folder, "course.json"), "utf8"))).toMatchObject({
      id: forced.summary!.courseId,
    });
  });

  it("names the folder after a topic in any script, and after the course id for an emoji-only topic", async () => {
    const cyrillic = await generate(["Фотосинтез"]);
    expect(cyrillic.code, cyrillic.stderr).toBe(0);
    expect(cyrillic.summary!.outDir).toBe(path.join(workspace, "courses", "фотосинтез"));

    const emoji = await generate(["🌋🔥🌊"]);
    expect(emoji.code, emoji.stderr).toBe(0);
    expect(emoji.summary!.outDir).toBe(path.join(workspace, "courses", emoji.summary!.courseId));
    expect((await readdir(emoji.summary!.outDir)).sort()).toEqual(["course.json", "course.md"]);
  });
});
