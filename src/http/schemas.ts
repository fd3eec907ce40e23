import { z } from "zod";
import { CourseRequest, maxInstructionLength, revisionTargetKinds } from "../course/index.ts";
import { exportFormats } from "../export/index.ts";
import { jobStatuses } from "../store/index.ts";
import { alertStatuses, costHistoryDays, logLevels } from "../observability/index.ts";
import { roles, userIdPattern } from "../users/index.ts";
import { postgresIntegerMax } from "./validation.ts";

// Request and response bodies of the API. Requests are strict (unknown fields are errors naming
// the field); the OpenAPI document is generated from these same schemas.

/** Ids as Courseforge makes them: `job_…`, `crs_…` (a prefix, then letters, digits, `_` or `-`). */
export const idFormats = {
  job: /^job_[A-Za-z0-9_-]{1,64}$/,
  course: /^crs_[A-Za-z0-9_-]{1,64}$/,
} as const;

const jobId = z.string().regex(idFormats.job, { error: 'must be a job id like "job_3f9c0d2b8e1a47c6b5d4"' });
const courseId = z.string().regex(idFormats.course, { error: 'must be a course id like "crs_3f9c0d2b8e1a47c6b5d4"' });

export const JobParams = z.strictObject({ id: jobId });
export const CourseParams = z.strictObject({ id: courseId });
export const UserParams = z.strictObject({
  id: z.string().regex(userIdPattern, { error: "must be a user id like usr_… or a Supabase user UUID" }),
});

const requestFieldNames = [...Object.keys(CourseRequest.shape), "reviewOutline"];

/** `POST /v1/courses`: the course request (the CLI's options in camelCase) and `reviewOutline`. */
export const CreateCourseBody = z.strictObject(
  {
    ...CourseRequest.shape,
    reviewOutline: z
      .boolean({
        error: (issue) => `reviewOutline must be true or false; got ${JSON.stringify(issue.input) ?? "nothing"}`,
      })
      .default(false)
      .describe("Pause after the outline until it is approved (edit it first with PUT /v1/jobs/{id}/outline)."),
  },
  {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") return `allowed fields are ${requestFieldNames.join(", ")}`;
      if (issue.code === "invalid_type") return 'the body must be a JSON object with a "topic"';
      return undefined;
    },
  },
);

const isoDateTime = z.iso.datetime();
const path = z.string().describe("A path on this API (including any base path).");

export const JobLinks = z.object({
  self: path,
  events: path,
  outline: path,
  cancel: path,
  approve: path,
  course: path.optional().describe("Present once the job has succeeded."),
});

export const SubmitResponse = z.object({
  jobId: z.string(),
  status: z.enum(jobStatuses),
  created: z.boolean().describe("False when an earlier request with the same Idempotency-Key made this job."),
  links: JobLinks,
});

export const JobResponse = z.object({
  id: z.string(),
  status: z.enum(jobStatuses),
  request: CourseRequest,
  reviewOutline: z.boolean(),
  stepsTotal: z.int(),
  stepsDone: z.int(),
  courseId: z.string().nullable(),
  failure: z.object({ code: z.string(), reason: z.string() }).nullable(),
  createdAt: isoDateTime,
  startedAt: isoDateTime.nullable(),
  finishedAt: isoDateTime.nullable(),
  links: JobLinks,
});

export const EventsQuery = z.strictObject({
  after: z
    .string()
    .regex(/^\d{1,15}$/, { error: "must be an event id (a whole number); it is the Last-Event-ID to resume after" })
    .optional(),
});

export const CourseListQuery = z.strictObject({
  limit: z
    .string()
    .regex(/^\d+$/, { error: "must be a whole number from 1 to 100" })
    .transform(Number)
    .pipe(
      z
        .int()
        .min(1, { error: "must be a whole number from 1 to 100" })
        .max(100, { error: "must be a whole number from 1 to 100" }),
    )
    .optional(),
  cursor: z.string().max(200, { error: "must be the nextCursor of a previous page" }).optional(),
  all: z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .optional()
    .describe("Admins: true lists every user's courses (the default for admins)."),
});

export const CourseSummary = z.object({
  id: z.string(),
  title: z.string(),
  topic: z.string(),
  language: z.string(),
  formatVersion: z.string(),
  ownerId: z.string().nullable(),
  jobId: z.string().nullable(),
  createdAt: isoDateTime,
  links: z.object({ self: path, export: path }),
});

