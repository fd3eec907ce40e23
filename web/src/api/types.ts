// The JSON shapes of the public API, as the server's own zod schemas say them (src/http/schemas.ts,
// src/course). Imported as types only: no server code and no zod reach the bundle.
import type { z } from "zod";
import type {
  CourseListResponse,
  CourseSummary as CourseSummaryResponse,
  JobListResponse,
  JobResponse,
  MeResponse,
  SubmitResponse,
  RevisionListResponse,
  DiffResponse,
} from "../../../src/http/schemas.ts";
import type {
  CollectionResponse,
  KnowledgeDocumentResponse,
  SearchResponse,
  UploadResponse,
} from "../../../src/http/schemas.ts";
import type { JobEvent as ServerJobEvent } from "../../../src/jobs/index.ts";

export type {
  Citation,
  Course,
  CourseLesson,
  CourseModule,
  CourseQuality,
  LessonQuality,
  Objective,
  Outline,
  OutlineLesson,
  OutlineModule,
  QuizQuestion,
  Section,
} from "../../../src/course/index.ts";
export type { ExportFormat } from "../../../src/export/index.ts";

/** A job: `GET /v1/jobs/:id`. */
export type Job = z.output<typeof JobResponse>;
/** A page of jobs: `GET /v1/jobs`. */
export type JobList = z.output<typeof JobListResponse>;
/** A job's state. */
export type JobStatus = Job["status"];
/** A course without its content: `GET /v1/courses` lists them. */
export type CourseSummary = z.output<typeof CourseSummaryResponse>;
/** A page of courses: `GET /v1/courses`. */
export type CourseList = z.output<typeof CourseListResponse>;
/** The answer to `POST /v1/courses`. */
export type Submitted = z.output<typeof SubmitResponse>;
/** A document of the knowledge base: `GET /v1/knowledge/documents/:id`. */
export type KnowledgeDocument = z.output<typeof KnowledgeDocumentResponse>;
/** A document's ingestion state. */
export type KnowledgeDocumentStatus = KnowledgeDocument["status"];
/** A collection of documents: `GET /v1/knowledge/collections` lists them. */
export type KnowledgeCollection = z.output<typeof CollectionResponse>;
/** The answer to an upload: `POST /v1/knowledge/documents`. */
export type KnowledgeUpload = z.output<typeof UploadResponse>;
/** The excerpts retrieval finds: `GET /v1/knowledge/search`. */
export type KnowledgeSearch = z.output<typeof SearchResponse>;
/** Who is signed in: `GET /v1/me`. */
export type Me = z.output<typeof MeResponse>;
/** A user's role. */
export type Role = Me["role"];

/**
 * The members of `Union` that `List` leaves out, as required keys: `const _all: Unlisted<Role, typeof roles> = {}`
 * compiles only when the list names them all, and otherwise names the missing ones.
 */
export type Unlisted<Union extends PropertyKey, List extends readonly Union[]> = Record<
  Exclude<Union, List[number]>,
  never
>;

/** The roles a user can have, from least to most privileged. */
export const roles = ["student", "teacher", "admin"] as const satisfies readonly Role[];
const _allRoles: Unlisted<Role, typeof roles> = {};

/** The data of one event of a job's stream: the server's own `JobEvent` union (src/jobs). */
export type JobEventData = ServerJobEvent;

/**
 * One event of `GET /v1/jobs/:id/events`: its id, its type and its data, the type telling which
 * member of the server's `JobEvent` union the data is.
 */
export type JobEvent = {
  readonly [Type in ServerJobEvent["type"]]: {
    readonly id: number;
    readonly type: Type;
    readonly data: Extract<ServerJobEvent, { readonly type: Type }>;
  };
}[ServerJobEvent["type"]];

/** A course's revisions: `GET /v1/courses/:id/revisions`. */
export type RevisionList = z.output<typeof RevisionListResponse>;
/** One revision's record. */
export type Revision = RevisionList["revisions"][number];
/** What changed between two revisions: `GET /v1/courses/:id/revisions/diff`. */
export type RevisionDiff = z.output<typeof DiffResponse>;
/** The part a revision rewrites. */
export type RevisionTarget = {
  readonly kind: "lesson" | "section" | "quiz" | "question" | "outline";
  readonly id?: string;
};
