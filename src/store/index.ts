export {
  insertJob,
  insertServiceJob,
  insertGuardedServiceJob,
  findJob,
  findJobOfUser,
  listJobsOfUser,
  findJobByIdempotencyKey,
  markJobRunning,
  markJobEnded,
  setJobStepsTotal,
  requestJobCancel,
  approveJobOutline,
  countQueuedJobs,
} from "./jobs.ts";
export type { GuardedJobInsert, InsertGuard, JobRow, JobStatus, NewServiceJob } from "./jobs.ts";
export { jobStatuses } from "./jobs.ts";
export {
  claimJobs,
  heartbeatJobs,
  releaseJob,
  requeueStaleJobs,
  takeIdleQueuedJobs,
  pauseJobForReview,
  endHeldJob,
  completeHeldJob,
} from "./job-leases.ts";
export {
  loadCheckpoints,
  saveFinishedStep,
  saveStepFailure,
  loadStepOutput,
  replaceOutlineCheckpoint,
  sumSavingsOfJob,
} from "./steps.ts";
export type { FinishedStep, JobSavings } from "./steps.ts";

export { appendEvent, appendEvents, createEventAppender, listEvents } from "./job-events.ts";
export { createBatcher } from "./batcher.ts";
export {
  createJobEventFeed,
  defaultSweepIntervalMs,
  jobEventsChannel,
  type JobEventFeed,
  type JobEventFeedOptions,
} from "./job-event-feed.ts";
export type { StoredEvent } from "./job-events.ts";
export { storeSucceededCourse, listCoursesOfUser, findCourseOfUser } from "./courses.ts";
export type { CourseSummaryRow, CourseReader, CourseKey } from "./courses.ts";
export type { PageKey } from "./keyset-page.ts";
export { createDatabaseCallRecorder, recentCallLatencies, sumCallsOfJob } from "./llm-calls.ts";
export type { CallLatencySample, CallTotals } from "./llm-calls.ts";
export {
  listRevisions,
  findRevision,
  storeRevision,
  completeHeldRevisionJob,
  findActiveRevisionJob,
} from "./revisions.ts";
export type { RevisionRow, RevisionOrigin, NewRevision } from "./revisions.ts";
export { createDatabaseAnswerCache, purgeAnswerCache, readAnswerCacheStats } from "./answer-cache.ts";
export type { AnswerCacheSettings, AnswerCacheStats } from "./answer-cache.ts";
export { listCourseMatchCandidates, outlineCostOfCourse, storeCourseEmbedding } from "./course-embeddings.ts";
export type { CourseMatchCandidate, CourseRequestEmbedding } from "./course-embeddings.ts";
export { createCompletionSizes, readCompletionSizes } from "./completion-sizes.ts";
export type { CompletionSizeQuery } from "./completion-sizes.ts";
export { resumeBudgetStoppedJob } from "./jobs.ts";
