import { randomUUID } from "node:crypto";

/** The kinds of id Courseforge makes for what a job produces: `job_…` and `crs_…`. */
export type IdPrefix = "job" | "crs";

/** Makes a new id with a readable prefix (`job_…`, `crs_…`): 20 random hex digits after it. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 20)}`;
}
