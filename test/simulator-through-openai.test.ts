import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/program.ts";
import { startSimulator, type RunningSimulator } from "../src/simulator/index.ts";
import { captureContext } from "./support/cli-command.ts";

// A standalone `courseforge simulator` reached as an ordinary OpenAI-compatible endpoint
// (`--provider openai` + OPENAI_BASE_URL) still writes simulated text: the course must say so.
describe("a course written by the standalone simulator through --provider openai", () => {
  let simulator: RunningSimulator;
  let workspace: string;
  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, timeScale: 0 });
    workspace = await mkdtemp(path.join(os.tmpdir(), "courseforge-openai-simulator-"));
  });
  afterAll(async () => {
    await simulator?.close();
    await rm(workspace, { recursive: true, force: true });
  });

  it("is marked simulated, in the file and in the summary", async () => {
    const context = {
      ...captureContext(),
      environment: { OPENAI_API_KEY: "sk-anything", OPENAI_BASE_URL: simulator.url },
      workingDirectory: workspace,
    };
    const code = await runCli(
      ["generate", "Tides", "--provider", "openai", "--modules", "1", "--lessons-per-module", "1", "--json"],
      context,
    );
    expect(context.stderr.text).not.toContain("Using the built-in simulator");
    expect(code).toBe(0);
    const summary = JSON.parse(context.stdout.text.trim().split("\n").at(-1)!) as {
      outDir: string;
      simulated: boolean;
    };
    expect(summary.simulated).toBe(true);
    const course = JSON.parse(await readFile(path.join(summary.outDir, "course.json"), "utf8")) as {
      generation: { provider: string; simulated: boolean };
    };
    expect(course.generation).toMatchObject({ provider: "openai", simulated: true });
  }, 120_000);
});
