import type { z } from "zod";
import type { RevisionRow } from "../../store/index.ts";
import { NotFoundError } from "../errors.ts";
import { isoDate } from "../present.ts";
import { route, type RouteDefinition } from "../route.ts";
import {
  CourseParams,
  CreateRevisionBody,
  DiffQuery,
  DiffResponse,
  ErrorResponse,
  RevisionListResponse,
  RevisionParams,
  RevisionResponse,
  SubmitResponse,
} from "../schemas.ts";
import { LimitExceededError, rateLimitHeaders } from "../../limits/index.ts";
import type { AppDependencies } from "../dependencies.ts";

const invalid = {
  description: "A bad id, query parameter or body field; `details.field` names it.",
  schema: ErrorResponse,
};
const notFound = {
  description:
    "No such course, or not yours (never told apart); REVISION_NOT_FOUND for a revision number the course does not have.",
  schema: ErrorResponse,
};

function revisionsOf(dependencies: AppDependencies) {
  const { revisions } = dependencies;
  if (revisions === undefined) throw new NotFoundError("This server keeps no course revisions.");
  return revisions;
}

function noCourse(courseId: string): never {
  throw new NotFoundError(`No course ${courseId}.`, { courseId });
}

/** The JSON shape of a revision, with its links. */
export function presentRevision(row: RevisionRow, base: string): z.output<typeof RevisionResponse> {
  const self = `${base}/v1/courses/${encodeURIComponent(row.courseId)}/revisions/${row.number}`;
  return {
    number: row.number,
    current: row.current,
    origin: row.origin,
    target: (row.target ?? null) as z.output<typeof RevisionResponse>["target"],
    instruction: row.instruction,
    restoredFrom: row.restoredFrom,
    basedOn: row.basedOn,
    changedParts: Array.isArray(row.changedParts) ? (row.changedParts as { kind: string; id: string }[]) : [],
    jobId: row.jobId,
    userId: row.userId,
    createdAt: isoDate(row.createdAt),
    links: {
      self,
      ...(row.basedOn === null
        ? {}
        : {
            diff: `${base}/v1/courses/${encodeURIComponent(row.courseId)}/revisions/diff?from=${row.basedOn}&to=${row.number}`,
          }),
    },
  };
}

// The links' base path: a course's self link without its `/v1/courses/<id>` tail.
function basePath(dependencies: AppDependencies, courseId: string): string {
  const self = dependencies.links.course(courseId).self;
  return self.slice(0, self.length - `/v1/courses/${encodeURIComponent(courseId)}`.length);
}

