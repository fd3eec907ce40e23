// Course generation jobs: the service (submit, cancel, outline review), the library of the courses
// they made, the durable queue (pg-boss), workers that resume jobs from their checkpoints, and the
// in-process runner.
export { runGenerationJob, CourseAssemblyError } from "./run-job.ts";
export { newId } from "./ids.ts";
export type { IdPrefix } from "./ids.ts";
export type { JobRunOptions, JobResult } from "./run-job.ts";
export { createCourseJobs, rolePriority, canonicalJson } from "./course-jobs.ts";
export type { CourseJobs, SubmitInput } from "./course-jobs.ts";
export { createCourseLibrary } from "./course-library.ts";
export type { CourseLibrary } from "./course-library.ts";
export type { JobView } from "./view.ts";
export type { EnqueueOptions, JobQueue } from "./queue.ts";
export { courseQueueName, knowledgeQueueName } from "./queue.ts";
export { startIngestionWorker, type IngestionWorkerOptions } from "./knowledge-ingestion.ts";
export { openPgBossQueue, QueueUnavailableError } from "./pg-boss-queue.ts";
export type { PgBossQueueOptions } from "./pg-boss-queue.ts";
export { startWorker } from "./worker.ts";
export type { RunningWorker, WorkerOptions } from "./worker.ts";
export { sweepJobs } from "./sweeper.ts";
export type { SweepResult } from "./sweeper.ts";
export type { JobEvent, JobLifecycleEvent } from "./lifecycle-events.ts";
export { normalizeEditedOutline, renumberOutline } from "./outline-edit.ts";
export type { EditedOutline } from "./outline-edit.ts";
export {
  IdempotencyKeyReusedError,
  JobAlreadyFinishedError,
  JobNotAwaitingApprovalError,
  JobNotResumableError,
  OutlineInvalidError,
  OutlineNotReadyError,
} from "./errors.ts";
export { runTick, tickBudgetRange, validateBudget } from "./tick.ts";
export type { TickJob, TickOptions, TickSummary } from "./tick.ts";
export type { TakenMessage } from "./queue.ts";
export { createCourseRevisions, parseInstruction, parseTarget } from "./course-revisions.ts";
export type { CourseRevisions, RevisionRequest, RevisionSubmitted, RevisionDiff } from "./course-revisions.ts";
export { RevisionOrder, maxInstructionLength, requestOfCourse } from "./revision-order.ts";
export { produceRevision } from "./run-revision-job.ts";
export type { RevisionAssessor, ProducedRevision } from "./run-revision-job.ts";
export { RevisionInProgressError, RevisionNotFoundError, RevisionIsCurrentError } from "./errors.ts";
export { runClaimedJob } from "./run-claimed-job.ts";
export type { JobControl, ClaimedJobOptions, StopReason } from "./run-claimed-job.ts";
export { createCourseSimilarity, outlineOfCourse } from "./course-similarity.ts";
export type { CourseSimilarity, SimilarCourse } from "./course-similarity.ts";
export { createCostSavings } from "./cost-savings.ts";
export type { CostSavings } from "./cost-savings.ts";
export { startJobSpending } from "./job-spending.ts";
export type { BudgetEnforcement, JobSpending } from "./job-spending.ts";
