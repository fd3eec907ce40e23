import { Outline } from "../../course/index.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";
import { streamJobEvents } from "../event-stream.ts";
import { presentJob } from "../present.ts";
import { route, type RouteDefinition } from "../route.ts";
import {
  CreateCourseBody,
  ErrorResponse,
  EventsQuery,
  JobListQuery,
  JobListResponse,
  JobParams,
  JobResponse,
  SubmitResponse,
} from "../schemas.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { CourseforgeError, InvalidInputError } from "../../errors/index.ts";
import type { JobView } from "../ports.ts";
import { LimitExceededError, rateLimitHeaders } from "../../limits/index.ts";

const idempotencyKeyPattern = /^[\x21-\x7e]{1,255}$/;

const notFound = { description: "No such job, or not yours (never told apart).", schema: ErrorResponse };
const invalid = {
  description: "Malformed JSON, a wrong type, an unknown field or a bad id; `details.field` names it.",
  schema: ErrorResponse,
};

function found<T>(value: T | undefined, jobId: string): T {
  if (value === undefined) throw new NotFoundError(`No job ${jobId}.`, { jobId });
  return value;
}

function idempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!idempotencyKeyPattern.test(header)) {
    throw new InvalidInputError(
      "Invalid header: Idempotency-Key: must be 1 to 255 visible ASCII characters (a UUID is a good key).",
      {
        details: {
          location: "header",
          field: "Idempotency-Key",
          issues: [{ field: "Idempotency-Key", message: "must be 1 to 255 visible ASCII characters" }],
        },
      },
    );
  }
  return header;
}

const terminal = new Set<JobView["status"]>(["succeeded", "failed", "canceled"]);