export const CourseListResponse = z.object({
  courses: z.array(CourseSummary),
  nextCursor: z.string().nullable().describe("Pass as ?cursor= for the next page; null on the last page."),
});

export const JobListQuery = z.strictObject({
  limit: CourseListQuery.shape.limit,
  cursor: CourseListQuery.shape.cursor,
  all: z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .optional()
    .describe("Admins: true lists every user's jobs (the default for admins)."),
  status: z
    .enum(jobStatuses, { error: `must be one of ${jobStatuses.join(", ")}` })
    .optional()
    .describe("Only jobs in this status."),
});

export const JobListResponse = z.object({
  jobs: z.array(JobResponse),
  nextCursor: z.string().nullable().describe("Pass as ?cursor= for the next page; null on the last page."),
});

export const ExportQuery = z.strictObject({
  format: z
    .enum(exportFormats, { error: `must be one of ${exportFormats.join(", ")}` })
    .default("json")
    .describe(
      "json (the course document), markdown, html (one self-contained file), scorm12 (SCORM 1.2 zip) or cc (IMS Common Cartridge 1.1).",
    ),
});

/** The course to export: its id, or the id of the job making it (409 while that job runs). */
export const ExportParams = z.strictObject({
  id: z.string().regex(new RegExp(`${idFormats.course.source}|${idFormats.job.source}`), {
    error: 'must be a course id like "crs_3f9c0d2b8e1a47c6b5d4" or the id of the job making it ("job_…")',
  }),
});

export const CreateUserBody = z.strictObject({
  email: z
    .email({ error: "must be an email address such as ada@example.com" })
    .max(320)
    .describe("Email address; stored lowercased."),
  role: z.enum(roles, { error: `must be one of ${roles.join(", ")}` }),
  id: z
    .string()
    .regex(userIdPattern, { error: "must be 1-128 letters, digits or . _ : - (a Supabase user id is a UUID)" })
    .optional()
    .describe("For a Supabase user: its auth user id (the JWT `sub`)."),
  tokenName: z.string().min(1).max(100).optional(),
});

export const UserResponse = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(roles),
  disabledAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  activeTokens: z.int().optional(),
  lastUsedAt: isoDateTime.nullable().optional(),
});

export const CreatedUserResponse = z.object({
  userId: z.string(),
  email: z.string(),
  role: z.enum(roles),
  token: z.string().describe("The API token. Shown only here, once: only its hash is stored."),
  tokenPrefix: z.string(),
});

export const UserListResponse = z.object({ users: z.array(UserResponse) });

export const IssueTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional().describe('Tells the user\'s tokens apart (default "default").'),
});

export const IssuedTokenResponse = z.object({
  tokenId: z.string(),
  userId: z.string(),
  name: z.string(),
  token: z.string().describe("The API token. Shown only here, once: only its hash is stored."),
  tokenPrefix: z.string(),
});

export const MeResponse = z.object({ userId: z.string(), email: z.string(), role: z.enum(roles) });

export const HealthResponse = z.object({ status: z.literal("ok") });

export const ReadyResponse = z.object({
  status: z.enum(["ready", "not_ready"]),
  checks: z.object({ database: z.enum(["ok", "failed"]), migrations: z.enum(["ok", "pending", "unknown"]) }),
});

// Usage and limits (docs/limits.md).

const wholeCount = z.number().int().min(0);
const limitValue = wholeCount.nullable();

/** A role's limits (null: unlimited). */
export const RoleLimitsResponse = z.object({
  coursesPerHour: limitValue,
  coursesPerDay: limitValue,
  tokensPerDay: limitValue,
  burst: wholeCount,
});
/** A user's overrides (null: the role's value). */
export const UserLimitsResponse = z.object({
  coursesPerHour: limitValue,
  coursesPerDay: limitValue,
  tokensPerDay: limitValue,
  burst: limitValue,
});
const UsageWindowSchema = z.object({
  limit: limitValue,
  used: limitValue,
  remaining: limitValue,
  resetAt: z.string().nullable(),
});