/** The revision routes: regenerate a part, list, read, diff, restore. */
export const revisionRoutes: readonly RouteDefinition[] = [
  route(
    {
      method: "post",
      path: "/v1/courses/:id/revisions",
      operationId: "createRevision",
      summary: "Regenerate one part of a course with an instruction (a new revision)",
      description:
        "Starts a revision job — the same queue, limits, progress events (GET /v1/jobs/{jobId}/events) and cancel as a course job — that rewrites the target (a lesson and its quiz, a section, a quiz, one question, or the outline's wording) following `instruction`, copies every other part, keeps every id, and stores the result as the course's new current revision. If the job fails or is canceled the current revision stays as it was. See docs/revisions.md.",
      tag: "revisions",
      access: "user",
      params: CourseParams,
      body: CreateRevisionBody,
      responses: {
        202: { description: "Revision job accepted.", schema: SubmitResponse },
        400: {
          description:
            "An empty instruction, one over 2000 characters, or a malformed target; `details.field` names it.",
          schema: ErrorResponse,
        },
        404: {
          description:
            "No such course (or not yours), or REVISION_TARGET_NOT_FOUND naming the part the course does not have.",
          schema: ErrorResponse,
        },
        409: { description: "REVISION_IN_PROGRESS: the course is already being regenerated.", schema: ErrorResponse },
        429: { description: "RATE_LIMITED or QUOTA_EXCEEDED, as for POST /v1/courses.", schema: ErrorResponse },
      },
    },
    async ({ context, caller, params, body, dependencies }) => {
      const signal = context.req.raw.signal;
      const revisions = revisionsOf(dependencies);
      let submitted: Awaited<ReturnType<typeof revisions.submit>>;
      try {
        const admission = await dependencies.limits.admission(caller, signal);
        submitted = await revisions.submit(caller, params.id, body, { admission }, signal);
      } catch (error) {
        if (error instanceof LimitExceededError)
          for (const [name, value] of Object.entries(rateLimitHeaders([error.report]))) context.header(name, value);
        throw error;
      }
      if (submitted === undefined) noCourse(params.id);
      for (const [name, value] of Object.entries(rateLimitHeaders(submitted.limits))) context.header(name, value);
      const links = dependencies.links.job(submitted.job);
      context.header("Location", links.self);
      return context.json({ jobId: submitted.job.id, status: submitted.job.status, created: true, links }, 202);
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/courses/:id/revisions",
      operationId: "listRevisions",
      summary: "List a course's revisions, oldest first",
      tag: "revisions",
      access: "user",
      params: CourseParams,
      responses: {
        200: { description: "The revisions.", schema: RevisionListResponse },
        400: invalid,
        404: notFound,
      },
    },
    async ({ context, caller, params, dependencies }) => {
      const rows = await revisionsOf(dependencies).list(caller, params.id, context.req.raw.signal);
      if (rows === undefined) noCourse(params.id);
      const base = basePath(dependencies, params.id);
      return context.json(
        {
          courseId: params.id,
          current: rows.find((row) => row.current)?.number ?? 1,
          revisions: rows.map((row) => presentRevision(row, base)),
        },
        200,
      );
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/courses/:id/revisions/diff",
      operationId: "diffRevisions",
      summary: "Compare two revisions part by part",
      description:
        "Parts (course, module, lesson, section, question) are matched by id; each change lists the fields that differ with their values before and after, or the whole part when only one side has it.",
      tag: "revisions",
      access: "user",
      params: CourseParams,
      query: DiffQuery,
      responses: { 200: { description: "The changes.", schema: DiffResponse }, 400: invalid, 404: notFound },
    },
    async ({ context, caller, params, query, dependencies }) => {
      const signal = context.req.raw.signal;
      const revisions = revisionsOf(dependencies);
      let to = query.to;
      if (to === undefined) {
        const rows = await revisions.list(caller, params.id, signal);
        if (rows === undefined) noCourse(params.id);
        to = rows.find((row) => row.current)?.number ?? 1;
      }
      const diff = await revisions.diff(caller, params.id, query.from, to, signal);
      if (diff === undefined) noCourse(params.id);
      return context.json(diff, 200);
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/courses/:id/revisions/:number",
      operationId: "getRevision",
      summary: "Read one revision's record (its document: GET /v1/courses/:id?revision=N)",
      tag: "revisions",
      access: "user",
      params: RevisionParams,
      responses: { 200: { description: "The revision.", schema: RevisionResponse }, 400: invalid, 404: notFound },
    },
    async ({ context, caller, params, dependencies }) => {
      const found = await revisionsOf(dependencies).get(caller, params.id, params.number, context.req.raw.signal);
      if (found === undefined) noCourse(params.id);
      return context.json(presentRevision(found.revision, basePath(dependencies, params.id)), 200);
    },
  ),
  route(
    {
      method: "post",
      path: "/v1/courses/:id/revisions/:number/restore",
      operationId: "restoreRevision",
      summary: "Make an older revision current again (stored as a new revision)",
      tag: "revisions",
      access: "user",
      params: RevisionParams,
      responses: {
        201: { description: "The new revision, a copy of the one restored.", schema: RevisionResponse },
        400: invalid,
        404: notFound,
        409: {
          description: "REVISION_IS_CURRENT, or REVISION_IN_PROGRESS while the course is being regenerated.",
          schema: ErrorResponse,
        },
      },
    },
    async ({ context, caller, params, dependencies }) => {
      const row = await revisionsOf(dependencies).restore(caller, params.id, params.number, context.req.raw.signal);
      if (row === undefined) noCourse(params.id);
      return context.json(presentRevision(row, basePath(dependencies, params.id)), 201);
    },
  ),
];