/** The job routes: submit, read, cancel, events, outline review. */
export const jobRoutes: readonly RouteDefinition[] = [
  route(
    {
      method: "post",
      path: "/v1/courses",
      operationId: "createCourse",
      summary: "Start generating a course",
      description:
        "Stores a generation job and answers at once with its id and links. A `model` must be on the caller's role's allow-list and priced, else 400 MODEL_NOT_ALLOWED naming the allowed ones (docs/limits.md). With `Idempotency-Key`, a repeated request with the same key and body returns the same job (`created: false`, header `Idempotent-Replayed: true`); the same key with another body is a 422 IDEMPOTENCY_KEY_REUSED.",
      tag: "jobs",
      access: "user",
      body: CreateCourseBody,
      headers: [
        {
          name: "Idempotency-Key",
          description: "Makes retries safe: 1-255 visible ASCII characters, unique per request you mean.",
          pattern: "^[\\x21-\\x7e]{1,255}$",
        },
      ],
      responses: {
        202: { description: "Job accepted (or the earlier job of this Idempotency-Key).", schema: SubmitResponse },
        400: invalid,
        413: { description: "Body over 1 MB.", schema: ErrorResponse },
        415: { description: "Body not declared as JSON.", schema: ErrorResponse },
        422: { description: "IDEMPOTENCY_KEY_REUSED: the key was used with another body.", schema: ErrorResponse },
        429: {
          description:
            "RATE_LIMITED (`details.limit`: courses-hour, courses-day or courses-global) or QUOTA_EXCEEDED (tokens-day); nothing was enqueued. Headers `Retry-After`, `RateLimit-Policy`, `RateLimit` (docs/limits.md).",
          schema: ErrorResponse,
        },
      },
    },
    async ({ context, caller, body, dependencies }) => {
      const key = idempotencyKey(context.req.header("idempotency-key"));
      const { reviewOutline, ...request } = body;
      const signal = context.req.raw.signal;
      let submitted: Awaited<ReturnType<typeof dependencies.jobs.submit>>;
      try {
        if (request.model !== undefined) await dependencies.limits.checkModel(caller, request.model, signal);
        const admission = await dependencies.limits.admission(caller, signal);
        submitted = await dependencies.jobs.submit(
          caller,
          { request, reviewOutline },
          { idempotencyKey: key, admission },
          signal,
        );
      } catch (error) {
        if (error instanceof LimitExceededError)
          for (const [name, value] of Object.entries(rateLimitHeaders([error.report]))) context.header(name, value);
        throw error;
      }
      const { job, created } = submitted;
      for (const [name, value] of Object.entries(rateLimitHeaders(submitted.limits))) context.header(name, value);
      const links = dependencies.links.job(job);
      context.header("Location", links.self);
      if (!created) context.header("Idempotent-Replayed", "true");
      return context.json({ jobId: job.id, status: job.status, created, links }, 202);
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/jobs",
      operationId: "listJobs",
      summary: "List your jobs, newest first",
      description:
        "Keyset pagination as for courses: `limit` 1-100 (default 20), `cursor` the previous page's `nextCursor`; `status` keeps one status. Admins see every user's jobs (`all=false`: only their own); `all=true` from anyone else is 403.",
      tag: "jobs",
      access: "user",
      query: JobListQuery,
      responses: {
        200: { description: "A page of jobs.", schema: JobListResponse },
        400: invalid,
        403: { description: "all=true without the admin role.", schema: ErrorResponse },
      },
    },
    async ({ context, caller, query, dependencies }) => {
      if (query.all === "true" && caller.role !== "admin")
        throw new ForbiddenError("Only admins can list every user's jobs (all=true).");
      const page = await dependencies.jobs.list(
        caller,
        {
          everyone: query.all !== "false",
          status: query.status,
          limit: query.limit ?? 20,
          after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
        },
        context.req.raw.signal,
      );
      return context.json(
        {
          jobs: page.jobs.map((job) => presentJob(job, dependencies.links)),
          nextCursor: page.next === undefined ? null : encodeCursor(page.next),
        },
        200,
      );
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/jobs/:id",
      operationId: "getJob",
      summary: "Read a job: status, progress, failure, course id",
      tag: "jobs",
      access: "user",
      params: JobParams,
      responses: { 200: { description: "The job.", schema: JobResponse }, 400: invalid, 404: notFound },
    },
    async ({ context, caller, params, dependencies }) => {
      const job = found(await dependencies.jobs.get(caller, params.id, context.req.raw.signal), params.id);
      return context.json(presentJob(job, dependencies.links), 200);
    },
  ),
  route(
    {
      method: "post",
      path: "/v1/jobs/:id/cancel",
      operationId: "cancelJob",
      summary: "Cancel a job",
      description:
        "200 when the job is canceled already (e.g. it was queued); 202 when a running job was asked to stop (it stops at its next step).",
      tag: "jobs",
      access: "user",
      params: JobParams,
      responses: {
        200: { description: "Canceled.", schema: JobResponse },
        202: { description: "Cancellation requested.", schema: JobResponse },
        400: invalid,
        404: notFound,
        409: { description: "JOB_ALREADY_FINISHED: the job succeeded or failed.", schema: ErrorResponse },
      },
    },
    async ({ context, caller, params, dependencies }) => {
      const job = found(await dependencies.jobs.cancel(caller, params.id, context.req.raw.signal), params.id);
      return context.json(presentJob(job, dependencies.links), terminal.has(job.status) ? 200 : 202);
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/jobs/:id/events",
      operationId: "streamJobEvents",
      summary: "Follow a job's progress (server-sent events)",
      description:
        "Replays the stored events after `Last-Event-ID` (header) or `?after=` (0 or absent: from the start), then streams new ones until the job ends (`job.succeeded`, `job.failed`, `job.canceled`) or the client disconnects. Each event: `id:` its event id, `event:` its type, `data:` JSON. Comment lines keep idle connections open.",
      tag: "jobs",
      access: "user",
      params: JobParams,
      query: EventsQuery,
      headers: [
        {
          name: "Last-Event-ID",
          description: "Resume after this event id (sent by EventSource on reconnection).",
          pattern: "^\\d{1,15}$",
        },
      ],
      responses: {
        200: { description: "An event stream.", contentType: "text/event-stream" },
        400: invalid,
        404: notFound,
        429: {
          description:
            "TOO_MANY_STREAMS: the caller already has `COURSEFORGE_MAX_STREAMS_PER_USER` streams open (default 20); retry after `Retry-After` seconds.",
          schema: ErrorResponse,
        },
      },
    },
    async ({ context, caller, params, query, dependencies }) => {
      const header = context.req.header("last-event-id");
      let afterId = Number(query.after ?? 0);
      if (header !== undefined && header.trim() !== "") {
        if (!/^\d{1,15}$/.test(header.trim())) {
          throw new InvalidInputError("Invalid header: Last-Event-ID: must be an event id (a whole number).", {
            details: {
              location: "header",
              field: "Last-Event-ID",
              issues: [{ field: "Last-Event-ID", message: "must be a whole number" }],
            },
          });
        }
        afterId = Math.max(afterId, Number(header.trim()));
      }
      return streamJobEvents(context, {
        jobs: dependencies.jobs,
        caller,
        jobId: params.id,
        afterId,
        timing: dependencies.eventStream,
        feed: dependencies.eventFeed,
        slots: dependencies.streamSlots,
      });
    },
  ),
  route(
    {
      method: "get",
      path: "/v1/jobs/:id/outline",
      operationId: "getOutline",
      summary: "Read a job's outline",
      tag: "outline review",
      access: "user",
      params: JobParams,
      responses: {
        200: { description: "The outline.", schema: Outline },
        400: invalid,
        404: {
          description: "NOT_FOUND, or OUTLINE_NOT_READY while the outline is being planned.",
          schema: ErrorResponse,
        },
      },
    },
    async ({ context, caller, params, dependencies }) => {
      const signal = context.req.raw.signal;
      const outline = await dependencies.jobs.getOutline(caller, params.id, signal);
      if (outline !== undefined) return context.json(outline, 200);
      const job = found(await dependencies.jobs.get(caller, params.id, signal), params.id);
      throw new CourseforgeError("OUTLINE_NOT_READY", `Job ${params.id} has no outline yet (status ${job.status}).`, {
        details: { jobId: params.id, status: job.status },
        suggestion: "Follow GET /v1/jobs/{id}/events; the outline exists once the outline step has finished.",
      });
    },
  ),
  route(
    {
      method: "put",
      path: "/v1/jobs/:id/outline",
      operationId: "updateOutline",
      summary: "Replace the outline of a job awaiting approval",
      description:
        "The body is the whole edited outline (as GET returns it). Shape errors are 400 naming the field; an outline that does not fit the job is 422 OUTLINE_INVALID with `details.issues`. The job's `request` then states the edited size; an edit with more lessons than that size is admitted against the caller's limits like a new course (429 when over one, nothing changed).",
      tag: "outline review",
      access: "user",
      params: JobParams,
      body: Outline,
      responses: {
        200: { description: "The stored outline.", schema: Outline },
        400: invalid,
        404: notFound,
        409: { description: "JOB_NOT_AWAITING_APPROVAL.", schema: ErrorResponse },
        413: { description: "Body over 1 MB.", schema: ErrorResponse },
        422: { description: "OUTLINE_INVALID.", schema: ErrorResponse },
        429: {
          description:
            "RATE_LIMITED or QUOTA_EXCEEDED: the edit grows the job and a limit refuses it; the outline is unchanged. Headers as for POST /v1/courses (docs/limits.md).",
          schema: ErrorResponse,
        },
      },
    },
    async ({ context, caller, params, body, dependencies }) => {
      let edited: Awaited<ReturnType<typeof dependencies.jobs.updateOutline>>;
      try {
        edited = await dependencies.jobs.updateOutline(
          caller,
          params.id,
          body,
          { admit: (signal) => dependencies.limits.admission(caller, signal) },
          context.req.raw.signal,
        );
      } catch (error) {
        if (error instanceof LimitExceededError)
          for (const [name, value] of Object.entries(rateLimitHeaders([error.report]))) context.header(name, value);
        throw error;
      }
      const outline = found(edited, params.id);
      return context.json(outline, 200);
    },
  ),
  route(
    {
      method: "post",
      path: "/v1/jobs/:id/approve",
      operationId: "approveOutline",
      summary: "Approve the outline; the job goes on to write the lessons",
      tag: "outline review",
      access: "user",
      params: JobParams,
      responses: {
        200: { description: "The job, queued again.", schema: JobResponse },
        400: invalid,
        404: notFound,
        409: { description: "JOB_NOT_AWAITING_APPROVAL.", schema: ErrorResponse },
      },
    },
    async ({ context, caller, params, dependencies }) => {
      const job = found(await dependencies.jobs.approve(caller, params.id, context.req.raw.signal), params.id);
      return context.json(presentJob(job, dependencies.links), 200);
    },
  ),
  route(
    {
      method: "post",
      path: "/v1/jobs/:id/resume",
      operationId: "resumeJob",
      summary: "Resume a job a budget stopped (BUDGET_EXCEEDED), once its cap is raised",
      description:
        "The job is queued again with its checkpoints: finished steps are not paid for again. If the cap is still too low the run stops at once with BUDGET_EXCEEDED, having spent nothing.",
      tag: "jobs",
      access: "user",
      params: JobParams,
      responses: {
        200: { description: "The job, queued again.", schema: JobResponse },
        400: invalid,
        404: notFound,
        409: { description: "JOB_NOT_RESUMABLE: the job was not stopped by a budget.", schema: ErrorResponse },
      },
    },
    async ({ context, caller, params, dependencies }) => {
      const job = found(await dependencies.jobs.resume(caller, params.id, context.req.raw.signal), params.id);
      return context.json(presentJob(job, dependencies.links), 200);
    },
  ),
];
