export { runGenerationJob, newId, CourseAssemblyError } from "./run-job.ts";
export type { JobRunOptions, JobResult } from "./run-job.ts";
