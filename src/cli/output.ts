import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Course } from "../course/index.ts";
import { courseToMarkdown } from "../export/index.ts";

/** Turns a topic into a folder name: lowercase ASCII words joined by dashes. */
export function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return slug || "course";
}

async function writeAtomically(file: string, content: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content, "utf8");
  await rename(temporary, file);
}

/** Writes `course.json` and `course.md` into `directory`, each replaced whole or not at all. */
export async function writeCourseFiles(
  directory: string,
  course: Course,
): Promise<{ jsonFile: string; markdownFile: string }> {
  await mkdir(directory, { recursive: true });
  const jsonFile = path.join(directory, "course.json");
  const markdownFile = path.join(directory, "course.md");
  await writeAtomically(jsonFile, `${JSON.stringify(course, null, 2)}\n`);
  await writeAtomically(markdownFile, courseToMarkdown(course));
  return { jsonFile, markdownFile };
}
