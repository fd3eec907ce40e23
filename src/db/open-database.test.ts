import { existsSync } from "node:fs";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  removeScripts,
  repositoryModule,
  runScriptForJson,
  startScript,
  writeScript,
} from "../../test/support/child-process.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { ensurePgliteTemplate } from "../../test/support/pglite-template.ts";
import { AbortedError } from "../errors/index.ts";
import { DatabaseLockedError, lockFileName, openDatabase, pgliteFolderName, runMigrations } from "./index.ts";

const folders: string[] = [];
async function copyOfTemplate(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "courseforge-open-"));
  folders.push(folder);
  await cp(await ensurePgliteTemplate(), folder, { recursive: true });
  return folder;
}
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});
afterAll(removeScripts);

const openScript = `
import { openDatabase } from ${JSON.stringify(repositoryModule("src/db/index.ts"))};
try {
  const db = await openDatabase({ dataDir: process.argv[2] });
  if (process.argv[3] === "insert-and-hang") {
    await db.query("INSERT INTO courses (id, title, topic, language, format_version, document) VALUES ('crs_crash', 't', 't', 'en', '1', '{}')");
    console.log("inserted");
    setInterval(() => {}, 1000);
  } else {
    console.log(JSON.stringify({ opened: true }));
    await db.close();
  }
} catch (error) {
  console.log(JSON.stringify({ code: error.code, message: error.message, ownerPid: error.ownerPid }));
}
`;

describe("openDatabase with PGlite", () => {
  it("creates a database in an empty, not yet existing folder, and reopens it without recreating it", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "courseforge-new-"));
    folders.push(root);
    const dataDir = path.join(root, "a", "b");
    const created = await openDatabase({ dataDir });
    expect(created.kind).toBe("pglite");
    await created.query(
      "INSERT INTO courses (id, title, topic, language, format_version, document) VALUES ('crs_1', 't', 't', 'en', '1', $1::jsonb)",
      ['{"ok":true}'],
    );
    await created.close();
    expect((await readdir(dataDir)).sort()).toStrictEqual([pgliteFolderName]);
    const reopened = await openDatabase({ dataDir });
    expect(await reopened.query("SELECT document FROM courses")).toStrictEqual([{ document: { ok: true } }]);
    await reopened.close();
  });

  it("finds nothing to migrate in a copy of the template", async () => {
    const dataDir = await copyOfTemplate();
    const db = await openDatabase({ dataDir, migrate: false });
    expect(await runMigrations(db)).toStrictEqual([]);
    await db.close();
  });

  it("refuses a second open of the same folder in this process, and allows it after close", async () => {
    const dataDir = await copyOfTemplate();
    const first = await openDatabase({ dataDir });
    const error = await openDatabase({ dataDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseLockedError);
    expect(error).toMatchObject({
      code: "DATABASE_LOCKED",
      ownerPid: process.pid,
      message: expect.stringContaining(dataDir),
    });
    expect(await first.query("SELECT 1 AS still_open")).toStrictEqual([{ still_open: 1 }]);
    await first.close();
    await first.close();
    expect(existsSync(path.join(dataDir, lockFileName))).toBe(false);
    const second = await openDatabase({ dataDir });
    await second.close();
  });

  it("gives a second OS process DATABASE_LOCKED naming the folder, this PID and what to do", async () => {
    const dataDir = await copyOfTemplate();
    const db = await openDatabase({ dataDir });
    try {
      const result = (await runScriptForJson(await writeScript(openScript), [dataDir])) as {
        code: string;
        message: string;
        ownerPid: number;
      };
      expect(result.code).toBe("DATABASE_LOCKED");
      expect(result.ownerPid).toBe(process.pid);
      for (const part of [
        dataDir,
        `PID ${process.pid}`,
        "another Courseforge process",
        "COURSEFORGE_DATA_DIR",
        "DATABASE_URL",
      ])
        expect(result.message).toContain(part);
    } finally {
      await db.close();
    }
    expect(await runScriptForJson(await writeScript(openScript), [dataDir])).toStrictEqual({ opened: true });
  });

  it("after its owner is killed, opens the folder again with the owner's committed data", async () => {
    const dataDir = await copyOfTemplate();
    const owner = startScript(await writeScript(openScript), [dataDir, "insert-and-hang"]);
    await owner.waitForLine((line) => line === "inserted");
    owner.process.kill("SIGKILL");
    await owner.exited;
    const db = await openDatabase({ dataDir });
    expect(await db.query("SELECT id FROM courses")).toStrictEqual([{ id: "crs_crash" }]);
    await db.close();
  });

  it("rejects with AbortedError, taking no lock, when the signal fired before", async () => {
    const dataDir = await copyOfTemplate();
    await expect(openDatabase({ dataDir, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortedError);
    expect(existsSync(path.join(dataDir, lockFileName))).toBe(false);
  });

  it("hands out test databases that do not share data", async () => {
    const [first, second] = await Promise.all([
      createTestDatabase({ backend: "pglite" }),
      createTestDatabase({ backend: "pglite" }),
    ]);
    try {
      await first.db.query(
        "INSERT INTO courses (id, title, topic, language, format_version, document) VALUES ('crs_a', 't', 't', 'en', '1', '{}')",
      );
      expect(await second.db.query("SELECT id FROM courses")).toStrictEqual([]);
    } finally {
      await first.cleanup();
      await second.cleanup();
    }
    expect(existsSync(first.location)).toBe(false);
  });
});
