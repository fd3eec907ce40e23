import { Course } from "../../course/index.ts";
import { courseToMarkdown } from "../../export/index.ts";
import type { CourseSummaryRow } from "../../store/index.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";
import type { Links } from "../links.ts";
import { route, type RouteDefinition } from "../route.ts";
import {
  CourseListQuery,
  CourseListResponse,
  CourseParams,
  ErrorResponse,
  ExportQuery,
  type CourseSummary,
} from "../schemas.ts";
import type { z } from "zod";

const defaultPageSize = 20;
const invalid = { description: "A bad id or query parameter; `details.field` names it.", schema: ErrorResponse };
const notFound = { description: "No such course, or not yours (never told apart).", schema: ErrorResponse };

function presentSummary(row: CourseSummaryRow, links: Links): z.output<typeof CourseSummary> {
  return {
    id: row.id,
    title: row.title,
    topic: row.topic,
    language: row.language,
    formatVersion: row.formatVersion,
    ownerId: row.userId,
    jobId: row.jobId,
    createdAt: row.createdAt.toISOString(),
    links: links.course(row.id),
  };
}

function fileName(title: string, extension: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${slug || "course"}.${extension}`;
}

/** The course routes: list (paginated), read, export. */
export const courseRoutes: readonly RouteDefinition[] = [
  route(
    {
      method: "get",
      path: "/v1/courses",
      operationId: "listCourses",
      summary: "List your courses, newest first",
      description:
        "Keyset pagination: `limit` 1-100 (default 20); pass `nextCursor` as `cursor` for the next page. Admins see every user's courses (`all=false`: only their own); `all=true` from anyone else is 403.",
      tag: "courses",
      access: "user",
      query: CourseListQuery,
      responses: {
        200: { description: "A page of courses.", schema: CourseListResponse },
        400: invalid,
        403: { description: "all=true without the admin role.", schema: ErrorResponse },
      },
    },
    async ({ context, caller, query, dependencies }) => {
      if (query.all === "true" && caller.role !== "admin")
        throw new ForbiddenError("Only admins can list every user's courses (all=true).");
      const page = await dependencies.courses.list(
        caller,
        {
          everyone: query.all !== "false",
          limit: query.limit ?? defaultPageSize,
          after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
        },
        context.req.raw.signal,
      );
      return context.json(
        {
          courses: page.courses.map((row) => presentSummary(row, dependencies.links)),
          nextCursor: page.next === undefined ? null : encodeCursor(page.next),
        },
        200,
      );
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/courses/:id",
      operationId: "getCourse",
      summary: "Read a course (format v1 JSON document)",
      tag: "courses",
      access: "user",
      params: CourseParams,
      responses: {
        200: { description: "The course document, as in docs/course-format.md.", schema: Course },
        400: invalid,
        404: notFound,
      },
    },
    async ({ context, caller, params, dependencies }) => {
      const found = await dependencies.courses.get(caller, params.id, context.req.raw.signal);
      if (found === undefined) throw new NotFoundError(`No course ${params.id}.`, { courseId: params.id });
      return context.json(found.course, 200);
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/courses/:id/export",
      operationId: "exportCourse",
      summary: "Download a course as JSON or Markdown",
      description:
        "`format=json` (default): the course document as an attachment; `format=markdown`: the course as Markdown (text/markdown).",
      tag: "courses",
      access: "user",
      params: CourseParams,
      query: ExportQuery,
      responses: {
        200: {
          description: "The file (application/json or text/markdown), with Content-Disposition: attachment.",
          schema: Course,
          alsoContentTypes: ["text/markdown"],
        },
        400: invalid,
        404: notFound,
      },
    },
    async ({ context, caller, params, query, dependencies }) => {
      const found = await dependencies.courses.get(caller, params.id, context.req.raw.signal);
      if (found === undefined) throw new NotFoundError(`No course ${params.id}.`, { courseId: params.id });
      const markdown = query.format === "markdown";
      const name = fileName(found.course.title, markdown ? "md" : "json");
      context.header("Content-Disposition", `attachment; filename="${name}"`);
      if (markdown) {
        context.header("Content-Type", "text/markdown; charset=utf-8");
        return context.body(courseToMarkdown(found.course), 200);
      }
      context.header("Content-Type", "application/json; charset=utf-8");
      return context.body(`${JSON.stringify(found.course, null, 2)}\n`, 200);
    },
  ),
];