// USD budgets (docs/limits.md, "Budgets").
const usdValue = z.number().nullable().describe("US dollars; null: no cap.");
const MoneyWindowSchema = z.object({
  limitUsd: usdValue,
  spentUsd: z.number().describe("Settled cost of finished model calls."),
  reservedUsd: z.number().describe("Held by running jobs; given back as they settle and end."),
  leftUsd: usdValue.describe("limit − spent − reserved (never below 0); null: no cap."),
  resetAt: z.string().describe("When the window starts again (UTC)."),
});
const MoneyUsageSchema = z.object({
  day: MoneyWindowSchema,
  month: MoneyWindowSchema,
  perCourseUsd: usdValue,
});
const BudgetCapsSchema = z.object({ usdPerDay: usdValue, usdPerMonth: usdValue, usdPerCourse: usdValue });
export const BudgetSettingsResponse = z.object({
  roles: z.object({ student: BudgetCapsSchema, teacher: BudgetCapsSchema, admin: BudgetCapsSchema }),
  global: z.object({ usdPerDay: usdValue }),
  users: z.array(BudgetCapsSchema.extend({ userId: z.string() })),
});
export const BudgetCapsResponse = BudgetCapsSchema;
// numeric(16,6): a billion dollars is far past any real cap and well inside the column.
const usdCap = z
  .number({ error: "must be an amount in US dollars from 0 to 1000000000, or null" })
  .min(0, { error: "must be an amount in US dollars from 0 to 1000000000, or null" })
  .max(1e9, { error: "must be an amount in US dollars from 0 to 1000000000, or null" })
  .nullable();
const budgetPatch = (meaning: string) =>
  z
    .strictObject({
      usdPerDay: patchBudgetField(meaning),
      usdPerMonth: patchBudgetField(meaning),
      usdPerCourse: patchBudgetField(meaning),
    })
    .refine((value) => Object.values(value).some((field) => field !== undefined), {
      error: "give at least one of usdPerDay, usdPerMonth, usdPerCourse",
    });
function patchBudgetField(meaning: string) {
  return usdCap.optional().describe(`Absent: unchanged; null: ${meaning}.`);
}
export const RoleBudgetBody = budgetPatch("no cap");
export const UserBudgetBody = budgetPatch("the role's value");
export const GlobalBudgetBody = z.strictObject({
  usdPerDay: usdCap.describe("What every job together may spend per UTC day; null: no cap."),
});
export const GlobalBudgetResponse = z.object({ usdPerDay: usdValue });
const CostLineSchema = z.object({ costUsd: z.number(), calls: z.number(), tokens: z.number() });
export const CostReportResponse = z.object({
  since: z.string(),
  totalUsd: z.number(),
  byUser: z.array(CostLineSchema.extend({ userId: z.string().nullable() })),
  byRole: z.array(CostLineSchema.extend({ role: z.string().nullable() })),
  byModel: z.array(CostLineSchema.extend({ model: z.string() })),
  byDay: z.array(CostLineSchema.extend({ day: z.string() })),
});
export const CostReportQuery = z.strictObject({
  days: z.coerce
    .number({ error: "must be a whole number of days from 1 to 366" })
    .int({ error: "must be a whole number of days from 1 to 366" })
    .min(1, { error: "must be a whole number of days from 1 to 366" })
    .max(366, { error: "must be a whole number of days from 1 to 366" })
    .default(30),
});

export const UsageResponse = z.object({
  userId: z.string(),
  role: z.enum(roles),
  limits: RoleLimitsResponse,
  coursesPerHour: UsageWindowSchema.extend({ burst: wholeCount }),
  coursesPerDay: UsageWindowSchema,
  tokensPerDay: UsageWindowSchema,
  knowledge: z
    .object({
      documents: z.object({ used: wholeCount, limit: wholeCount }),
      bytes: z.object({ used: wholeCount, limit: wholeCount }),
    })
    .optional()
    .describe(
      "Knowledge-base storage: documents and bytes stored, and the per-user quota (over it, an upload is 429 KNOWLEDGE_QUOTA_EXCEEDED). Absent when the knowledge base is not enabled.",
    ),
  budget: MoneyUsageSchema.describe("Dollars spent, held and left per UTC day and month, and the per-course cap."),
});
export const LimitSettingsResponse = z.object({
  roles: z.object({ student: RoleLimitsResponse, teacher: RoleLimitsResponse, admin: RoleLimitsResponse }),
  global: z.object({ coursesPerHour: limitValue }),
  users: z.array(UserLimitsResponse.extend({ userId: z.string() })),
});

// Request fields are bounded by their columns (integer; tokens_per_day bigint, of which JSON
// numbers carry the safe-integer part), so a value the database would refuse is a 400 naming it.
const storedLimit = (max: number) =>
  z
    .int({ error: `must be a whole number from 0 to ${max}, or null` })
    .min(0, { error: `must be a whole number from 0 to ${max}, or null` })
    .max(max, { error: `must be a whole number from 0 to ${max}, or null` })
    .nullable();
