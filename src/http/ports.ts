// The jobs service the API drives is src/jobs' own: one definition, no copy to drift.
export type { CourseJobs, JobView, SubmitInput } from "../jobs/index.ts";
