import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/program.ts";
import { courseforgeBin, projectNode } from "./support/child-process.ts";

// `npm start` runs `courseforge start`: the API and the workers in one process, on the embedded
// defaults. This drives it as a new user would: read the printed URL and token, then check it with
// the smoke command, then stop it with SIGTERM.
describe("courseforge start (npm start) and courseforge smoke", () => {
  let workspace: string;
  let child: ChildProcess;
  let output = "";
  let url = "";
  let token = "";

  beforeAll(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), "courseforge-start-"));
    child = spawn(projectNode, [courseforgeBin, "start", "--port", "0"], {
      cwd: workspace,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", COURSEFORGE_SIMULATOR_TIME_SCALE: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const deadline = Date.now() + 60_000;
    while (!/Listening on (\S+)/.test(output) || !/cf_[\w-]+/.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`start did not come up: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    url = /Listening on (\S+)/.exec(output)![1]!;
    token = /cf_[\w-]+/.exec(output)![0];
  });
  afterAll(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await rm(workspace, { recursive: true, force: true });
  });

  it("prints its URL and a one-time admin token, says content is simulated, and passes the smoke check", async () => {
    expect(output).toContain("content is SIMULATED");
    expect(output).toContain("First start: created the admin user");
    // The sign-in link carries the token in the fragment (never sent to the server), not in the query.
    expect(output).toContain(`Open this link to use the web UI, signed in as the admin: ${url}/#token=${token}`);
    expect(output).not.toMatch(/\?token=/);
    const stdout = new PassThrough();
    let printed = "";
    stdout.setEncoding("utf8").on("data", (chunk: string) => (printed += chunk));
    const code = await runCli(["smoke", "--url", url, "--token", token, "--timeout", "60"], {
      environment: {},
      workingDirectory: workspace,
      stdout,
      stderr: new PassThrough(),
    });
    expect(printed).toContain("PASS follow events");
    expect(printed).toContain("PASS validate course");
    expect(printed.trim().split("\n").at(-1)).toBe("PASS smoke: 6/6 steps passed");
    expect(code).toBe(0);
  });

  it("fails the smoke check with a clear line for a wrong token", async () => {
    const stdout = new PassThrough();
    let printed = "";
    stdout.setEncoding("utf8").on("data", (chunk: string) => (printed += chunk));
    const code = await runCli(["smoke", "--url", url, "--token", "cf_wrong"], {
      environment: {},
      workingDirectory: workspace,
      stdout,
      stderr: new PassThrough(),
    });
    expect(code).toBe(1);
    expect(printed).toMatch(/FAIL create course: POST \/v1\/courses answered 401/);
  });

  it("stops cleanly on SIGTERM", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).toContain("API and workers stopped");
  });
});
