export {
  insertJob,
  insertServiceJob,
  findJob,
  findJobOfUser,
  findJobByIdempotencyKey,
  markJobRunning,
  markJobSucceeded,
  markJobEnded,
  setJobStepsTotal,
  requestJobCancel,
  approveJobOutline,
} from "./jobs.ts";
export type { JobRow, JobStatus, NewServiceJob } from "./jobs.ts";
export {
  claimJob,
  heartbeatJobs,
  releaseJob,
  requeueStaleJobs,
  takeIdleQueuedJobs,
  pauseJobForReview,
  endHeldJob,
  completeHeldJob,
} from "./job-leases.ts";
export { loadCheckpoints, saveCheckpoint, saveStepFailure, loadStepOutput, replaceOutlineCheckpoint } from "./steps.ts";

export { appendEvent, listEvents } from "./events.ts";
export type { StoredEvent } from "./events.ts";
export { insertCourse, findCourse, listCoursesOfUser, findCourseOfUser } from "./courses.ts";
export type { CourseSummaryRow, CourseReader, CourseKey } from "./courses.ts";
export { createDatabaseCallRecorder, sumCallsOfJob } from "./llm-calls.ts";
export type { CallTotals } from "./llm-calls.ts";
