import { describe, expect, it } from "vitest";
import { captureContext } from "../../test/support/cli-command.ts";
import { runCli } from "./program.ts";

describe("courseforge start / serve / worker", () => {
  it("states one default and one range for --jobs, the ones the configuration applies", async () => {
    for (const command of ["start", "worker"]) {
      const context = captureContext();
      expect(await runCli([command, "--help"], context)).toBe(0);
      expect(context.stdout.text.replace(/\s+/g, " ")).toContain(
        "jobs at once in this process (1-1024; default: COURSEFORGE_WORKER_CONCURRENCY, else 128)",
      );
    }
    const tooMany = captureContext();
    expect(await runCli(["worker", "--jobs", "1025"], tooMany)).toBe(2);
    expect(tooMany.stderr.text).toContain(
      "--jobs / COURSEFORGE_WORKER_CONCURRENCY must be a whole number from 1 to 1024",
    );
  });
});
