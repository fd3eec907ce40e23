import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultMigrationsDirectory, readMigrationFiles } from "./migrations.ts";

const folders: string[] = [];
async function folderWith(files: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "courseforge-migration-files-"));
  folders.push(directory);
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(directory, name), sql);
  return directory;
}
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

describe("readMigrationFiles", () => {
  it("finds the repository's migrations relative to the module, whatever the working directory", async () => {
    const files = await readMigrationFiles();
    expect(path.isAbsolute(defaultMigrationsDirectory)).toBe(true);
    expect(files[0]).toMatchObject({ version: 1, name: "initial", fileName: "001_initial.sql" });
    expect(files[0]?.sql).toContain("CREATE TABLE");
  });

  it("orders by number, not by name, and ignores other files", async () => {
    const directory = await folderWith({
      "10_ten.sql": "SELECT 10;",
      "2_two.sql": "SELECT 2;",
      "README.md": "#",
      "003_three.sql.bak": "x",
    });
    expect((await readMigrationFiles({ directory })).map((file) => file.fileName)).toStrictEqual([
      "2_two.sql",
      "10_ten.sql",
    ]);
  });

  it("gives a CRLF checkout the same checksum as the LF original, and an edit a different one", async () => {
    const lf = await folderWith({ "001_a.sql": "SELECT 1;\nSELECT 2;\n" });
    const crlf = await folderWith({ "001_a.sql": "SELECT 1;\r\nSELECT 2;\r\n" });
    const edited = await folderWith({ "001_a.sql": "SELECT 1;\nSELECT 3;\n" });
    const [a] = await readMigrationFiles({ directory: lf });
    const [b] = await readMigrationFiles({ directory: crlf });
    const [c] = await readMigrationFiles({ directory: edited });
    expect(a?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(b?.checksum).toBe(a?.checksum);
    expect(c?.checksum).not.toBe(a?.checksum);
  });

  it("refuses two files with the same version", async () => {
    const directory = await folderWith({ "004_a.sql": "SELECT 1;", "4_b.sql": "SELECT 2;" });
    await expect(readMigrationFiles({ directory })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining("version 4"),
    });
  });
});