const integerLimit = storedLimit(postgresIntegerMax);
const tokenLimit = storedLimit(Number.MAX_SAFE_INTEGER);
const patchField = <Field extends z.ZodType>(field: Field, meaning: string) =>
  field.optional().describe(`Absent: unchanged; null: ${meaning}.`);
const patchFields = (meaning: string) => ({
  coursesPerHour: patchField(integerLimit, meaning),
  coursesPerDay: patchField(integerLimit, meaning),
  tokensPerDay: patchField(tokenLimit, meaning),
  burst: patchField(integerLimit, meaning),
});
const nonEmpty = (value: Record<string, unknown>) => Object.values(value).some((field) => field !== undefined);
export const RoleLimitsBody = z
  .strictObject(patchFields("unlimited (burst: 0)"))
  .refine(nonEmpty, { error: "give at least one of coursesPerHour, coursesPerDay, tokensPerDay, burst" });
export const UserLimitsBody = z
  .strictObject(patchFields("the role's value"))
  .refine(nonEmpty, { error: "give at least one of coursesPerHour, coursesPerDay, tokensPerDay, burst" });
export const GlobalLimitsBody = z.strictObject({
  coursesPerHour: integerLimit.describe("Courses per hour across every user; null: unlimited."),
});
export const RoleParams = z.strictObject({ role: z.enum(roles, { error: `must be one of ${roles.join(", ")}` }) });
export const LimitUserParams = z.strictObject({
  userId: z.string().regex(userIdPattern, { error: "must be a user id like usr_… or a Supabase user UUID" }),
});

export const ClearedUserLimitsResponse = z.object({ userId: z.string(), cleared: z.boolean() });
export const GlobalLimitsResponse = z.object({ coursesPerHour: limitValue });

// Model allow-lists (admins; docs/limits.md, "Models").

const modelName = z
  .string()
  .trim()
  .min(1, { error: "a model name must not be blank" })
  .max(200, { error: "a model name is at most 200 characters" });
export const RoleModelsResponse = z.object({
  models: z.array(z.string()),
  source: z.enum(["config", "admin"]).describe("config: the default list; admin: stored by an admin."),
});
export const ModelAccessResponse = z.object({
  roles: z.object({ student: RoleModelsResponse, teacher: RoleModelsResponse, admin: RoleModelsResponse }),
  selectable: z
    .array(z.string())
    .describe("Models that may be listed: the priced ones and the configured step models."),
});
export const RoleModelsBody = z.strictObject({
  models: z
    .array(modelName, { error: 'models must be a list of model names, e.g. ["gpt-4.1-mini"]' })
    .max(100, { error: "at most 100 models" })
    .describe("The models the role may name in a request (it may always leave `model` out)."),
});

// Stored logs and alerts (admins).

const instant = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date-time such as 2026-01-31T12:00:00Z" })
  .transform((value) => new Date(value));
const pageLimit = z
  .string()
  .regex(/^\d+$/, { error: "must be a whole number from 1 to 1000" })
  .transform(Number)
  .pipe(
    z
      .int()
      .min(1, { error: "must be a whole number from 1 to 1000" })
      .max(1000, { error: "must be a whole number from 1 to 1000" }),
  );

export const LogsQuery = z.strictObject({
  jobId: z.string().min(1).max(200).optional().describe("Only entries of this job."),
  severity: z
    .enum(logLevels, { error: `must be one of ${logLevels.join(", ")}` })
    .optional()
    .describe("Minimum severity: warn lists warn, error and fatal."),
  since: instant.optional().describe("Entries at or after this time."),
  until: instant.optional().describe("Entries before this time."),
  limit: pageLimit.optional().describe("Newest first, at most this many (default 100)."),
});

