import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Course } from "../course/index.ts";
import { CourseforgeError, InvalidInputError } from "../errors/index.ts";
import { exportCourse, exportFormats, isExportFormat } from "../export/index.ts";
import { findCourseOfUser } from "../store/index.ts";
import { exitCodes, type CliContext } from "./io.ts";
import { withCommandTarget } from "./command-target.ts";

/** Options of `courseforge export`. */
export interface ExportOptions {
  format?: string;
  out?: string;
  dataDir?: string;
  json?: boolean;
}

/**
 * `export COURSE_ID --format F [--out FILE]`: writes a stored course as json, markdown, html, scorm12
 * or cc, with no model call. The file goes to `--out` (`-` for stdout) or, by default, to the
 * export's stable name in the working directory; it is written under a temporary name and renamed,
 * so a failed export leaves no half file.
 */
export async function exportCommand(courseId: string, options: ExportOptions, context: CliContext): Promise<number> {
  const format = options.format ?? "json";
  if (!isExportFormat(format)) {
    throw new InvalidInputError(`Unknown export format "${format}".`, {
      details: { field: "format" },
      suggestion: `Use --format with one of ${exportFormats.join(", ")}.`,
    });
  }
  // The CLI runs as the machine's operator: it reads any user's course, as an admin does (through
  // the running service's API, as its local admin, while the service holds the embedded database).
  const course = await withCommandTarget(options, context, async (target): Promise<Course | undefined> => {
    if (target.kind === "database")
      return (await findCourseOfUser(target.database, courseId, { userId: undefined }, context.signal))?.course;
    try {
      return await target.service.request<Course>("GET", `/v1/courses/${encodeURIComponent(courseId)}`, {
        signal: context.signal,
      });
    } catch (error) {
      if (CourseforgeError.isInstance(error) && error.code === "NOT_FOUND") return undefined;
      throw error;
    }
  });
  if (course === undefined) {
    throw new CourseforgeError("NOT_FOUND", `No course ${courseId} in this database.`, {
      details: { courseId },
      suggestion: "List the stored courses with GET /v1/courses, or check --data-dir / DATABASE_URL.",
    });
  }
  const file = exportCourse(course, format);
  const body = typeof file.body === "string" ? Readable.from([Buffer.from(file.body, "utf8")]) : file.body;
  if (options.out === "-") {
    await pipeline(body, context.stdout, { end: false, signal: context.signal });
    return exitCodes.success;
  }
  const target = path.resolve(context.workingDirectory, options.out ?? file.fileName);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    await pipeline(body, createWriteStream(temporary), { signal: context.signal });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  context.stdout.write(
    options.json ? `${JSON.stringify({ courseId, format, file: target })}\n` : `Wrote ${format} export to ${target}\n`,
  );
  return exitCodes.success;
}
