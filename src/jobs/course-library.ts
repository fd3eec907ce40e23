import type { Course } from "../course/index.ts";
import type { Queryable } from "../db/port.ts";
import { findCourseOfUser, listCoursesOfUser, type CourseSummaryRow, type PageKey } from "../store/index.ts";
import { visibleOwner, type Caller } from "../users/index.ts";

/**
 * The finished courses as the API and the CLI read them. A course is visible to its owner and to
 * admins; one the caller may not see is `undefined`, never "forbidden", so that nobody learns
 * another user's course exists.
 */
export interface CourseLibrary {
  /**
   * A page of courses, newest first: the caller's own, or everyone's for an admin (unless they
   * ask for `everyone: false`; ignored for other roles); pass `next` back as `after` for the next page.
   */
  list(
    caller: Caller,
    options: { readonly everyone: boolean; readonly limit: number; readonly after?: PageKey | undefined },
    signal?: AbortSignal,
  ): Promise<{ courses: CourseSummaryRow[]; next: PageKey | undefined }>;
  /** A course document with its summary, when the caller may see it. */
  get(
    caller: Caller,
    courseId: string,
    signal?: AbortSignal,
  ): Promise<{ summary: CourseSummaryRow; course: Course } | undefined>;
}

/** Builds the course library on the database the jobs store their courses in. */
export function createCourseLibrary(options: { readonly database: Queryable }): CourseLibrary {
  const { database } = options;
  return {
    list: (caller, page, signal) =>
      listCoursesOfUser(
        database,
        { userId: visibleOwner(caller, { everyone: page.everyone }), limit: page.limit, after: page.after },
        signal,
      ),
    get: (caller, courseId, signal) => findCourseOfUser(database, courseId, { userId: visibleOwner(caller) }, signal),
  };
}
