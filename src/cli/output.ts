import { mkdir, readdir, rename, rm, rmdir, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Course } from "../course/index.ts";
import { InvalidInputError } from "../errors/index.ts";
import { courseToMarkdown } from "../export/index.ts";

/** A folder checked (and created if missing) before any model call, so a course is never paid for and then lost. */
export interface PreparedFolder {
  readonly directory: string;
  /** Removes the folders this preparation created, if they are still empty (the generation failed). */
  discard(): Promise<void>;
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

async function statOrUndefined(file: string) {
  try {
    return await stat(file);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    throw error;
  }
}

function notWritable(directory: string, flag: string, cause: unknown): InvalidInputError {
  const reason = errorCode(cause) ?? (cause instanceof Error ? cause.message : String(cause));
  return new InvalidInputError(`Cannot write the course to ${directory} (${reason}).`, {
    cause,
    details: { outDir: directory, reason },
    suggestion: `Choose a folder you can write to with ${flag} DIR. Nothing was generated.`,
  });
}

/**
 * Makes sure `directory` can take the course files before generation starts: it must not hold
 * files already (unless `overwrite`), missing folders are created one level at a time (a recursive
 * mkdir never returns under /proc), and a probe file is written and removed.
 */
export async function prepareOutputFolder(
  directory: string,
  options: { overwrite: boolean; refuseExisting: boolean; flag: string },
): Promise<PreparedFolder> {
  const created: string[] = [];
  const discard = async () => {
    for (const folder of created.toReversed()) await rmdir(folder).catch(() => undefined);
  };
  try {
    const existing = await statOrUndefined(directory);
    if (existing !== undefined && !existing.isDirectory())
      throw new InvalidInputError(`${directory} is a file, not a folder.`, {
        details: { outDir: directory },
        suggestion: `Choose a folder with ${options.flag} DIR.`,
      });
    if (existing !== undefined && options.refuseExisting && !options.overwrite && (await readdir(directory)).length > 0)
      throw new InvalidInputError(`The folder ${directory} already exists and is not empty.`, {
        details: { outDir: directory },
        suggestion: `Add --force to replace its course.json and course.md, or choose another folder with --out DIR.`,
      });
    if (existing === undefined) {
      const missing: string[] = [];
      for (let folder = directory; (await statOrUndefined(folder)) === undefined; folder = path.dirname(folder)) {
        if (path.dirname(folder) === folder) break;
        missing.unshift(folder);
      }
      for (const folder of missing) {
        await mkdir(folder);
        created.push(folder);
      }
    }
    const probe = path.join(directory, `.courseforge-write-check-${process.pid}`);
    await writeFile(probe, "");
    await unlink(probe);
  } catch (error) {
    await discard();
    if (error instanceof InvalidInputError) throw error;
    throw notWritable(directory, options.flag, error);
  }
  return { directory, discard };
}

async function writeAtomically(file: string, content: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, content, "utf8");
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Writes `course.json` and `course.md` into `directory` (whose parent exists), each replaced whole or not at all. */
export async function writeCourseFiles(
  directory: string,
  course: Course,
): Promise<{ jsonFile: string; markdownFile: string }> {
  await mkdir(directory).catch((error: unknown) => {
    if (errorCode(error) !== "EEXIST") throw error;
  });
  const jsonFile = path.join(directory, "course.json");
  const markdownFile = path.join(directory, "course.md");
  await writeAtomically(jsonFile, `${JSON.stringify(course, null, 2)}\n`);
  await writeAtomically(markdownFile, courseToMarkdown(course));
  return { jsonFile, markdownFile };
}