export const LogEntryResponse = z.object({
  id: z.number(),
  severity: z.enum(logLevels),
  jobId: z.string().nullable(),
  userId: z.string().nullable(),
  traceId: z.string().nullable(),
  event: z.string().nullable(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  errorName: z.string().nullable(),
  errorStack: z.string().nullable(),
  suggestion: z.string().nullable(),
  createdAt: z.string(),
});
export const LogListResponse = z.object({ logs: z.array(LogEntryResponse) });

export const AlertsQuery = z.strictObject({
  status: z
    .enum(alertStatuses, { error: `must be one of ${alertStatuses.join(", ")}` })
    .optional()
    .describe("Only alerts in this state."),
  limit: pageLimit.optional().describe("Most recent activity first, at most this many (default 100)."),
});
export const AlertParams = z.strictObject({
  id: z
    .string()
    .regex(/^\d{1,15}$/, { error: "must be an alert id (a whole number)" })
    .transform(Number),
});
export const AlertResponse = z.object({
  id: z.number(),
  rule: z.string(),
  key: z.string(),
  severity: z.enum(["warning", "critical"]),
  status: z.enum(alertStatuses),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  count: z.number().describe("Evaluations that found the condition while the alert was unresolved."),
  firstSeen: z.string(),
  lastSeen: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export const AlertListResponse = z.object({ alerts: z.array(AlertResponse) });

// The admin dashboard's figures.

const maxWindowHours = 24 * 30;
const hoursError = `must be a whole number of hours from 1 to ${maxWindowHours}`;

export const StatsQuery = z.strictObject({
  hours: z
    .string()
    .regex(/^\d+$/, { error: hoursError })
    .transform(Number)
    .pipe(z.int().min(1, { error: hoursError }).max(maxWindowHours, { error: hoursError }))
    .optional()
    .describe("Window of the model call figures, in hours (default 24)."),
});

const statCount = z.int().min(0);

export const StatsResponse = z.object({
  generatedAt: z.string(),
  jobs: z.object({
    byState: z.object(
      Object.fromEntries(jobStatuses.map((state) => [state, statCount])) as Record<
        (typeof jobStatuses)[number],
        typeof statCount
      >,
    ),
    queueDepth: statCount.describe("Jobs with status queued."),
    oldestQueuedAt: z.string().nullable(),
    oldestQueuedAgeSeconds: z.number().nullable().describe("Age of the oldest queued job; null when none is queued."),
  }),
  throughput: z.object({
    finishedLast24Hours: statCount,
    hours: z
      .array(z.object({ hourStart: z.string(), succeeded: statCount, failed: statCount, canceled: statCount }))
      .describe("Jobs finished in each of the last 24 UTC hours, oldest first; the current hour last."),
  }),
  modelCalls: z.object({
    windowHours: z.int(),
    models: z
      .array(
        z.object({
          model: z.string(),
          calls: statCount.describe("Attempts, retries included."),
          errors: statCount.describe("Attempts whose outcome is not success."),
          errorRate: z.number(),
          p50LatencyMs: z.number(),
          p95LatencyMs: z.number(),
          promptTokens: statCount,
          completionTokens: statCount,
          cachedPromptTokens: statCount,
          costUsd: z.number(),
        }),
      )
      .describe("By model, most expensive first."),
  }),
  costPerDay: z
    .array(z.object({ day: z.string().describe("YYYY-MM-DD (UTC)."), costUsd: z.number(), calls: statCount }))
    .describe(`The last ${costHistoryDays} UTC days, oldest first, today last; 0 on days without calls.`),
});

// The knowledge base (routes/knowledge.ts, docs/knowledge.md).

/** One document of the knowledge base, as the routes answer it. */
export const KnowledgeDocumentResponse = z.object({
  id: z.string(),
  collectionId: z.string(),
  title: z.string(),
  fileName: z.string(),
  mime: z.string(),
  bytes: z.number().int(),
  contentHash: z.string(),
  status: z.enum(["pending", "ready", "failed"]),
  failureReason: z.string().nullable(),
  chunkCount: z.number().int(),
  pageCount: z.number().int().nullable(),
  progress: z.object({
    phase: z
      .enum(["parsing", "chunking", "embedding", "storing"])
      .nullable()
      .describe("What the ingestion job is doing; null while queued and once ready or failed."),
    done: z.number().int().describe("Chunks embedded (in the embedding phase: n of `total`)."),
    total: z.number().int(),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** The answer to `POST /v1/knowledge/documents`. */
export const UploadResponse = z.object({
  collection: z.object({ id: z.string(), name: z.string() }),
  documents: z.array(KnowledgeDocumentResponse.extend({ duplicate: z.boolean() })),
});
/** One collection of `GET /v1/knowledge/collections`. */
export const CollectionResponse = z.object({
  id: z.string(),
  name: z.string(),
  shared: z.boolean(),
  own: z.boolean(),
  language: z.string(),
  documentCount: z.number().int(),
  createdAt: z.string(),
});
/** The answer to `GET /v1/knowledge/search`. */
export const SearchResponse = z.object({
  results: z.array(
    z.object({
      chunkId: z.string(),
      documentId: z.string(),
      title: z.string(),
      page: z.number().int().nullable(),
      headingPath: z.array(z.string()),
      text: z.string(),
      score: z.number(),
    }),
  ),
});

export const ErrorResponse = z.object({
  error: z.object({
    code: z.string().describe("Stable machine-readable code, e.g. INVALID_INPUT."),
    message: z.string(),
    details: z
      .record(z.string(), z.unknown())
      .describe("For INVALID_INPUT: location, field and issues[] ({field, message})."),
  }),
});

/** `budgetMs` of `POST /v1/worker/tick` (query or JSON body). */
export const TickBudget = z.coerce
  .number({ error: "must be a number of milliseconds" })
  .int({ error: "must be a whole number of milliseconds" })
  .min(100, { error: "must be at least 100 ms" })
  .max(900_000, { error: "must be at most 900000 ms (15 minutes)" });

/** What one serverless tick did (docs/vercel.md). */
export const TickResponse = z.object({
  workerId: z.string(),
  outcome: z.enum(["worked", "idle", "nothing_fitted"]),
  budgetMs: z.number().int(),
  elapsedMs: z.number().int(),
  timeLeftMs: z.number().int(),
  stepsRun: z.number().int(),
  jobsAdvanced: z.number().int(),
  jobsFinished: z.number().int(),
  modelCallMs: z.number().int(),
  callsDeferred: z.number().int(),
  jobs: z.array(
    z.object({
      jobId: z.string(),
      status: z.enum(jobStatuses).nullable(),
      stepsRun: z.number().int(),
    }),
  ),
});

// Revisions (docs/revisions.md).

const revisionNumber = z
  .string()
  .regex(/^[1-9]\d{0,8}$/, { error: "must be a revision number (1, 2, …)" })
  .transform(Number);

/** `?revision=N` of `GET /v1/courses/:id`. */
export const CourseQuery = z.strictObject({
  revision: revisionNumber.optional().describe("Read this revision instead of the current one."),
});

/** `GET /v1/courses/:id/export`: the format, and optionally a revision other than the current one. */
export const ExportRevisionQuery = ExportQuery.extend({
  revision: revisionNumber.optional().describe("Export this revision instead of the current one."),
});

export const RevisionParams = z.strictObject({ id: courseId, number: revisionNumber });

export const DiffQuery = z.strictObject({
  from: revisionNumber.describe("The earlier revision."),
  to: revisionNumber.optional().describe("The later revision (default: the current one)."),
});

/** `POST /v1/courses/:id/revisions`. */
export const CreateRevisionBody = z.strictObject({
  target: z
    .strictObject({
      kind: z.enum(revisionTargetKinds, { error: `must be one of ${revisionTargetKinds.join(", ")}` }),
      id: z.string().max(64).optional(),
    })
    .describe(
      'The part to rewrite: {"kind": "lesson", "id": "m1-l2"} (the lesson and its quiz), "section" (m1-l2-s3), "quiz" (m1-l2), "question" (m1-l2-q3), or {"kind": "outline"} (titles, description and summaries).',
    ),
  instruction: z.string().describe(`What to change, 1 to ${maxInstructionLength} characters, e.g. "simpler language".`),
});

const PartRef = z.object({ kind: z.string(), id: z.string() });

export const RevisionResponse = z.object({
  number: z.int(),
  current: z.boolean(),
  origin: z.enum(["generated", "regenerated", "restored"]),
  target: z.object({ kind: z.enum(revisionTargetKinds), id: z.string().optional() }).nullable(),
  instruction: z.string().nullable(),
  restoredFrom: z.int().nullable(),
  basedOn: z.int().nullable(),
  changedParts: z.array(PartRef).describe("The parts that differ from `basedOn`."),
  jobId: z.string().nullable(),
  userId: z.string().nullable(),
  createdAt: isoDateTime,
  links: z.object({ self: path, diff: path.optional() }),
});

export const RevisionListResponse = z.object({
  courseId: z.string(),
  current: z.int().describe("The revision GET /v1/courses/:id serves."),
  revisions: z.array(RevisionResponse).describe("Oldest first."),
});

export const DiffResponse = z.object({
  courseId: z.string(),
  from: z.int(),
  to: z.int(),
  changes: z.array(
    z.object({
      kind: z.enum(["course", "module", "lesson", "section", "question"]),
      id: z.string(),
      parentId: z.string().optional(),
      change: z.enum(["changed", "added", "removed"]),
      fields: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
      before: z.unknown().optional(),
      after: z.unknown().optional(),
    }),
  ),
});
