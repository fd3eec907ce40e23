import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/program.ts";
import { openDatabase } from "../src/db/index.ts";
import { authenticate } from "../src/users/index.ts";
import { captureContext } from "./support/cli-command.ts";

let workspace: string;
let holder: Server;
let busyPort: number;
beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), "courseforge-first-start-"));
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen({ port: 0, host: "127.0.0.1" }, resolve));
  busyPort = (holder.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => holder.close(resolve));
  await rm(workspace, { recursive: true, force: true });
});

const dataDir = () => path.join(workspace, "data");

// `courseforge serve` in-process until its "Listening on" line, then stopped; returns what it printed.
async function serveOnce(
  environment: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stop = new AbortController();
  const context = { ...captureContext(), environment, workingDirectory: workspace, signal: stop.signal };
  const running = runCli(["serve", "--data-dir", dataDir()], context);
  const deadline = Date.now() + 60_000;
  let settled: number | undefined;
  void running.then((code) => (settled = code));
  while (settled === undefined && !context.stdout.text.includes("Listening on") && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  stop.abort();
  const code = await running;
  return { code, stdout: context.stdout.text, stderr: context.stderr.text };
}

describe("first start", () => {
  it("on a busy port, says so in one line naming the port and PORT, and creates nothing", async () => {
    const run = await serveOnce({ PORT: String(busyPort) });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      `error: Port ${busyPort} on 127.0.0.1 is already in use by another program: stop that program, or start on another port with PORT (e.g. PORT=${busyPort + 1}) or --port.`,
    ]);
    expect(existsSync(dataDir())).toBe(false);
  });

  it("prints the admin token once; later starts say how to get a new one until the admin signs in", async () => {
    const first = await serveOnce({ PORT: "0" });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/First start: created the admin user admin@courseforge\.local/);

    const second = await serveOnce({ PORT: "0" });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).not.toContain("First start");
    expect(second.stdout).toContain(
      "The admin admin@courseforge.local has never signed in. If its first-start token is lost, issue a new one with `npx courseforge users token --email admin@courseforge.local`",
    );

    const issued = { ...captureContext(), workingDirectory: workspace };
    const code = await runCli(
      ["users", "token", "--email", "admin@courseforge.local", "--data-dir", dataDir(), "--json"],
      issued,
    );
    expect(code, issued.stderr.text).toBe(0);
    const { token, role } = JSON.parse(issued.stdout.text.trim().split("\n").at(-1)!) as {
      token: string;
      role: string;
    };
    expect(role).toBe("admin");
    const database = await openDatabase({ dataDir: dataDir() });
    try {
      expect(await authenticate(database, token)).toMatchObject({ role: "admin" });
    } finally {
      await database.close();
    }

    const refused = { ...captureContext(), workingDirectory: workspace };
    expect(await runCli(["users", "token", "--email", "nobody@example.com", "--data-dir", dataDir()], refused)).toBe(1);
    expect(refused.stderr.text).toContain("No user with email nobody@example.com.");
  });
});
