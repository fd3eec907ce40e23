import { execFile, execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "bin", "courseforge.js");

function run(node: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(node, [bin, ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

// A Node without type stripping on the machine (the system `node` here is 20), if there is one.
function olderNode(): { path: string; version: string } | undefined {
  let candidates: string[];
  try {
    candidates = execFileSync("which", ["-a", "node"], { encoding: "utf8" }).split("\n").filter(Boolean);
  } catch {
    return undefined;
  }
  for (const candidate of candidates) {
    const version = execFileSync(candidate, ["-p", "process.versions.node"], { encoding: "utf8" }).trim();
    const [major = 0, minor = 0] = version.split(".").map(Number);
    if (major < 22 || (major === 22 && minor < 18) || (major === 23 && minor < 6)) return { path: candidate, version };
  }
  return undefined;
}

describe("bin/courseforge.js", () => {
  const older = olderNode();

  it.skipIf(older === undefined)(
    "on a Node without type stripping, says which Node is needed and what to run, exit 2",
    async () => {
      const result = await run(older!.path, ["generate", "Photosynthesis"]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(`needs Node 22.18 or newer`);
      expect(result.stderr).toContain(`this is Node ${older!.version}`);
      expect(result.stderr).toContain("npx courseforge");
      expect(result.stderr).not.toContain("ERR_UNKNOWN_FILE_EXTENSION");
      expect(result.stderr.trim().split("\n")).toHaveLength(3);
    },
  );

  it("runs the CLI on the project's Node", async () => {
    const result = await run(process.execPath, ["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: courseforge");
  });
});
