import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { readdir, readFile, rename, rm, stat, utimes } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openDatabase, readMigrationFiles } from "../../src/db/index.ts";

const templatePrefix = "courseforge-pglite-template-";
// Bump when the layout of a data folder changes, so old templates are not reused (2: tables in the courseforge schema).
const layoutVersion = "2";

async function pgliteVersion(): Promise<string> {
  // dist/index.cjs → the package root's package.json.
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const manifest = path.join(path.dirname(entry), "..", "package.json");
  return (JSON.parse(await readFile(manifest, "utf8")) as { version: string }).version;
}

/** The template folder for the current migrations and PGlite version (it may not exist yet). */
export async function pgliteTemplatePath(): Promise<string> {
  const migrations = await readMigrationFiles();
  const key = createHash("sha256")
    .update(layoutVersion)
    .update(await pgliteVersion())
    .update(migrations.map((file) => `${file.fileName}:${file.checksum}`).join("\n"))
    .digest("hex")
    .slice(0, 16);
  return path.join(os.tmpdir(), `${templatePrefix}${key}`);
}

/**
 * Returns a migrated, closed PGlite data folder to copy test databases from, building it (5–15 s)
 * only when no template for these migrations exists yet. Built aside and renamed into place, so
 * concurrent test runs never copy a half-made template.
 */
export async function ensurePgliteTemplate(): Promise<string> {
  const template = await pgliteTemplatePath();
  if (existsSync(template)) {
    const now = new Date();
    await utimes(template, now, now);
    return template;
  }
  const building = `${template}.building-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    const database = await openDatabase({ dataDir: building });
    await database.close();
    await rename(building, template);
  } catch (error) {
    // Another run finished the same template first: use theirs.
    if (!existsSync(template)) throw error;
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return template;
}

/** Deletes templates of other migration versions not used for a day (they are 40 MB each). */
export async function removeOldPgliteTemplates(keep: string): Promise<void> {
  const dayMs = 24 * 60 * 60 * 1000;
  for (const entry of await readdir(os.tmpdir())) {
    if (!entry.startsWith(templatePrefix)) continue;
    const folder = path.join(os.tmpdir(), entry);
    if (folder === keep) continue;
    try {
      if (Date.now() - (await stat(folder)).mtimeMs > dayMs) await rm(folder, { recursive: true, force: true });
    } catch {
      // Removed by a concurrent run.
    }
  }
}
