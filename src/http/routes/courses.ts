import { Course } from "../../course/index.ts";
import { Readable } from "node:stream";
import { CourseforgeError } from "../../errors/index.ts";
import { exportContentDisposition, exportCourse } from "../../export/index.ts";
import type { CourseJobs } from "../../jobs/index.ts";
import type { CourseSummaryRow } from "../../store/index.ts";
import type { Caller } from "../../users/index.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";
import type { AppDependencies } from "../dependencies.ts";
import type { Links } from "../links.ts";
import { route, type RouteDefinition } from "../route.ts";
import {
  CourseListQuery,
  CourseListResponse,
  CourseParams,
  CourseQuery,
  ErrorResponse,
  ExportParams,
  ExportRevisionQuery,
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

const generatingStatuses: readonly string[] = ["queued", "running", "awaiting_approval"];

// A job id names the course it makes: 409 while it is being made, 404 when it ended without one.
async function courseOfJob(jobs: CourseJobs, caller: Caller, jobId: string, signal: AbortSignal): Promise<string> {
  const job = await jobs.get(caller, jobId, signal);
  if (job === undefined) throw new NotFoundError(`No job ${jobId}.`, { jobId });
  if (job.courseId !== null) return job.courseId;
  if (generatingStatuses.includes(job.status)) {
    throw new CourseforgeError("COURSE_NOT_READY", `The course of job ${jobId} is still generating (${job.status}).`, {
      details: { jobId, status: job.status },
      suggestion: `Export it once the job has succeeded: follow GET /v1/jobs/${jobId} (or its events).`,
    });
  }
  throw new NotFoundError(
    `Job ${jobId} ended (${job.status}) without a course; submit a new one with POST /v1/courses.`,
    {
      jobId,
      status: job.status,
    },
  );
}

// The current revision from the library, or a named one from the revisions service.
async function readCourse(
  dependencies: AppDependencies,
  caller: Caller,
  courseId: string,
  revision: number | undefined,
  signal: AbortSignal,
  askedFor: string = courseId,
): Promise<{ course: Course; revision: number }> {
  if (revision === undefined || dependencies.revisions === undefined) {
    const found = await dependencies.courses.get(caller, courseId, signal);
    if (found === undefined) throw new NotFoundError(`No course ${askedFor}.`, { courseId: askedFor });
    return { course: found.course, revision: found.summary.currentRevision };
  }
  const found = await dependencies.revisions.get(caller, courseId, revision, signal);
  if (found === undefined) throw new NotFoundError(`No course ${askedFor}.`, { courseId: askedFor });
  return { course: found.course, revision: found.revision.number };
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
      description:
        "The current revision, or revision `N` with `?revision=N` (404 REVISION_NOT_FOUND when the course has none). Header `Course-Revision` names the revision served.",
      tag: "courses",
      access: "user",
      params: CourseParams,
      query: CourseQuery,
      responses: {
        200: { description: "The course document, as in docs/course-format.md.", schema: Course },
        400: invalid,
        404: notFound,
      },
    },
    async ({ context, caller, params, query, dependencies }) => {
      const found = await readCourse(dependencies, caller, params.id, query.revision, context.req.raw.signal);
      context.header("Course-Revision", String(found.revision));
      return context.json(found.course, 200);
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/courses/:id/export",
      operationId: "exportCourse",
      summary: "Download a course as JSON, Markdown, HTML, SCORM 1.2 or Common Cartridge",
      description:
        "`format`: `json` (default, the course document), `markdown`, `html` (one self-contained page with offline quizzes), `scorm12` (SCORM 1.2 zip, one SCO per lesson) or `cc` (IMS Common Cartridge 1.1 with QTI quizzes); see docs/exports.md. Made from the stored course, without any model call; packages are streamed. The file name is `<title>-<course id>.<extension>`. `:id` may also be the id of the job making the course: 409 while it is still generating.",
      tag: "courses",
      access: "user",
      params: ExportParams,
      query: ExportRevisionQuery,
      responses: {
        200: {
          description: "The file, with Content-Disposition: attachment.",
          schema: Course,
          alsoContentTypes: ["text/markdown", "text/html", "application/zip", "application/vnd.ims.imscc+zip"],
        },
        400: { description: "An unknown format (the message lists the formats) or a bad id.", schema: ErrorResponse },
        404: notFound,
        409: { description: "The course is still generating (COURSE_NOT_READY).", schema: ErrorResponse },
      },
    },
    async ({ context, caller, params, query, dependencies }) => {
      const signal = context.req.raw.signal;
      const courseId = params.id.startsWith("job_")
        ? await courseOfJob(dependencies.jobs, caller, params.id, signal)
        : params.id;
      const found = await readCourse(dependencies, caller, courseId, query.revision, signal, params.id);
      context.header("Course-Revision", String(found.revision));
      const file = exportCourse(found.course, query.format);
      context.header("Content-Disposition", exportContentDisposition(found.course, file.fileName));
      context.header("Content-Type", file.contentType);
      if (typeof file.body === "string") return context.body(file.body, 200);
      const stream = file.body;
      signal.addEventListener("abort", () => stream.destroy(), { once: true });
      return context.body(Readable.toWeb(stream) as ReadableStream<Uint8Array>, 200);
    },
  ),
];
