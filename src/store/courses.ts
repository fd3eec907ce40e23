import type { Queryable } from "../db/port.ts";
import type { Course } from "../course/index.ts";

/** Stores a complete, validated course document. */
export async function insertCourse(database: Queryable, course: Course, signal?: AbortSignal): Promise<void> {
  await database.query(
    `INSERT INTO courses (id, title, topic, language, format_version, document) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [course.id, course.title, course.topic, course.language, course.formatVersion, JSON.stringify(course)],
    { signal },
  );
}

/** Reads one course document, or `undefined`. */
export async function findCourse(database: Queryable, id: string, signal?: AbortSignal): Promise<Course | undefined> {
  const [record] = await database.query<{ document: Course }>(`SELECT document FROM courses WHERE id = $1`, [id], { signal });
  return record?.document;
}
