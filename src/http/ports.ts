// The services the API drives are their own folders': one definition each, no copy to drift. The
// routes reach data only through these (and never the database), so every rule of who may see
// what lives in the service, not in a route.
export type { CostSavings, CourseJobs, CourseLibrary, CourseRevisions, JobView, SubmitInput } from "../jobs/index.ts";
export type { Accounts } from "../users/index.ts";
export type { Metrics, Monitoring } from "../observability/index.ts";
export type { CourseLimits } from "../limits/index.ts";
export type { ReadinessCheck } from "../db/index.ts";
export type { JobEventFeed } from "../store/index.ts";
export type { Webhooks } from "../webhooks/index.ts";
