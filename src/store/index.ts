export { insertJob, findJob, markJobRunning, markJobSucceeded, markJobEnded } from "./jobs.ts";
export type { JobRow, JobStatus } from "./jobs.ts";
export { loadCheckpoints, saveCheckpoint, saveStepFailure } from "./steps.ts";

export { appendEvent, listEvents } from "./events.ts";
export type { StoredEvent } from "./events.ts";
export { insertCourse, findCourse } from "./courses.ts";
export { createDatabaseCallRecorder, sumCallsOfJob } from "./llm-calls.ts";
export type { CallTotals } from "./llm-calls.ts";
