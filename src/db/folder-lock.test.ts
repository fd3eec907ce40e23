import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { removeScripts, repositoryModule, startScript, writeScript } from "../../test/support/child-process.ts";
import { DatabaseLockedError } from "./errors.ts";
import { isProcessAlive, lockFileName, lockFolder } from "./folder-lock.ts";

const folders: string[] = [];
async function freshFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "courseforge-lock-"));
  folders.push(folder);
  return folder;
}
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});
afterAll(removeScripts);

async function deadPid(): Promise<number> {
  const child = startScript(await writeScript(""));
  await child.exited;
  const pid = child.process.pid;
  if (pid === undefined || isProcessAlive(pid)) throw new Error("could not get a dead PID");
  return pid;
}

const holdLockScript = `
import { lockFolder } from ${JSON.stringify(repositoryModule("src/db/folder-lock.ts"))};
await lockFolder(process.argv[2]);
console.log("locked");
if (process.argv[3] === "exit") process.exit(0);
if (process.argv[3] === "throw") throw new Error("crash");
setInterval(() => {}, 1000);
`;

describe("lockFolder", () => {
  it("creates the folder and writes this process's PID into the lock file", async () => {
    const folder = path.join(await freshFolder(), "nested", "data");
    const lock = await lockFolder(folder);
    const owner = JSON.parse(await readFile(path.join(folder, lockFileName), "utf8")) as { pid: number };
    expect(owner.pid).toBe(process.pid);
    lock.release();
    expect(existsSync(path.join(folder, lockFileName))).toBe(false);
  });

  it("refuses a second lock in the same process until the first is released", async () => {
    const folder = await freshFolder();
    const lock = await lockFolder(folder);
    const error = await lockFolder(folder).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseLockedError);
    expect(error).toMatchObject({
      code: "DATABASE_LOCKED",
      ownerPid: process.pid,
      message: expect.stringContaining(folder),
    });
    lock.release();
    lock.release();
    (await lockFolder(folder)).release();
  });

  it("refuses while another live process holds it, naming that PID and what to do", async () => {
    const folder = await freshFolder();
    const holder = startScript(await writeScript(holdLockScript), [folder]);
    await holder.waitForLine((line) => line === "locked");
    try {
      const error = await lockFolder(folder).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: "DATABASE_LOCKED", ownerPid: holder.process.pid });
      const message = (error as Error).message;
      for (const part of [
        folder,
        `PID ${holder.process.pid}`,
        "another Courseforge process",
        "COURSEFORGE_DATA_DIR",
        "DATABASE_URL",
      ])
        expect(message).toContain(part);
    } finally {
      holder.process.kill("SIGKILL");
      await holder.exited;
    }
  });

  it("takes over a lock whose owner was killed", async () => {
    const folder = await freshFolder();
    const holder = startScript(await writeScript(holdLockScript), [folder]);
    await holder.waitForLine((line) => line === "locked");
    holder.process.kill("SIGKILL");
    await holder.exited;
    expect(existsSync(path.join(folder, lockFileName))).toBe(true);
    const lock = await lockFolder(folder);
    const owner = JSON.parse(await readFile(lock.path, "utf8")) as { pid: number };
    expect(owner.pid).toBe(process.pid);
    lock.release();
  });

  it("takes over a lock file naming a dead PID, and one left half-written long ago", async () => {
    const folder = await freshFolder();
    const lockPath = path.join(folder, lockFileName);
    await writeFile(lockPath, JSON.stringify({ pid: await deadPid(), hostname: os.hostname(), token: "old" }));
    (await lockFolder(folder)).release();
    await writeFile(lockPath, '{"pi');
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(lockPath, longAgo, longAgo);
    (await lockFolder(folder)).release();
  });

  it("does not take over a lock held on another host", async () => {
    const folder = await freshFolder();
    await writeFile(
      path.join(folder, lockFileName),
      JSON.stringify({ pid: await deadPid(), hostname: "elsewhere.example", token: "other" }),
    );
    await expect(lockFolder(folder)).rejects.toMatchObject({
      code: "DATABASE_LOCKED",
      message: expect.stringContaining("on host elsewhere.example"),
    });
  });

  it("is released when the owning process exits, normally or by an uncaught exception", async () => {
    for (const how of ["exit", "throw"]) {
      const folder = await freshFolder();
      const child = startScript(await writeScript(holdLockScript), [folder, how]);
      await child.exited;
      expect(child.stdout()).toContain("locked");
      expect(existsSync(path.join(folder, lockFileName))).toBe(false);
    }
  });

  it("lets exactly one of several processes racing for a stale lock win", async () => {
    const folder = await freshFolder();
    await writeFile(
      path.join(folder, lockFileName),
      JSON.stringify({ pid: await deadPid(), hostname: os.hostname(), token: "stale" }),
    );
    const script = await writeScript(`
import { lockFolder } from ${JSON.stringify(repositoryModule("src/db/folder-lock.ts"))};
try { await lockFolder(process.argv[2]); console.log(JSON.stringify({ won: true })); }
catch (error) { console.log(JSON.stringify({ won: false, code: error.code })); }
setInterval(() => {}, 1000);
`);
    // Every contender stays alive (holding what it won) until all have answered.
    const children = [1, 2, 3, 4].map(() => startScript(script, [folder]));
    const lines = await Promise.all(children.map((child) => child.waitForLine((line) => line.startsWith("{"))));
    for (const child of children) child.process.kill("SIGKILL");
    await Promise.all(children.map((child) => child.exited));
    const results = lines.map((line) => JSON.parse(line) as { won: boolean; code?: string });
    expect(results.filter((result) => result.won)).toHaveLength(1);
    expect(results.filter((result) => !result.won).every((result) => result.code === "DATABASE_LOCKED")).toBe(true);
  });
});
