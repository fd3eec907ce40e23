import { z } from "zod";
import { CourseRequest, RevisionTarget, type Course } from "../course/index.ts";

/** What a revision job is asked to do, stored in the job's `revision` column. */
export const RevisionOrder = z.object({
  courseId: z.string(),
  target: RevisionTarget,
  instruction: z.string(),
  /** The revision the new one is made from (the course's current one when it was asked for). */
  basedOn: z.int().min(1),
});
/** What a revision job is asked to do. */
export type RevisionOrder = z.output<typeof RevisionOrder>;

export { maxInstructionLength } from "../course/index.ts";

/**
 * The course request a revision job runs under: the request of the job that made the course (its
 * material, its model), or one read off the course itself when that job is gone.
 */
export function requestOfCourse(course: Course, originalRequest: unknown): CourseRequest {
  const original = CourseRequest.safeParse(originalRequest);
  if (original.success) return original.data;
  return CourseRequest.parse({
    topic: course.topic.length >= 3 ? course.topic : `${course.topic} course`,
    audience: course.audience,
    level: course.level,
    language: course.language,
    modules: course.modules.length,
    lessonsPerModule: Math.max(...course.modules.map((module) => module.lessons.length)),
  });
}
