import type { Readable } from "node:stream";
import { slugOf, type Course } from "../course/index.ts";
import { courseToCommonCartridge } from "./common-cartridge.ts";
import { courseToHtml } from "./html.ts";
import { courseToMarkdown } from "./markdown.ts";
import { courseToScorm } from "./scorm.ts";

/** Every export format, in the order they are listed to users. */
export const exportFormats = ["json", "markdown", "html", "scorm12", "cc"] as const;

/** An export format. */
export type ExportFormat = (typeof exportFormats)[number];

/** A rendered export: a file name, its media type and its bytes (text, or a zip stream). */
export interface CourseExport {
  readonly fileName: string;
  readonly contentType: string;
  readonly body: string | Readable;
}

const kinds: Record<
  ExportFormat,
  { extension: string; contentType: string; render: (course: Course) => string | Readable }
> = {
  json: {
    extension: "json",
    contentType: "application/json; charset=utf-8",
    render: (course) => `${JSON.stringify(course, null, 2)}\n`,
  },
  markdown: { extension: "md", contentType: "text/markdown; charset=utf-8", render: courseToMarkdown },
  html: { extension: "html", contentType: "text/html; charset=utf-8", render: courseToHtml },
  scorm12: { extension: "scorm12.zip", contentType: "application/zip", render: courseToScorm },
  cc: { extension: "imscc", contentType: "application/vnd.ims.imscc+zip", render: courseToCommonCartridge },
};

/** Whether a string names an export format. */
export function isExportFormat(value: string): value is ExportFormat {
  return (exportFormats as readonly string[]).includes(value);
}

/**
 * Exports a stored course: no model call, packages streamed. The file name is stable: the course
 * title as a slug plus the course id, so two exports of one course get the same name and two
 * courses with the same title do not.
 */
export function exportCourse(course: Course, format: ExportFormat): CourseExport {
  const kind = kinds[format];
  return {
    fileName: exportFileName(course, kind.extension),
    contentType: kind.contentType,
    body: kind.render(course),
  };
}

/** `<title-slug>-<course id>.<extension>`: the slug keeps letters of any script (src/course/slug.ts); no separators or dots. */
export function exportFileName(course: Pick<Course, "id" | "title">, extension: string): string {
  const id = course.id.replace(/[^A-Za-z0-9_-]+/g, "-");
  const slug = slugOf(course.title);
  return `${slug === undefined ? "" : `${slug}-`}${id}.${extension}`;
}

/**
 * The Content-Disposition of an export: `filename*` (RFC 6266) keeps a title in any script;
 * `filename` is the ASCII name for clients that read only that one (the course id when the title is not ASCII).
 */
export function exportContentDisposition(course: Pick<Course, "id">, fileName: string): string {
  const extension = fileName.slice(fileName.lastIndexOf(".") + 1);
  const asciiName = /^[\x20-\x7e]+$/.test(fileName)
    ? fileName
    : exportFileName({ id: course.id, title: "" }, extension);
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
