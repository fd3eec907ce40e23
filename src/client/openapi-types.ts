// Generated from the API's OpenAPI document by scripts/write-client-types.ts: do not edit.
// Regenerate with `npm run client:types` after changing a route or its schemas.
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics (text exposition format)
         * @description Open when COURSEFORGE_METRICS_TOKEN is unset; otherwise send `Authorization: Bearer <COURSEFORGE_METRICS_TOKEN>`.
         */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database answers and its migrations are current */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alerts raised by the evaluator, most recent activity first */
        get: operations["listAlerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/alerts/{id}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Acknowledge an open alert (it stays until its condition clears) */
        post: operations["acknowledgeAlert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/alerts/{id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resolve an alert by hand */
        post: operations["resolveAlert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/budgets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every role's USD caps, the global daily budget and the per-user overrides */
        get: operations["getBudgets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/budgets/global": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change the service's daily USD budget
         * @description Past it new jobs wait (or fail, COURSEFORGE_OVER_GLOBAL_BUDGET=refuse); running jobs finish.
         */
        put: operations["setGlobalBudget"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/budgets/roles/{role}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change what each user of a role may spend per day, month and course */
        put: operations["setRoleBudget"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/budgets/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Override one user's USD caps (they beat the role's) */
        put: operations["setUserBudget"];
        post?: never;
        /** Remove a user's USD overrides (the role's caps apply again) */
        delete: operations["clearUserBudget"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/cache": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The answer cache: hit rate and savings per task, entries now */
        get: operations["getAnswerCacheStats"];
        put?: never;
        post?: never;
        /**
         * Purge the answer cache (all, one task's, or the expired entries)
         * @description The hit and savings counters are kept; only entries are deleted.
         */
        delete: operations["purgeAnswerCache"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/costs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cost of model calls by user, role, model and UTC day */
        get: operations["getCostReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/limits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every role's limits, the global limit and the per-user overrides */
        get: operations["getLimits"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/limits/global": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change the service-wide limit of courses per hour */
        put: operations["setGlobalLimit"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/limits/roles/{role}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a role's limits (takes effect at once, in every process) */
        put: operations["setRoleLimits"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/limits/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Override limits for one user (they beat the role's) */
        put: operations["setUserLimits"];
        post?: never;
        /** Remove a user's overrides (the role's limits apply again) */
        delete: operations["clearUserLimits"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stored log entries, newest first, filtered by job, severity and time */
        get: operations["listLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The models each role may name in a course request */
        get: operations["getModelAllowLists"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/models/{role}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change the models a role may name (takes effect at once, in every process)
         * @description Every model must be priced (`prices`) or a configured step model; others are 400 INVALID_INPUT.
         */
        put: operations["setRoleModels"];
        post?: never;
        /** Give a role its default allow-list again */
        delete: operations["resetRoleModels"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Jobs by state, queue, throughput, model calls by model and cost per day */
        get: operations["getAdminStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users with their token counts */
        get: operations["listUsers"];
        put?: never;
        /** Create a user and its first API token (shown once) */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/users/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a user: its tokens and JWTs stop working at once */
        post: operations["disableUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/users/{id}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue another API token for a user (shown once)
         * @description The user's other tokens keep working. Send `{}` or `{"name": "laptop"}`.
         */
        post: operations["issueUserToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/courses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List your courses, newest first
         * @description Keyset pagination: `limit` 1-100 (default 20); pass `nextCursor` as `cursor` for the next page. Admins see every user's courses (`all=false`: only their own); `all=true` from anyone else is 403.
         */
        get: operations["listCourses"];
        put?: never;
        /**
         * Start generating a course
         * @description Stores a generation job and answers at once with its id and links. A `model` must be on the caller's role's allow-list and priced, else 400 MODEL_NOT_ALLOWED naming the allowed ones (docs/limits.md). With `Idempotency-Key`, a repeated request with the same key and body returns the same job (`created: false`, header `Idempotent-Replayed: true`); the same key with another body is a 422 IDEMPOTENCY_KEY_REUSED.
         */
        post: operations["createCourse"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/courses/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a course (format v1 JSON document)
         * @description The current revision, or revision `N` with `?revision=N` (404 REVISION_NOT_FOUND when the course has none). Header `Course-Revision` names the revision served.
         */
        get: operations["getCourse"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/courses/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a course as JSON, Markdown, HTML, SCORM 1.2 or Common Cartridge
         * @description `format`: `json` (default, the course document), `markdown`, `html` (one self-contained page with offline quizzes), `scorm12` (SCORM 1.2 zip, one SCO per lesson) or `cc` (IMS Common Cartridge 1.1 with QTI quizzes); see docs/exports.md. Made from the stored course, without any model call; packages are streamed. The file name is `<title>-<course id>.<extension>`. `:id` may also be the id of the job making the course: 409 while it is still generating.
         */
        get: operations["exportCourse"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/courses/{id}/revisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a course's revisions, oldest first */
        get: operations["listRevisions"];
        put?: never;
        /**
         * Regenerate one part of a course with an instruction (a new revision)
         * @description Starts a revision job — the same queue, limits, progress events (GET /v1/jobs/{jobId}/events) and cancel as a course job — that rewrites the target (a lesson and its quiz, a section, a quiz, one question, or the outline's wording) following `instruction`, copies every other part, keeps every id, and stores the result as the course's new current revision. If the job fails or is canceled the current revision stays as it was. See docs/revisions.md.
         */
        post: operations["createRevision"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/courses/{id}/revisions/{number}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read one revision's record (its document: GET /v1/courses/:id?revision=N) */
        get: operations["getRevision"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/courses/{id}/revisions/{number}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make an older revision current again (stored as a new revision) */
        post: operations["restoreRevision"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/courses/{id}/revisions/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Compare two revisions part by part
         * @description Parts (course, module, lesson, section, question) are matched by id; each change lists the fields that differ with their values before and after, or the whole part when only one side has it.
         */
        get: operations["diffRevisions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/courses/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Before spending: similar courses that already exist
         * @description Takes the body of `POST /v1/courses` and stores nothing. Lists the finished courses you may read with the same level, language, audience and size and a topic at least `threshold` similar (another user's course built from their knowledge base is never listed). Submit with `reuse: "course"` (a copy at $0) or `reuse: "outline"` (its outline, then new lessons) and `reuseFrom` to start from one.
         */
        post: operations["previewCourse"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List your jobs, newest first
         * @description Keyset pagination as for courses: `limit` 1-100 (default 20), `cursor` the previous page's `nextCursor`; `status` keeps one status. Admins see every user's jobs (`all=false`: only their own); `all=true` from anyone else is 403.
         */
        get: operations["listJobs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a job: status, progress, failure, course id */
        get: operations["getJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve the outline; the job goes on to write the lessons */
        post: operations["approveOutline"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a job
         * @description 200 when the job is canceled already (e.g. it was queued); 202 when a running job was asked to stop (it stops at its next step).
         */
        post: operations["cancelJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Follow a job's progress (server-sent events)
         * @description Replays the stored events after `Last-Event-ID` (header) or `?after=` (0 or absent: from the start), then streams new ones until the job ends (`job.succeeded`, `job.failed`, `job.canceled`) or the client disconnects. Each event: `id:` its event id, `event:` its type, `data:` JSON. Comment lines keep idle connections open.
         */
        get: operations["streamJobEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/outline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a job's outline */
        get: operations["getOutline"];
        /**
         * Replace the outline of a job awaiting approval
         * @description The body is the whole edited outline (as GET returns it). Shape errors are 400 naming the field; an outline that does not fit the job is 422 OUTLINE_INVALID with `details.issues`. The job's `request` then states the edited size; an edit with more lessons than that size is admitted against the caller's limits like a new course (429 when over one, nothing changed).
         */
        put: operations["updateOutline"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a job a budget stopped (BUDGET_EXCEEDED), once its cap is raised
         * @description The job is queued again with its checkpoints: finished steps are not paid for again. If the cap is still too low the run stops at once with BUDGET_EXCEEDED, having spent nothing.
         */
        post: operations["resumeJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/knowledge/collections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your collections, then those shared with everyone */
        get: operations["listCollections"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/knowledge/collections/{id}/shared": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Share a collection with everyone, or stop sharing it (admins) */
        put: operations["shareCollection"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/knowledge/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your documents (and those of collections shared with everyone), newest first */
        get: operations["listDocuments"];
        put?: never;
        /**
         * Upload documents into a collection
         * @description multipart/form-data with one or more `file` fields and an optional `collection` (a name; created when missing, default `default`). Supported: PDF (.pdf), Word (.docx), HTML (.html, .htm), Markdown (.md) and plain text (.txt). Each document is ingested by a durable job: poll `GET /v1/knowledge/documents/:id` for `status` and `progress`. The same file twice in a collection is one document (`duplicate: true`).
         */
        post: operations["uploadDocuments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/knowledge/documents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One document: status, failure reason, ingestion progress */
        get: operations["getDocument"];
        put?: never;
        post?: never;
        /** Delete one of your documents and its chunks */
        delete: operations["deleteDocument"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/knowledge/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Try retrieval: the excerpts a lesson on `q` would be given
         * @description Hybrid full-text and vector search over the named collections (ids or names) and documents, or all of yours when none is named.
         */
        get: operations["searchKnowledge"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who the credentials belong to */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your limits, what you used and when it comes back */
        get: operations["getMyUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This API's OpenAPI 3.1 document */
        get: operations["openApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your endpoints (an admin: every endpoint), without their secrets */
        get: operations["listWebhooks"];
        put?: never;
        /** Register an endpoint for course.succeeded, course.failed and job.awaiting_approval */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an endpoint with its delivery log */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The delivery log: status, attempts and last error of each message */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/deliveries/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a message again (same id and body), whatever became of it */
        post: operations["replayWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/worker/tick": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The same tick for Vercel Cron, which sends GET
         * @description Off (404) unless COURSEFORGE_CRON_SECRET is set; needs `Authorization: Bearer <COURSEFORGE_CRON_SECRET>` (401 otherwise). `budgetMs` (query, or a JSON body on POST) defaults to COURSEFORGE_TICK_BUDGET_MS. See docs/vercel.md.
         */
        get: operations["runWorkerTickFromCron"];
        put?: never;
        /**
         * Serverless worker: run job steps for at most budgetMs, then release what is held
         * @description Off (404) unless COURSEFORGE_CRON_SECRET is set; needs `Authorization: Bearer <COURSEFORGE_CRON_SECRET>` (401 otherwise). `budgetMs` (query, or a JSON body on POST) defaults to COURSEFORGE_TICK_BUDGET_MS. See docs/vercel.md.
         */
        post: operations["runWorkerTick"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Course: {
            audience: string;
            description: string;
            /** @constant */
            formatVersion: "1";
            generation: {
                cachedPromptTokens: number;
                completionTokens: number;
                costUsd: number;
                /** Format: date-time */
                createdAt: string;
                grounded?: boolean;
                llmCalls: number;
                models: string[];
                promptTokens: number;
                provider: string;
                simulated: boolean;
            };
            id: string;
            language: string;
            /** @enum {string} */
            level: "beginner" | "intermediate" | "advanced";
            modules: {
                id: string;
                lessons: {
                    id: string;
                    keyPoints: string[];
                    keyTerms: {
                        definition: string;
                        term: string;
                    }[];
                    objectives: {
                        id: string;
                        text: string;
                    }[];
                    quiz: {
                        questions: ({
                            correctOptionId: string;
                            explanation: string;
                            id: string;
                            objectiveId: string;
                            options: {
                                id: string;
                                text: string;
                            }[];
                            prompt: string;
                            /** @constant */
                            type: "single_choice";
                        } | {
                            correctOptionIds: string[];
                            explanation: string;
                            id: string;
                            objectiveId: string;
                            options: {
                                id: string;
                                text: string;
                            }[];
                            prompt: string;
                            /** @constant */
                            type: "multiple_choice";
                        } | {
                            answer: boolean;
                            explanation: string;
                            id: string;
                            objectiveId: string;
                            prompt: string;
                            /** @constant */
                            type: "true_false";
                        } | {
                            acceptedAnswers: string[];
                            explanation: string;
                            id: string;
                            objectiveId: string;
                            prompt: string;
                            /** @constant */
                            type: "short_answer";
                        })[];
                    };
                    sections: {
                        body: string;
                        citations?: {
                            chunkId: string;
                            documentId: string;
                            page: number | null;
                            quote: string;
                            title: string;
                        }[];
                        id: string;
                        /** @enum {string} */
                        kind: "introduction" | "explanation" | "worked_example" | "activity" | "summary";
                        title: string;
                    }[];
                    summary: string;
                    title: string;
                }[];
                summary: string;
                title: string;
            }[];
            quality?: {
                flagged: number;
                flags: {
                    /** @enum {string} */
                    check: "placeholder" | "section_length" | "reading_level" | "near_duplicate" | "objective_untaught" | "objective_untested" | "duplicate_question" | "answer_position_skew" | "long_correct_option" | "explanation_contradicts_key" | "key_term_unused";
                    message: string;
                    /** @enum {string} */
                    part: "lesson" | "quiz" | "course";
                    target: string;
                }[];
                lessons: {
                    flags: {
                        /** @enum {string} */
                        check: "placeholder" | "section_length" | "reading_level" | "near_duplicate" | "objective_untaught" | "objective_untested" | "duplicate_question" | "answer_position_skew" | "long_correct_option" | "explanation_contradicts_key" | "key_term_unused";
                        message: string;
                        /** @enum {string} */
                        part: "lesson" | "quiz" | "course";
                        target: string;
                    }[];
                    lessonId: string;
                    mended: ("lesson" | "quiz")[];
                    rubric: {
                        accuracy: {
                            reason: string;
                            score: number;
                        };
                        alignment: {
                            reason: string;
                            score: number;
                        };
                        audienceFit: {
                            reason: string;
                            score: number;
                        };
                        clarity: {
                            reason: string;
                            score: number;
                        };
                        workedExample: {
                            reason: string;
                            score: number;
                        };
                    } | null;
                    score: number | null;
                    /** @enum {string} */
                    status: "passed" | "mended" | "flagged";
                }[];
                /** @enum {string} */
                mode: "flag" | "mend";
                passed: boolean;
                score: number | null;
                thresholds: {
                    minCriterion: number;
                    minScore: number;
                };
            };
            title: string;
            topic: string;
        };
        CourseList: {
            courses: {
                /** Format: date-time */
                createdAt: string;
                formatVersion: string;
                id: string;
                jobId: string | null;
                language: string;
                links: {
                    /** @description A path on this API (including any base path). */
                    export: string;
                    /** @description A path on this API (including any base path). */
                    self: string;
                };
                ownerId: string | null;
                title: string;
                topic: string;
            }[];
            /** @description Pass as ?cursor= for the next page; null on the last page. */
            nextCursor: string | null;
        };
        CreateCourse: {
            /** @default general learners */
            audience?: string;
            /**
             * @description The exact answer cache: "use" (default), "refresh" or "off".
             * @enum {string}
             */
            cache?: "use" | "refresh" | "off";
            knowledge?: {
                /** @default [] */
                collections?: string[];
                /** @default [] */
                documents?: string[];
            };
            /** @default en */
            language?: string;
            /** @default 3 */
            lessonsPerModule?: number;
            /**
             * @default beginner
             * @enum {string}
             */
            level?: "beginner" | "intermediate" | "advanced";
            /**
             * @description realtime (default), or economy: lessons and quizzes go through the provider's Batch API at half price and finish later (minutes to hours); the outline stays real time.
             * @enum {string}
             */
            mode?: "realtime" | "economy";
            model?: string;
            /** @default 2 */
            modules?: number;
            /** @enum {string} */
            quality?: "off" | "flag" | "mend";
            /**
             * @description Start from a similar course: "outline" (its outline) or "course" (a copy at $0).
             * @enum {string}
             */
            reuse?: "outline" | "course";
            /** @description The course to reuse (one POST /v1/courses/preview suggested); absent: the most similar one. */
            reuseFrom?: string;
            /**
             * @description Pause after the outline until it is approved (edit it first with PUT /v1/jobs/{id}/outline).
             * @default false
             */
            reviewOutline?: boolean;
            topic: string;
        };
        CreatedUser: {
            email: string;
            /** @enum {string} */
            role: "student" | "teacher" | "admin";
            /** @description The API token. Shown only here, once: only its hash is stored. */
            token: string;
            tokenPrefix: string;
            userId: string;
        };
        CreateUser: {
            /**
             * Format: email
             * @description Email address; stored lowercased.
             */
            email: string;
            /** @description For a Supabase user: its auth user id (the JWT `sub`). */
            id?: string;
            /** @enum {string} */
            role: "student" | "teacher" | "admin";
            tokenName?: string;
        };
        Error: {
            error: {
                /** @description Stable machine-readable code, e.g. INVALID_INPUT. */
                code: string;
                /** @description For INVALID_INPUT: location, field and issues[] ({field, message}). */
                details: {
                    [key: string]: unknown;
                };
                message: string;
            };
        };
        Job: {
            courseId: string | null;
            /** Format: date-time */
            createdAt: string;
            failure: {
                code: string;
                reason: string;
            } | null;
            finishedAt: string | null;
            id: string;
            links: {
                /** @description A path on this API (including any base path). */
                approve: string;
                /** @description A path on this API (including any base path). */
                cancel: string;
                /** @description Present once the job has succeeded. */
                course?: string;
                /** @description A path on this API (including any base path). */
                events: string;
                /** @description A path on this API (including any base path). */
                outline: string;
                /** @description A path on this API (including any base path). */
                self: string;
            };
            request: {
                /** @default general learners */
                audience: string;
                /**
                 * @description The exact answer cache: "use" (default), "refresh" or "off".
                 * @enum {string}
                 */
                cache?: "use" | "refresh" | "off";
                knowledge?: {
                    /** @default [] */
                    collections: string[];
                    /** @default [] */
                    documents: string[];
                };
                /** @default en */
                language: string;
                /** @default 3 */
                lessonsPerModule: number;
                /**
                 * @default beginner
                 * @enum {string}
                 */
                level: "beginner" | "intermediate" | "advanced";
                /**
                 * @description realtime (default), or economy: lessons and quizzes go through the provider's Batch API at half price and finish later (minutes to hours); the outline stays real time.
                 * @enum {string}
                 */
                mode?: "realtime" | "economy";
                model?: string;
                /** @default 2 */
                modules: number;
                /** @enum {string} */
                quality?: "off" | "flag" | "mend";
                /**
                 * @description Start from a similar course: "outline" (its outline) or "course" (a copy at $0).
                 * @enum {string}
                 */
                reuse?: "outline" | "course";
                /** @description The course to reuse (one POST /v1/courses/preview suggested); absent: the most similar one. */
                reuseFrom?: string;
                topic: string;
            };
            reviewOutline: boolean;
            startedAt: string | null;
            /** @enum {string} */
            status: "queued" | "running" | "awaiting_approval" | "succeeded" | "failed" | "canceled";
            stepsDone: number;
            stepsTotal: number;
        };
        Me: {
            email: string;
            /** @enum {string} */
            role: "student" | "teacher" | "admin";
            userId: string;
        };
        Outline: {
            audience: string;
            description: string;
            language: string;
            /** @enum {string} */
            level: "beginner" | "intermediate" | "advanced";
            modules: {
                id: string;
                lessons: {
                    id: string;
                    keyPoints: string[];
                    objectives: {
                        id: string;
                        text: string;
                    }[];
                    summary: string;
                    title: string;
                }[];
                summary: string;
                title: string;
            }[];
            title: string;
            topic: string;
        };
        SubmitResponse: {
            /** @description False when an earlier request with the same Idempotency-Key made this job. */
            created: boolean;
            jobId: string;
            links: {
                /** @description A path on this API (including any base path). */
                approve: string;
                /** @description A path on this API (including any base path). */
                cancel: string;
                /** @description Present once the job has succeeded. */
                course?: string;
                /** @description A path on this API (including any base path). */
                events: string;
                /** @description A path on this API (including any base path). */
                outline: string;
                /** @description A path on this API (including any base path). */
                self: string;
            };
            /** @enum {string} */
            status: "queued" | "running" | "awaiting_approval" | "succeeded" | "failed" | "canceled";
        };
        User: {
            activeTokens?: number;
            /** Format: date-time */
            createdAt: string;
            disabledAt: string | null;
            email: string;
            id: string;
            lastUsedAt?: string | null;
            /** @enum {string} */
            role: "student" | "teacher" | "admin";
        };
        UserList: {
            users: {
                activeTokens?: number;
                /** Format: date-time */
                createdAt: string;
                disabledAt: string | null;
                email: string;
                id: string;
                lastUsedAt?: string | null;
                /** @enum {string} */
                role: "student" | "teacher" | "admin";
            }[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Up. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "ok";
                    };
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metrics. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain; version=0.0.4": unknown;
                };
            };
            /** @description A metrics token is configured and was not sent. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checks: {
                            /** @enum {string} */
                            database: "ok" | "failed";
                            /** @enum {string} */
                            migrations: "ok" | "pending" | "unknown";
                        };
                        /** @enum {string} */
                        status: "ready" | "not_ready";
                    };
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not ready. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checks: {
                            /** @enum {string} */
                            database: "ok" | "failed";
                            /** @enum {string} */
                            migrations: "ok" | "pending" | "unknown";
                        };
                        /** @enum {string} */
                        status: "ready" | "not_ready";
                    };
                };
            };
        };
    };
    listAlerts: {
        parameters: {
            query?: {
                /** @description Most recent activity first, at most this many (default 100). */
                limit?: string;
                /** @description Only alerts in this state. */
                status?: "open" | "acknowledged" | "resolved";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The alerts. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alerts: {
                            acknowledgedAt: string | null;
                            /** @description Evaluations that found the condition while the alert was unresolved. */
                            count: number;
                            details: {
                                [key: string]: unknown;
                            };
                            firstSeen: string;
                            id: number;
                            key: string;
                            lastSeen: string;
                            message: string;
                            resolvedAt: string | null;
                            rule: string;
                            /** @enum {string} */
                            severity: "warning" | "critical";
                            /** @enum {string} */
                            status: "open" | "acknowledged" | "resolved";
                        }[];
                    };
                };
            };
            /** @description A bad filter; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    acknowledgeAlert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The alert (unchanged when it was already in that state or past it). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        acknowledgedAt: string | null;
                        /** @description Evaluations that found the condition while the alert was unresolved. */
                        count: number;
                        details: {
                            [key: string]: unknown;
                        };
                        firstSeen: string;
                        id: number;
                        key: string;
                        lastSeen: string;
                        message: string;
                        resolvedAt: string | null;
                        rule: string;
                        /** @enum {string} */
                        severity: "warning" | "critical";
                        /** @enum {string} */
                        status: "open" | "acknowledged" | "resolved";
                    };
                };
            };
            /** @description A bad alert id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND: no such alert. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resolveAlert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The alert (unchanged when it was already in that state or past it). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        acknowledgedAt: string | null;
                        /** @description Evaluations that found the condition while the alert was unresolved. */
                        count: number;
                        details: {
                            [key: string]: unknown;
                        };
                        firstSeen: string;
                        id: number;
                        key: string;
                        lastSeen: string;
                        message: string;
                        resolvedAt: string | null;
                        rule: string;
                        /** @enum {string} */
                        severity: "warning" | "critical";
                        /** @enum {string} */
                        status: "open" | "acknowledged" | "resolved";
                    };
                };
            };
            /** @description A bad alert id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND: no such alert. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getBudgets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The stored budgets. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        global: {
                            /** @description US dollars; null: no cap. */
                            usdPerDay: number | null;
                        };
                        roles: {
                            admin: {
                                /** @description US dollars; null: no cap. */
                                usdPerCourse: number | null;
                                /** @description US dollars; null: no cap. */
                                usdPerDay: number | null;
                                /** @description US dollars; null: no cap. */
                                usdPerMonth: number | null;
                            };
                            student: {
                                /** @description US dollars; null: no cap. */
                                usdPerCourse: number | null;
                                /** @description US dollars; null: no cap. */
                                usdPerDay: number | null;
                                /** @description US dollars; null: no cap. */
                                usdPerMonth: number | null;
                            };
                            teacher: {
                                /** @description US dollars; null: no cap. */
                                usdPerCourse: number | null;
                                /** @description US dollars; null: no cap. */
                                usdPerDay: number | null;
                                /** @description US dollars; null: no cap. */
                                usdPerMonth: number | null;
                            };
                        };
                        users: {
                            /** @description US dollars; null: no cap. */
                            usdPerCourse: number | null;
                            /** @description US dollars; null: no cap. */
                            usdPerDay: number | null;
                            /** @description US dollars; null: no cap. */
                            usdPerMonth: number | null;
                            userId: string;
                        }[];
                    };
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setGlobalBudget: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description What every job together may spend per UTC day; null: no cap. */
                    usdPerDay: number | null;
                };
            };
        };
        responses: {
            /** @description The global budget now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description US dollars; null: no cap. */
                        usdPerDay: number | null;
                    };
                };
            };
            /** @description A bad or unknown field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setRoleBudget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                role: "student" | "teacher" | "admin";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Absent: unchanged; null: no cap. */
                    usdPerCourse?: number | null;
                    /** @description Absent: unchanged; null: no cap. */
                    usdPerDay?: number | null;
                    /** @description Absent: unchanged; null: no cap. */
                    usdPerMonth?: number | null;
                };
            };
        };
        responses: {
            /** @description The role's caps now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description US dollars; null: no cap. */
                        usdPerCourse: number | null;
                        /** @description US dollars; null: no cap. */
                        usdPerDay: number | null;
                        /** @description US dollars; null: no cap. */
                        usdPerMonth: number | null;
                    };
                };
            };
            /** @description A bad or unknown field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setUserBudget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Absent: unchanged; null: the role's value. */
                    usdPerCourse?: number | null;
                    /** @description Absent: unchanged; null: the role's value. */
                    usdPerDay?: number | null;
                    /** @description Absent: unchanged; null: the role's value. */
                    usdPerMonth?: number | null;
                };
            };
        };
        responses: {
            /** @description The user's overrides now (null: the role's value). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description US dollars; null: no cap. */
                        usdPerCourse: number | null;
                        /** @description US dollars; null: no cap. */
                        usdPerDay: number | null;
                        /** @description US dollars; null: no cap. */
                        usdPerMonth: number | null;
                    };
                };
            };
            /** @description A bad or unknown field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description USER_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    clearUserBudget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `cleared`: whether there were overrides. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cleared: boolean;
                        userId: string;
                    };
                };
            };
            /** @description A bad or unknown field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAnswerCacheStats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The figures now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        bytes: number;
                        entries: number;
                        expiredEntries: number;
                        /** @description hits ÷ lookups since install (0 before any lookup). */
                        hitRate: number;
                        hits: number;
                        lookups: number;
                        /** @description Entries built from one user's private material, served to that user alone. */
                        privateEntries: number;
                        savedCostUsd: number;
                        savedTokens: number;
                        tasks: {
                            hitRate: number;
                            hits: number;
                            lookups: number;
                            savedCostUsd: number;
                            savedTokens: number;
                            task: string;
                        }[];
                    };
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    purgeAnswerCache: {
        parameters: {
            query?: {
                /** @description true: only entries past their time to live. */
                expired?: "true" | "false";
                /** @description Only this task's entries. */
                task?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description How many entries were deleted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        purged: number;
                    };
                };
            };
            /** @description A bad `task` or `expired`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCostReport: {
        parameters: {
            query?: {
                days?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The last `days` days (default 30). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        byDay: {
                            calls: number;
                            costUsd: number;
                            day: string;
                            tokens: number;
                        }[];
                        byModel: {
                            calls: number;
                            costUsd: number;
                            model: string;
                            tokens: number;
                        }[];
                        byRole: {
                            calls: number;
                            costUsd: number;
                            role: string | null;
                            tokens: number;
                        }[];
                        byUser: {
                            calls: number;
                            costUsd: number;
                            tokens: number;
                            userId: string | null;
                        }[];
                        since: string;
                        totalUsd: number;
                    };
                };
            };
            /** @description A bad or unknown field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLimits: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The stored limits. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        global: {
                            coursesPerHour: number | null;
                        };
                        roles: {
                            admin: {
                                burst: number;
                                coursesPerDay: number | null;
                                coursesPerHour: number | null;
                                tokensPerDay: number | null;
                            };
                            student: {
                                burst: number;
                                coursesPerDay: number | null;
                                coursesPerHour: number | null;
                                tokensPerDay: number | null;
                            };
                            teacher: {
                                burst: number;
                                coursesPerDay: number | null;
                                coursesPerHour: number | null;
                                tokensPerDay: number | null;
                            };
                        };
                        users: {
                            burst: number | null;
                            coursesPerDay: number | null;
                            coursesPerHour: number | null;
                            tokensPerDay: number | null;
                            userId: string;
                        }[];
                    };
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setGlobalLimit: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Courses per hour across every user; null: unlimited. */
                    coursesPerHour: number | null;
                };
            };
        };
        responses: {
            /** @description The global limit now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        coursesPerHour: number | null;
                    };
                };
            };
            /** @description A bad or unknown field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setRoleLimits: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                role: "student" | "teacher" | "admin";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Absent: unchanged; null: unlimited (burst: 0). */
                    burst?: number | null;
                    /** @description Absent: unchanged; null: unlimited (burst: 0). */
                    coursesPerDay?: number | null;
                    /** @description Absent: unchanged; null: unlimited (burst: 0). */
                    coursesPerHour?: number | null;
                    /** @description Absent: unchanged; null: unlimited (burst: 0). */
                    tokensPerDay?: number | null;
                };
            };
        };
        responses: {
            /** @description The role's limits now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        burst: number;
                        coursesPerDay: number | null;
                        coursesPerHour: number | null;
                        tokensPerDay: number | null;
                    };
                };
            };
            /** @description A bad or unknown field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setUserLimits: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Absent: unchanged; null: the role's value. */
                    burst?: number | null;
                    /** @description Absent: unchanged; null: the role's value. */
                    coursesPerDay?: number | null;
                    /** @description Absent: unchanged; null: the role's value. */
                    coursesPerHour?: number | null;
                    /** @description Absent: unchanged; null: the role's value. */
                    tokensPerDay?: number | null;
                };
            };
        };
        responses: {
            /** @description The user's overrides now (null: the role's value). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        burst: number | null;
                        coursesPerDay: number | null;
                        coursesPerHour: number | null;
                        tokensPerDay: number | null;
                    };
                };
            };
            /** @description A bad or unknown field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description USER_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    clearUserLimits: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `cleared`: whether there were overrides. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cleared: boolean;
                        userId: string;
                    };
                };
            };
            /** @description A bad or unknown field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listLogs: {
        parameters: {
            query?: {
                /** @description Only entries of this job. */
                jobId?: string;
                /** @description Newest first, at most this many (default 100). */
                limit?: string;
                /** @description Minimum severity: warn lists warn, error and fatal. */
                severity?: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
                /** @description Entries at or after this time. */
                since?: string;
                /** @description Entries before this time. */
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The matching entries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        logs: {
                            createdAt: string;
                            details: {
                                [key: string]: unknown;
                            };
                            errorName: string | null;
                            errorStack: string | null;
                            event: string | null;
                            id: number;
                            jobId: string | null;
                            message: string;
                            /** @enum {string} */
                            severity: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
                            suggestion: string | null;
                            traceId: string | null;
                            userId: string | null;
                        }[];
                    };
                };
            };
            /** @description A bad filter; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getModelAllowLists: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every role's allow-list. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        roles: {
                            admin: {
                                models: string[];
                                /**
                                 * @description config: the default list; admin: stored by an admin.
                                 * @enum {string}
                                 */
                                source: "config" | "admin";
                            };
                            student: {
                                models: string[];
                                /**
                                 * @description config: the default list; admin: stored by an admin.
                                 * @enum {string}
                                 */
                                source: "config" | "admin";
                            };
                            teacher: {
                                models: string[];
                                /**
                                 * @description config: the default list; admin: stored by an admin.
                                 * @enum {string}
                                 */
                                source: "config" | "admin";
                            };
                        };
                        /** @description Models that may be listed: the priced ones and the configured step models. */
                        selectable: string[];
                    };
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setRoleModels: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                role: "student" | "teacher" | "admin";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The models the role may name in a request (it may always leave `model` out). */
                    models: string[];
                };
            };
        };
        responses: {
            /** @description The role's allow-list now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        models: string[];
                        /**
                         * @description config: the default list; admin: stored by an admin.
                         * @enum {string}
                         */
                        source: "config" | "admin";
                    };
                };
            };
            /** @description A bad or unknown field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resetRoleModels: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                role: "student" | "teacher" | "admin";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The role's allow-list now (the default). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        models: string[];
                        /**
                         * @description config: the default list; admin: stored by an admin.
                         * @enum {string}
                         */
                        source: "config" | "admin";
                    };
                };
            };
            /** @description A bad or unknown field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAdminStats: {
        parameters: {
            query?: {
                /** @description Window of the model call figures, in hours (default 24). */
                hours?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The figures now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The last 14 UTC days, oldest first, today last; 0 on days without calls. */
                        costPerDay: {
                            calls: number;
                            costUsd: number;
                            /** @description YYYY-MM-DD (UTC). */
                            day: string;
                        }[];
                        generatedAt: string;
                        jobs: {
                            byState: {
                                awaiting_approval: number;
                                canceled: number;
                                failed: number;
                                queued: number;
                                running: number;
                                succeeded: number;
                            };
                            /** @description Age of the oldest queued job; null when none is queued. */
                            oldestQueuedAgeSeconds: number | null;
                            oldestQueuedAt: string | null;
                            /** @description Jobs with status queued. */
                            queueDepth: number;
                        };
                        modelCalls: {
                            /** @description By model, most expensive first. */
                            models: {
                                cachedPromptTokens: number;
                                /** @description Attempts, retries included. */
                                calls: number;
                                completionTokens: number;
                                costUsd: number;
                                errorRate: number;
                                /** @description Attempts whose outcome is not success. */
                                errors: number;
                                model: string;
                                p50LatencyMs: number;
                                p95LatencyMs: number;
                                promptTokens: number;
                            }[];
                            windowHours: number;
                        };
                        throughput: {
                            finishedLast24Hours: number;
                            /** @description Jobs finished in each of the last 24 UTC hours, oldest first; the current hour last. */
                            hours: {
                                canceled: number;
                                failed: number;
                                hourStart: string;
                                succeeded: number;
                            }[];
                        };
                    };
                };
            };
            /** @description A bad `hours`; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every user, oldest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserList"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUser"];
            };
        };
        responses: {
            /** @description The user and its token. Store the token now: only its hash is kept. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedUser"];
                };
            };
            /** @description A bad or unknown field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description USER_EXISTS: the email or id is taken. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    disableUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The disabled user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description A bad user id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description USER_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    issueUserToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Tells the user's tokens apart (default "default"). */
                    name?: string;
                };
            };
        };
        responses: {
            /** @description The token. Store it now: only its hash is kept. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        /** @description The API token. Shown only here, once: only its hash is stored. */
                        token: string;
                        tokenId: string;
                        tokenPrefix: string;
                        userId: string;
                    };
                };
            };
            /** @description A bad user id or field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description USER_NOT_FOUND. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description USER_DISABLED: a disabled user's tokens cannot be used. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listCourses: {
        parameters: {
            query?: {
                /** @description Admins: true lists every user's courses (the default for admins). */
                all?: "true" | "false";
                cursor?: string;
                limit?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of courses. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CourseList"];
                };
            };
            /** @description A bad id or query parameter; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description all=true without the admin role. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createCourse: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: 1-255 visible ASCII characters, unique per request you mean. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCourse"];
            };
        };
        responses: {
            /** @description Job accepted (or the earlier job of this Idempotency-Key). */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmitResponse"];
                };
            };
            /** @description Malformed JSON, a wrong type, an unknown field or a bad id; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body not declared as JSON. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description IDEMPOTENCY_KEY_REUSED: the key was used with another body. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description RATE_LIMITED (`details.limit`: courses-hour, courses-day or courses-global) or QUOTA_EXCEEDED (tokens-day); nothing was enqueued. Headers `Retry-After`, `RateLimit-Policy`, `RateLimit` (docs/limits.md). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCourse: {
        parameters: {
            query?: {
                /** @description Read this revision instead of the current one. */
                revision?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The course document, as in docs/course-format.md. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Course"];
                };
            };
            /** @description A bad id or query parameter; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such course, or not yours (never told apart). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportCourse: {
        parameters: {
            query?: {
                /** @description json (the course document), markdown, html (one self-contained file), scorm12 (SCORM 1.2 zip) or cc (IMS Common Cartridge 1.1). */
                format?: "json" | "markdown" | "html" | "scorm12" | "cc";
                /** @description Export this revision instead of the current one. */
                revision?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file, with Content-Disposition: attachment. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Course"];
                    "application/vnd.ims.imscc+zip": string;
                    "application/zip": string;
                    "text/html": string;
                    "text/markdown": string;
                };
            };
            /** @description An unknown format (the message lists the formats) or a bad id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such course, or not yours (never told apart). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The course is still generating (COURSE_NOT_READY). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listRevisions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revisions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        courseId: string;
                        /** @description The revision GET /v1/courses/:id serves. */
                        current: number;
                        /** @description Oldest first. */
                        revisions: {
                            basedOn: number | null;
                            /** @description The parts that differ from `basedOn`. */
                            changedParts: {
                                id: string;
                                kind: string;
                            }[];
                            /** Format: date-time */
                            createdAt: string;
                            current: boolean;
                            instruction: string | null;
                            jobId: string | null;
                            links: {
                                /** @description A path on this API (including any base path). */
                                diff?: string;
                                /** @description A path on this API (including any base path). */
                                self: string;
                            };
                            number: number;
                            /** @enum {string} */
                            origin: "generated" | "regenerated" | "restored";
                            restoredFrom: number | null;
                            target: {
                                id?: string;
                                /** @enum {string} */
                                kind: "lesson" | "section" | "quiz" | "question" | "outline";
                            } | null;
                            userId: string | null;
                        }[];
                    };
                };
            };
            /** @description A bad id, query parameter or body field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such course, or not yours (never told apart); REVISION_NOT_FOUND for a revision number the course does not have. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createRevision: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description What to change, 1 to 2000 characters, e.g. "simpler language". */
                    instruction: string;
                    /** @description The part to rewrite: {"kind": "lesson", "id": "m1-l2"} (the lesson and its quiz), "section" (m1-l2-s3), "quiz" (m1-l2), "question" (m1-l2-q3), or {"kind": "outline"} (titles, description and summaries). */
                    target: {
                        id?: string;
                        /** @enum {string} */
                        kind: "lesson" | "section" | "quiz" | "question" | "outline";
                    };
                };
            };
        };
        responses: {
            /** @description Revision job accepted. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmitResponse"];
                };
            };
            /** @description An empty instruction, one over 2000 characters, or a malformed target; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such course (or not yours), or REVISION_TARGET_NOT_FOUND naming the part the course does not have. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description REVISION_IN_PROGRESS: the course is already being regenerated. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description RATE_LIMITED or QUOTA_EXCEEDED, as for POST /v1/courses. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getRevision: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                number: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revision. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        basedOn: number | null;
                        /** @description The parts that differ from `basedOn`. */
                        changedParts: {
                            id: string;
                            kind: string;
                        }[];
                        /** Format: date-time */
                        createdAt: string;
                        current: boolean;
                        instruction: string | null;
                        jobId: string | null;
                        links: {
                            /** @description A path on this API (including any base path). */
                            diff?: string;
                            /** @description A path on this API (including any base path). */
                            self: string;
                        };
                        number: number;
                        /** @enum {string} */
                        origin: "generated" | "regenerated" | "restored";
                        restoredFrom: number | null;
                        target: {
                            id?: string;
                            /** @enum {string} */
                            kind: "lesson" | "section" | "quiz" | "question" | "outline";
                        } | null;
                        userId: string | null;
                    };
                };
            };
            /** @description A bad id, query parameter or body field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such course, or not yours (never told apart); REVISION_NOT_FOUND for a revision number the course does not have. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    restoreRevision: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                number: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new revision, a copy of the one restored. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        basedOn: number | null;
                        /** @description The parts that differ from `basedOn`. */
                        changedParts: {
                            id: string;
                            kind: string;
                        }[];
                        /** Format: date-time */
                        createdAt: string;
                        current: boolean;
                        instruction: string | null;
                        jobId: string | null;
                        links: {
                            /** @description A path on this API (including any base path). */
                            diff?: string;
                            /** @description A path on this API (including any base path). */
                            self: string;
                        };
                        number: number;
                        /** @enum {string} */
                        origin: "generated" | "regenerated" | "restored";
                        restoredFrom: number | null;
                        target: {
                            id?: string;
                            /** @enum {string} */
                            kind: "lesson" | "section" | "quiz" | "question" | "outline";
                        } | null;
                        userId: string | null;
                    };
                };
            };
            /** @description A bad id, query parameter or body field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such course, or not yours (never told apart); REVISION_NOT_FOUND for a revision number the course does not have. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description REVISION_IS_CURRENT, or REVISION_IN_PROGRESS while the course is being regenerated. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    diffRevisions: {
        parameters: {
            query: {
                /** @description The earlier revision. */
                from: string;
                /** @description The later revision (default: the current one). */
                to?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The changes. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        changes: {
                            after?: unknown;
                            before?: unknown;
                            /** @enum {string} */
                            change: "changed" | "added" | "removed";
                            fields: {
                                after: unknown;
                                before: unknown;
                                field: string;
                            }[];
                            id: string;
                            /** @enum {string} */
                            kind: "course" | "module" | "lesson" | "section" | "question";
                            parentId?: string;
                        }[];
                        courseId: string;
                        from: number;
                        to: number;
                    };
                };
            };
            /** @description A bad id, query parameter or body field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such course, or not yours (never told apart); REVISION_NOT_FOUND for a revision number the course does not have. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    previewCourse: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCourse"];
            };
        };
        responses: {
            /** @description Similar courses, most similar first (empty: none). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Courses you may read with the same level, language, audience and size and a similar topic, most similar first. Send `reuse: "outline"` or `reuse: "course"` with `reuseFrom` to start from one. */
                        similar: {
                            courseId: string;
                            createdAt: string;
                            links: {
                                /** @description A path on this API (including any base path). */
                                export: string;
                                /** @description A path on this API (including any base path). */
                                self: string;
                            };
                            ownerId: string | null;
                            /** @description Cosine similarity of the normalised topics, at least `threshold`. */
                            similarity: number;
                            title: string;
                            topic: string;
                        }[];
                        similarCoursesExist: boolean;
                        /** @description The topic similarity a course must reach; null without an embeddings port. */
                        threshold: number | null;
                    };
                };
            };
            /** @description A bad or unknown field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listJobs: {
        parameters: {
            query?: {
                /** @description Admins: true lists every user's jobs (the default for admins). */
                all?: "true" | "false";
                cursor?: string;
                limit?: string;
                /** @description Only jobs in this status. */
                status?: "queued" | "running" | "awaiting_approval" | "succeeded" | "failed" | "canceled";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of jobs. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        jobs: {
                            courseId: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            failure: {
                                code: string;
                                reason: string;
                            } | null;
                            finishedAt: string | null;
                            id: string;
                            links: {
                                /** @description A path on this API (including any base path). */
                                approve: string;
                                /** @description A path on this API (including any base path). */
                                cancel: string;
                                /** @description Present once the job has succeeded. */
                                course?: string;
                                /** @description A path on this API (including any base path). */
                                events: string;
                                /** @description A path on this API (including any base path). */
                                outline: string;
                                /** @description A path on this API (including any base path). */
                                self: string;
                            };
                            request: {
                                /** @default general learners */
                                audience: string;
                                /**
                                 * @description The exact answer cache: "use" (default), "refresh" or "off".
                                 * @enum {string}
                                 */
                                cache?: "use" | "refresh" | "off";
                                knowledge?: {
                                    /** @default [] */
                                    collections: string[];
                                    /** @default [] */
                                    documents: string[];
                                };
                                /** @default en */
                                language: string;
                                /** @default 3 */
                                lessonsPerModule: number;
                                /**
                                 * @default beginner
                                 * @enum {string}
                                 */
                                level: "beginner" | "intermediate" | "advanced";
                                /**
                                 * @description realtime (default), or economy: lessons and quizzes go through the provider's Batch API at half price and finish later (minutes to hours); the outline stays real time.
                                 * @enum {string}
                                 */
                                mode?: "realtime" | "economy";
                                model?: string;
                                /** @default 2 */
                                modules: number;
                                /** @enum {string} */
                                quality?: "off" | "flag" | "mend";
                                /**
                                 * @description Start from a similar course: "outline" (its outline) or "course" (a copy at $0).
                                 * @enum {string}
                                 */
                                reuse?: "outline" | "course";
                                /** @description The course to reuse (one POST /v1/courses/preview suggested); absent: the most similar one. */
                                reuseFrom?: string;
                                topic: string;
                            };
                            reviewOutline: boolean;
                            startedAt: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "awaiting_approval" | "succeeded" | "failed" | "canceled";
                            stepsDone: number;
                            stepsTotal: number;
                        }[];
                        /** @description Pass as ?cursor= for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Malformed JSON, a wrong type, an unknown field or a bad id; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description all=true without the admin role. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            /** @description Malformed JSON, a wrong type, an unknown field or a bad id; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such job, or not yours (never told apart). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    approveOutline: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job, queued again. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            /** @description Malformed JSON, a wrong type, an unknown field or a bad id; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such job, or not yours (never told apart). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description JOB_NOT_AWAITING_APPROVAL. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    cancelJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Canceled. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            /** @description Cancellation requested. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            /** @description Malformed JSON, a wrong type, an unknown field or a bad id; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such job, or not yours (never told apart). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description JOB_ALREADY_FINISHED: the job succeeded or failed. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    streamJobEvents: {
        parameters: {
            query?: {
                after?: string;
            };
            header?: {
                /** @description Resume after this event id (sent by EventSource on reconnection). */
                "Last-Event-ID"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An event stream. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": unknown;
                };
            };
            /** @description Malformed JSON, a wrong type, an unknown field or a bad id; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such job, or not yours (never told apart). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description TOO_MANY_STREAMS: the caller already has `COURSEFORGE_MAX_STREAMS_PER_USER` streams open (default 20); retry after `Retry-After` seconds. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOutline: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The outline. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Outline"];
                };
            };
            /** @description Malformed JSON, a wrong type, an unknown field or a bad id; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description NOT_FOUND, or OUTLINE_NOT_READY while the outline is being planned. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateOutline: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Outline"];
            };
        };
        responses: {
            /** @description The stored outline. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Outline"];
                };
            };
            /** @description Malformed JSON, a wrong type, an unknown field or a bad id; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such job, or not yours (never told apart). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description JOB_NOT_AWAITING_APPROVAL. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body over 1 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description OUTLINE_INVALID. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description RATE_LIMITED or QUOTA_EXCEEDED: the edit grows the job and a limit refuses it; the outline is unchanged. Headers as for POST /v1/courses (docs/limits.md). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resumeJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job, queued again. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            /** @description Malformed JSON, a wrong type, an unknown field or a bad id; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such job, or not yours (never told apart). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description JOB_NOT_RESUMABLE: the job was not stopped by a budget. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listCollections: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The collections. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        collections: {
                            createdAt: string;
                            documentCount: number;
                            id: string;
                            language: string;
                            name: string;
                            own: boolean;
                            shared: boolean;
                        }[];
                    };
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    shareCollection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    shared: boolean;
                };
            };
        };
        responses: {
            /** @description Done. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A bad field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such collection. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDocuments: {
        parameters: {
            query?: {
                collection?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The documents. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        documents: {
                            bytes: number;
                            chunkCount: number;
                            collectionId: string;
                            contentHash: string;
                            createdAt: string;
                            failureReason: string | null;
                            fileName: string;
                            id: string;
                            mime: string;
                            pageCount: number | null;
                            progress: {
                                /** @description Chunks embedded (in the embedding phase: n of `total`). */
                                done: number;
                                /** @description What the ingestion job is doing; null while queued and once ready or failed. */
                                phase: ("parsing" | "chunking" | "embedding" | "storing") | null;
                                total: number;
                            };
                            /** @enum {string} */
                            status: "pending" | "ready" | "failed";
                            title: string;
                            updatedAt: string;
                        }[];
                    };
                };
            };
            /** @description A bad field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such collection for you. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    uploadDocuments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Stored; ingestion queued. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        collection: {
                            id: string;
                            name: string;
                        };
                        documents: {
                            bytes: number;
                            chunkCount: number;
                            collectionId: string;
                            contentHash: string;
                            createdAt: string;
                            duplicate: boolean;
                            failureReason: string | null;
                            fileName: string;
                            id: string;
                            mime: string;
                            pageCount: number | null;
                            progress: {
                                /** @description Chunks embedded (in the embedding phase: n of `total`). */
                                done: number;
                                /** @description What the ingestion job is doing; null while queued and once ready or failed. */
                                phase: ("parsing" | "chunking" | "embedding" | "storing") | null;
                                total: number;
                            };
                            /** @enum {string} */
                            status: "pending" | "ready" | "failed";
                            title: string;
                            updatedAt: string;
                        }[];
                    };
                };
            };
            /** @description A bad field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A file is larger than the upload limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A file type that is not supported (the supported ones are listed). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Your knowledge-base storage quota is used up. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDocument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        bytes: number;
                        chunkCount: number;
                        collectionId: string;
                        contentHash: string;
                        createdAt: string;
                        failureReason: string | null;
                        fileName: string;
                        id: string;
                        mime: string;
                        pageCount: number | null;
                        progress: {
                            /** @description Chunks embedded (in the embedding phase: n of `total`). */
                            done: number;
                            /** @description What the ingestion job is doing; null while queued and once ready or failed. */
                            phase: ("parsing" | "chunking" | "embedding" | "storing") | null;
                            total: number;
                        };
                        /** @enum {string} */
                        status: "pending" | "ready" | "failed";
                        title: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description A bad field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such document for you (someone else's included). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteDocument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A bad field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such document for you (someone else's included). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    searchKnowledge: {
        parameters: {
            query: {
                /** @description A collection id or name; several separated by commas. */
                collection?: string;
                /** @description Document ids separated by commas. */
                document?: string;
                limit?: number;
                mode?: "hybrid" | "fulltext" | "vector";
                q: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Best first; empty when nothing is relevant. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        results: {
                            chunkId: string;
                            documentId: string;
                            headingPath: string[];
                            page: number | null;
                            score: number;
                            text: string;
                            title: string;
                        }[];
                    };
                };
            };
            /** @description A bad field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A collection or document that does not exist for you. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller: id, email (from the users table) and role. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMyUsage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Courses per hour (with burst) and per day, tokens today (UTC), knowledge-base storage. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Dollars spent, held and left per UTC day and month, and the per-course cap. */
                        budget: {
                            day: {
                                /** @description limit − spent − reserved (never below 0); null: no cap. */
                                leftUsd: number | null;
                                /** @description US dollars; null: no cap. */
                                limitUsd: number | null;
                                /** @description Held by running jobs; given back as they settle and end. */
                                reservedUsd: number;
                                /** @description When the window starts again (UTC). */
                                resetAt: string;
                                /** @description Settled cost of finished model calls. */
                                spentUsd: number;
                            };
                            month: {
                                /** @description limit − spent − reserved (never below 0); null: no cap. */
                                leftUsd: number | null;
                                /** @description US dollars; null: no cap. */
                                limitUsd: number | null;
                                /** @description Held by running jobs; given back as they settle and end. */
                                reservedUsd: number;
                                /** @description When the window starts again (UTC). */
                                resetAt: string;
                                /** @description Settled cost of finished model calls. */
                                spentUsd: number;
                            };
                            /** @description US dollars; null: no cap. */
                            perCourseUsd: number | null;
                        };
                        coursesPerDay: {
                            limit: number | null;
                            remaining: number | null;
                            resetAt: string | null;
                            used: number | null;
                        };
                        coursesPerHour: {
                            burst: number;
                            limit: number | null;
                            remaining: number | null;
                            resetAt: string | null;
                            used: number | null;
                        };
                        /** @description Knowledge-base storage: documents and bytes stored, and the per-user quota (over it, an upload is 429 KNOWLEDGE_QUOTA_EXCEEDED). Absent when the knowledge base is not enabled. */
                        knowledge?: {
                            bytes: {
                                limit: number;
                                used: number;
                            };
                            documents: {
                                limit: number;
                                used: number;
                            };
                        };
                        limits: {
                            burst: number;
                            coursesPerDay: number | null;
                            coursesPerHour: number | null;
                            tokensPerDay: number | null;
                        };
                        /** @enum {string} */
                        role: "student" | "teacher" | "admin";
                        tokensPerDay: {
                            limit: number | null;
                            remaining: number | null;
                            resetAt: string | null;
                            used: number | null;
                        };
                        userId: string;
                    };
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    openApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI 3.1 document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoints, oldest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        endpoints: {
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            eventTypes: ("course.succeeded" | "course.failed" | "job.awaiting_approval")[];
                            id: string;
                            url: string;
                            /** @description The owner; null for a global endpoint. */
                            userId: string | null;
                        }[];
                    };
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    /** @description Which events to send; default all: course.succeeded, course.failed, job.awaiting_approval. */
                    eventTypes?: ("course.succeeded" | "course.failed" | "job.awaiting_approval")[];
                    /** @description Admins only: an endpoint told of every user's jobs. */
                    global?: boolean;
                    /** @description Where events are POSTed (https; private addresses only where the operator allows them). */
                    url: string;
                };
            };
        };
        responses: {
            /** @description Registered; the signing secret is in this answer only. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        description: string;
                        eventTypes: ("course.succeeded" | "course.failed" | "job.awaiting_approval")[];
                        id: string;
                        /** @description `whsec_…`: verify `webhook-signature` with it. Shown this once, never again. */
                        secret: string;
                        url: string;
                        /** @description The owner; null for a global endpoint. */
                        userId: string | null;
                    };
                };
            };
            /** @description A bad or unknown field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `global` asked for by someone who is not an admin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A bad or unknown field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such endpoint or delivery that you may see. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                /** @description Only this endpoint's deliveries. */
                endpoint?: string;
                /** @description Newest first, at most this many (default 50). */
                limit?: string;
                status?: "pending" | "delivered" | "failed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deliveries: {
                            attempts: number;
                            /** Format: date-time */
                            createdAt: string;
                            deliveredAt: string | null;
                            endpointId: string;
                            /** @enum {string} */
                            eventType: "course.succeeded" | "course.failed" | "job.awaiting_approval";
                            /** @description The message id (`webhook-id`), the same on every attempt. */
                            id: string;
                            jobId: string;
                            lastError: string | null;
                            lastStatusCode: number | null;
                            nextAttemptAt: string | null;
                            payload: {
                                data: {
                                    [key: string]: string;
                                };
                                timestamp: string;
                                /** @enum {string} */
                                type: "course.succeeded" | "course.failed" | "job.awaiting_approval";
                            };
                            /** @enum {string} */
                            status: "pending" | "delivered" | "failed";
                        }[];
                    };
                };
            };
            /** @description A bad or unknown field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such endpoint or delivery that you may see. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    replayWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued: it is sent at once. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        /** Format: date-time */
                        createdAt: string;
                        deliveredAt: string | null;
                        endpointId: string;
                        /** @enum {string} */
                        eventType: "course.succeeded" | "course.failed" | "job.awaiting_approval";
                        /** @description The message id (`webhook-id`), the same on every attempt. */
                        id: string;
                        jobId: string;
                        lastError: string | null;
                        lastStatusCode: number | null;
                        nextAttemptAt: string | null;
                        payload: {
                            data: {
                                [key: string]: string;
                            };
                            timestamp: string;
                            /** @enum {string} */
                            type: "course.succeeded" | "course.failed" | "job.awaiting_approval";
                        };
                        /** @enum {string} */
                        status: "pending" | "delivered" | "failed";
                    };
                };
            };
            /** @description A bad or unknown field; `details.field` names it. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such endpoint or delivery that you may see. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    runWorkerTickFromCron: {
        parameters: {
            query?: {
                budgetMs?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What the tick did; outcome `nothing_fitted` when no call fitted the budget. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        budgetMs: number;
                        callsDeferred: number;
                        elapsedMs: number;
                        jobs: {
                            jobId: string;
                            status: ("queued" | "running" | "awaiting_approval" | "succeeded" | "failed" | "canceled") | null;
                            stepsRun: number;
                        }[];
                        jobsAdvanced: number;
                        jobsFinished: number;
                        modelCallMs: number;
                        /** @enum {string} */
                        outcome: "worked" | "idle" | "nothing_fitted";
                        stepsRun: number;
                        timeLeftMs: number;
                        workerId: string;
                    };
                };
            };
            /** @description A bad budgetMs. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong cron secret. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The tick route is off (no COURSEFORGE_CRON_SECRET). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    runWorkerTick: {
        parameters: {
            query?: {
                budgetMs?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What the tick did; outcome `nothing_fitted` when no call fitted the budget. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        budgetMs: number;
                        callsDeferred: number;
                        elapsedMs: number;
                        jobs: {
                            jobId: string;
                            status: ("queued" | "running" | "awaiting_approval" | "succeeded" | "failed" | "canceled") | null;
                            stepsRun: number;
                        }[];
                        jobsAdvanced: number;
                        jobsFinished: number;
                        modelCallMs: number;
                        /** @enum {string} */
                        outcome: "worked" | "idle" | "nothing_fitted";
                        stepsRun: number;
                        timeLeftMs: number;
                        workerId: string;
                    };
                };
            };
            /** @description A bad budgetMs. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong cron secret. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The tick route is off (no COURSEFORGE_CRON_SECRET). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Internal error (generic message). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
