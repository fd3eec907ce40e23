import { execFile } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { courseforgeBin, projectNode, removeScripts, writeScript } from "./support/child-process.ts";

// `courseforge --help` and argument errors must answer at once: they may load the command tree
// (commander) but not the database, the model clients or the HTTP server (seconds to load on a busy
// machine). Which modules load is checked here; the time, as a ratio to a bare `node -e ''`, is
// measured by `npm run bench -- cli-startup` (a timed assertion would be flaky on shared machines).

afterAll(removeScripts);

async function modulesLoadedBy(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string; packages: string[] }> {
  const hooks = await writeScript(`
    import { registerHooks } from "node:module";
    import { writeSync } from "node:fs";
    const loaded = new Set();
    registerHooks({
      resolve(specifier, context, nextResolve) {
        const result = nextResolve(specifier, context);
        loaded.add(result.url);
        return result;
      },
    });
    process.on("exit", () => writeSync(2, "\\nLOADED " + JSON.stringify([...loaded]) + "\\n"));
  `);
  const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(projectNode, ["--import", hooks, courseforgeBin, ...args], { timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
  const line = run.stderr.split("\n").find((text) => text.startsWith("LOADED "));
  const urls = JSON.parse(line?.slice("LOADED ".length) ?? "[]") as string[];
  const packages = [
    ...new Set(
      urls.flatMap((url) => {
        const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
        return match ? [match[1]!] : [];
      }),
    ),
  ];
  return { ...run, packages };
}

describe("courseforge startup", () => {
  it.each([
    [["--help"], 0],
    [["generate", "--help"], 0],
    [["--version"], 0],
    [["generate", "Photosynthesis", "for", "kids"], 2],
    [["generate", "Volcanoes", "--level", "expert"], 2],
  ])("%j loads no package but commander", async (args, code) => {
    const run = await modulesLoadedBy(args);
    expect(run.code).toBe(code);
    expect(run.packages).toEqual(["commander"]);
  });

  it("--version prints the package version", async () => {
    const run = await modulesLoadedBy(["--version"]);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("an unquoted topic of several words gets a hint to quote it", async () => {
    const run = await modulesLoadedBy(["generate", "Photosynthesis", "for", "kids", "--modules", "1"]);
    expect(run.stderr).toContain(
      'A topic of several words must be quoted, e.g.: courseforge generate "Photosynthesis for kids"',
    );
  });

  it("generate --help states the topic's length limits", async () => {
    const run = await modulesLoadedBy(["generate", "--help"]);
    expect(run.stdout).toMatch(/topic\s+what the course is about: 3-200 characters/);
  });
});
