import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readServiceLink, serviceLinkPath, writeServiceLink } from "./link-file.ts";

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "courseforge-link-"));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const link = { url: "http://127.0.0.1:4321", token: "cf_secret", workers: true };

describe("the service link file", () => {
  it("is written readable by its owner only and read back while its process runs", () => {
    const written = writeServiceLink(dataDir, link);
    expect(statSync(written.path).mode & 0o777).toBe(0o600);
    expect(readServiceLink(dataDir)).toMatchObject({ ...link, pid: process.pid, formatVersion: 1 });
    written.remove();
    expect(readServiceLink(dataDir)).toBeUndefined();
  });

  it("is stale once the process that wrote it is gone", () => {
    writeServiceLink(dataDir, link);
    const file = serviceLinkPath(dataDir);
    const finished = spawnSync(process.execPath, ["-e", ""]);
    const content = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...content, pid: finished.pid }), { mode: 0o600 });
    expect(readServiceLink(dataDir)).toEqual({ stale: "process-gone" });
  });

  it("is not trusted when others may read or write it", () => {
    writeServiceLink(dataDir, link);
    chmodSync(serviceLinkPath(dataDir), 0o644);
    expect(readServiceLink(dataDir)).toEqual({ stale: "unsafe-permissions" });
  });

  it("is not removed by a process that did not write the current one", () => {
    const first = writeServiceLink(dataDir, link);
    writeServiceLink(dataDir, { ...link, token: "cf_newer" });
    first.remove();
    expect(readServiceLink(dataDir)).toMatchObject({ token: "cf_newer" });
  });

  it("is unreadable when it is not a link", () => {
    writeFileSync(serviceLinkPath(dataDir), "{", { mode: 0o600 });
    expect(readServiceLink(dataDir)).toEqual({ stale: "unreadable" });
  });
});
