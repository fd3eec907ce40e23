import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceLinkFileName } from "../src/service-link/index.ts";
import { courseforgeBin, projectNode } from "./support/child-process.ts";

// `npm start` holds the embedded database; the owner's CLI commands must still work, through the
// running service (found from the data folder's link file), with the same output as without it.

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const baseEnvironment = {
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "",
  COURSEFORGE_SIMULATOR_TIME_SCALE: "0",
};

function courseforge(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      projectNode,
      [courseforgeBin, ...args],
      { cwd, env: baseEnvironment, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe("CLI commands while `courseforge start` holds the embedded database", () => {
  let workspace: string;
  let child: ChildProcess;
  let output = "";
  let adminToken = "";
  const linkFile = () => path.join(workspace, ".courseforge", serviceLinkFileName);

  beforeAll(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), "courseforge-held-"));
    child = spawn(projectNode, [courseforgeBin, "start", "--port", "0"], {
      cwd: workspace,
      env: baseEnvironment,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const deadline = Date.now() + 90_000;
    while (!/Listening on (\S+)/.test(output) || !/cf_[\w-]+/.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`start did not come up: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    adminToken = /cf_[\w-]+/.exec(output)![0];
  }, 120_000);
  afterAll(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await rm(workspace, { recursive: true, force: true });
  });

  it("publishes a link file only its owner can read", async () => {
    const stats = await stat(linkFile());
    expect(stats.mode & 0o777).toBe(0o600);
    const link = JSON.parse(await readFile(linkFile(), "utf8")) as { pid: number; url: string; token: string };
    expect(link.pid).toBe(child.pid);
    expect(output).toContain(`Listening on ${link.url}`);
    // A fresh credential, not the admin's printed one, and never printed.
    expect(link.token).not.toBe(adminToken);
    expect(output).not.toContain(link.token);
  });

  it("users create, list and disable work through the service", async () => {
    const created = await courseforge(
      ["users", "create", "--email", "ada@example.com", "--role", "teacher", "--json"],
      workspace,
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const user = JSON.parse(created.stdout.trim().split("\n").at(-1)!) as { userId: string; token: string };
    expect(user.token).toMatch(/^cf_/);
    const link = JSON.parse(await readFile(linkFile(), "utf8")) as { token: string };
    expect(created.stdout + created.stderr).not.toContain(link.token);

    const listed = await courseforge(["users", "list"], workspace);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${user.userId}\\s+ada@example.com\\s+teacher`));

    const disabled = await courseforge(["users", "disable", "--email", "ada@example.com"], workspace);
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toMatch(/^Disabled .*ada@example.com .*disabled /);
  });

  it("limits set and show work through the service", async () => {
    const set = await courseforge(["limits", "set", "--role", "student", "--courses-per-hour", "7"], workspace);
    expect(set.stderr).toBe("");
    expect(set.code).toBe(0);
    const shown = await courseforge(["limits", "show", "--json"], workspace);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ roles: { student: { coursesPerHour: 7 } } });
  });

  it("doctor checks the database, migrations and limits through the service", async () => {
    const doctor = await courseforge(["doctor"], workspace);
    expect(doctor.stdout).toMatch(
      /^PASS database: .*held by the running service at http:\/\/127\.0\.0\.1:\d+ \(PID \d+\): answers$/m,
    );
    expect(doctor.stdout).toMatch(/^PASS migrations: current \(checked by the running service\)$/m);
    expect(doctor.stdout).toMatch(/^PASS limits: student 7\/h, teacher \S+\/h, admin \S+\/h; global \S+\/h/m);
    expect(doctor.code).toBe(0);
  });

  it("generate writes the course through the service", async () => {
    const run = await courseforge(
      ["generate", "Tides", "--modules", "1", "--lessons-per-module", "1", "--json"],
      workspace,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("holds the data folder: generating through it");
    const summary = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as {
      outDir: string;
      lessons: number;
      simulated: boolean;
    };
    expect(summary).toMatchObject({ lessons: 1, simulated: true });
    const course = JSON.parse(await readFile(path.join(summary.outDir, "course.json"), "utf8")) as {
      id: string;
      topic: string;
    };
    expect(course.topic).toBe("Tides");

    const exported = await courseforge(["export", course.id, "--format", "markdown", "--out", "-"], workspace);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain("Tides");
  });

  it("generate refuses flags the running service cannot honour", async () => {
    const run = await courseforge(["generate", "Ocean currents", "--concurrency", "2"], workspace);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--concurrency cannot apply while the running service/);
  });

  it("removes the link file on a clean stop", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await expect(stat(linkFile())).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("CLI commands while `courseforge serve` (API only) holds the embedded database", () => {
  let workspace: string;
  let child: ChildProcess;
  let output = "";

  beforeAll(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), "courseforge-held-api-"));
    child = spawn(projectNode, [courseforgeBin, "serve", "--port", "0"], {
      cwd: workspace,
      env: baseEnvironment,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const deadline = Date.now() + 90_000;
    while (!/Listening on (\S+)/.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not come up: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 120_000);
  afterAll(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await rm(workspace, { recursive: true, force: true });
  });

  it("lists users through it, but refuses to generate a course no worker would write", async () => {
    const listed = await courseforge(["users", "list"], workspace);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain("admin@courseforge.local");
    const run = await courseforge(["generate", "Tides"], workspace);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/runs no workers \(`courseforge serve`\): a course would never be written/);
  });
});
