import type { JobLinks } from "./schemas.ts";
import type { z } from "zod";

/** Builds the paths the API returns in `links`, under the app's base path. */
export interface Links {
  job(job: { readonly id: string; readonly courseId: string | null }): z.output<typeof JobLinks>;
  course(courseId: string): { self: string; export: string };
}

/** Links under `basePath` (`""` or e.g. `/api` when mounted in Next.js). */
export function createLinks(basePath: string): Links {
  const prefix = basePath.replace(/\/+$/, "");
  return {
    job(job) {
      const self = `${prefix}/v1/jobs/${encodeURIComponent(job.id)}`;
      return {
        self,
        events: `${self}/events`,
        outline: `${self}/outline`,
        cancel: `${self}/cancel`,
        approve: `${self}/approve`,
        ...(job.courseId === null ? {} : { course: `${prefix}/v1/courses/${encodeURIComponent(job.courseId)}` }),
      };
    },
    course(courseId) {
      const self = `${prefix}/v1/courses/${encodeURIComponent(courseId)}`;
      return { self, export: `${self}/export` };
    },
  };
}
